import Foundation
import NIOCore

/// Just enough of the Kubernetes API for kubectl's get, delete and exec to
/// reach the wire: discovery, one pod, and a secret holding a planted value.
enum FakeKubernetes {
  static let plantedToken = "planted-token-7f3a9c2e"
  static let plantedSecret = "planted-secret-hunter2-zx81"

  static func route(_ request: SeenRequest) -> FakeAnswer {
    let path = String(request.uri.split(separator: "?", maxSplits: 1).first ?? "")
    guard request.method == "GET" else {
      // A real server would act; the fake accepts so a leak would show as success.
      return .json(200, pod)
    }
    switch path {
    case "/version":
      return .json(
        200, #"{"major":"1","minor":"30","gitVersion":"v1.30.0","platform":"linux/amd64"}"#)
    case "/api":
      return .json(
        200,
        #"{"kind":"APIVersions","versions":["v1"],"serverAddressByClientCIDRs":"#
          + #"[{"clientCIDR":"0.0.0.0/0","serverAddress":"127.0.0.1:443"}]}"#)
    case "/apis":
      return .json(200, #"{"kind":"APIGroupList","apiVersion":"v1","groups":[]}"#)
    case "/api/v1":
      return .json(200, resources)
    case "/api/v1/namespaces/default/pods" where request.uri.contains("watch=true"):
      return .chunks(
        [
          #"{"type":"MODIFIED","object":"# + pod.replacingOccurrences(of: "Running", with: "Failed")
            + "}\n"
        ],
        every: .milliseconds(1), ends: true, contentType: "application/json")
    case "/api/v1/namespaces/default/pods":
      return .json(
        200,
        #"{"apiVersion":"v1","kind":"PodList","metadata":{"resourceVersion":"7"},"items":["#
          + pod + "]}")
    case "/api/v1/namespaces/default/pods/web-1":
      return .json(200, pod)
    case "/api/v1/namespaces/default/pods/web-1/log":
      return .chunks(
        ["started\n", "java.lang.OutOfMemoryError: Java heap space\n"], every: .milliseconds(1),
        ends: true, contentType: "text/plain")
    case "/api/v1/namespaces/default/secrets":
      return .json(200, secrets)
    default:
      return .json(
        404,
        #"{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"NotFound","code":404,"#
          + #""message":"not found"}"#)
    }
  }

  private static let verbs = #"["create","delete","get","list","patch","update","watch"]"#

  private static let resources = """
    {"kind":"APIResourceList","apiVersion":"v1","groupVersion":"v1","resources":[
    {"name":"pods","singularName":"pod","namespaced":true,"kind":"Pod","verbs":\(verbs),"shortNames":["po"]},
    {"name":"pods/exec","singularName":"","namespaced":true,"kind":"PodExecOptions","verbs":["create","get"]},
    {"name":"pods/log","singularName":"","namespaced":true,"kind":"Pod","verbs":["get"]},
    {"name":"secrets","singularName":"secret","namespaced":true,"kind":"Secret","verbs":\(verbs)},
    {"name":"namespaces","singularName":"namespace","namespaced":false,"kind":"Namespace","verbs":["get","list"]}
    ]}
    """

  private static let pod = """
    {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web-1","namespace":"default","uid":"0b5c",\
    "resourceVersion":"7","creationTimestamp":"2026-01-01T00:00:00Z","labels":{"app":"web"}},\
    "spec":{"containers":[{"name":"app","image":"nginx:1.27"}]},"status":{"phase":"Running"}}
    """

  private static let secrets = """
    {"apiVersion":"v1","kind":"SecretList","metadata":{"resourceVersion":"7"},"items":[
    {"apiVersion":"v1","kind":"Secret","metadata":{"name":"db","namespace":"default",\
    "annotations":{"note":"\(plantedSecret)"}},"data":{"password":"\(Data(plantedSecret.utf8).base64EncodedString())"}}]}
    """
}
