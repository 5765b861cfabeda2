import Foundation
import Sandbox
import Testing

@testable import Toolsmith

/// `kubectl_get_resources`: one read-only function for the other kinds a diagnosis
/// needs, from a fixed allow-list that never includes secrets.
@Suite("The kubectl tool reads other kinds from a fixed allow-list, never secrets")
struct KubectlResourcesTests {
  /// Spellings that must never reach kubectl: secrets in every case, lists, paths, flags.
  static let hostileKinds = [
    "secrets", "secret", "Secret", "SECRETS", "secrets.v1.", "deployments,secrets",
    "../secrets", "pods/../secrets", "secret/db-password", "/api/v1/secrets", "-A",
    "--raw=/api/v1/secrets", "deployments ", "deployments\nsecrets", "",
  ]

  static var function: ToolFunction? {
    KubectlCapability.entry.functions.first { $0.name == KubectlCapability.getResources }
  }

  static func call(_ id: Int, _ kind: String) -> String {
    let arguments = String(
      decoding: (try? JSONEncoder().encode(["kind": kind])) ?? Data("{}".utf8), as: UTF8.self)
    return
      #"{"jsonrpc":"2.0","id":\#(id),"method":"tools/call","params":{"name":"kubectl_get_resources","arguments":\#(arguments)}}"#
  }

  @Test("the catalog, the schema and the allow-list agree, and none of the kinds is a secret")
  func catalogAgrees() throws {
    let function = try #require(Self.function)
    let kind = try #require(function.inputSchema.properties["kind"])
    #expect(function.inputSchema.required == ["kind"])
    #expect(kind.allowed == KubectlCapability.resourceKinds)
    #expect(
      Set(KubectlCapability.resourceKinds) == [
        "deployments", "replicasets", "statefulsets", "daemonsets", "jobs", "nodes",
        "persistentvolumeclaims", "storageclasses", "services", "configmaps", "namespaces",
      ])
    #expect(!KubectlCapability.resourceKinds.contains { $0.lowercased().contains("secret") })
    let pattern = try Regex(try #require(kind.pattern))
    for allowed in KubectlCapability.resourceKinds {
      #expect(allowed.wholeMatch(of: pattern) != nil, "\(allowed)")
    }
    for hostile in Self.hostileKinds {
      #expect(hostile.wholeMatch(of: pattern) == nil, "\(hostile) matches the kind pattern")
    }
    #expect(
      KubectlCapability.entry.template == TemplateReference(name: "kubectl", version: "1.2.0"))
    #expect(KubectlCapability.entry.sandboxProfile == "kubectl-mcp-tool")
  }

  @Test("the declared schema lists the kinds as a JSON Schema enum")
  func declaredEnum() throws {
    let function = try #require(Self.function)
    let schema = try #require(JSONValue.of(function.inputSchema))
    let declared = schema["properties"]?["kind"]?["enum"]?.array?.compactMap(\.string)
    #expect(declared == KubectlCapability.resourceKinds)
  }

  @Test(
    "the tool itself refuses every secret-like or path-like kind before kubectl runs",
    .enabled(if: Support.hasPython))
  func toolRefuses() throws {
    let rendered = try ToolRenderer.render(KubectlCapability.entry)
    let requests =
      Self.hostileKinds.enumerated().map { Self.call($0.offset + 1, $0.element) }
      + [Self.call(100, "deployments")]
    let result = try ToolDryRun(profile: Support.profile()).run(
      code: rendered.code, fileName: rendered.fileName, requests: requests)
    #expect(result.ending == .exited(code: 0), "\(result.stderr.text)")
    let byID = Support.responses(result)
    for (offset, kind) in Self.hostileKinds.enumerated() {
      #expect(byID[offset + 1]?["error"]?["code"]?.number == -32602, "\(kind) was not refused")
    }
    // An allowed kind reaches the handler: kubectl is not bound here, so a structured error.
    let allowed = Support.payload(byID[100])
    #expect(allowed?["status"]?.string == "error")
    #expect(
      allowed?["message"]?.string?.hasPrefix("refused") == false, "\(String(describing: allowed))")
  }

  @Test(
    "even a catalog edited to allow secrets cannot make the handler read them",
    .enabled(if: Support.hasPython))
  func handlerRefusesSecretsItself() throws {
    var entry = KubectlCapability.entry
    let index = try #require(
      entry.functions.firstIndex { $0.name == KubectlCapability.getResources })
    entry.functions[index].inputSchema.properties["kind"] = .oneOf(
      "edited", KubectlCapability.resourceKinds + ["secrets", "Secret", "secret"])
    let rendered = try ToolRenderer.render(entry)
    let result = try ToolDryRun(profile: Support.profile()).run(
      code: rendered.code, fileName: rendered.fileName,
      requests: [Self.call(1, "secrets"), Self.call(2, "Secret"), Self.call(3, "secret")])
    let byID = Support.responses(result)
    for id in 1...3 {
      let payload = Support.payload(byID[id])
      #expect(payload?["status"]?.string == "error")
      #expect(
        payload?["message"]?.string?.hasPrefix("refused:") == true, "\(String(describing: payload))"
      )
    }
  }
}
