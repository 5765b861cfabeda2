import Foundation
import Testing

@testable import Kube

@Suite("The replay API answers like a Kubernetes API server")
struct ReplayAPITests {
  private let cluster = ReplayCluster(
    snapshot: try! CaptureDirectory.load(Scenarios.directory("reference-oom-crashloop")))

  private func get(_ target: String, accept: String = "application/json") -> (Int, JSONValue) {
    let response = cluster.respond(to: ReplayRequest(method: "GET", target: target, accept: accept))
    return (response.status, (try? JSONValue.parse(json: response.body)) ?? .null)
  }

  @Test("/version reports v1.32.4 so kubectl's dispatcher keeps its own client")
  func version() {
    let (status, body) = get("/version")
    #expect(status == 200)
    #expect(body.string(at: "gitVersion") == "v1.32.4" && body.string(at: "minor") == "32")
  }

  @Test("discovery lists groups and resources with verbs, kinds and short names")
  func discovery() {
    let (_, groups) = get("/apis")
    let names = groups["groups"]?.arrayValue.compactMap { $0.string(at: "name") } ?? []
    #expect(names.contains("apps") && names.contains("events.k8s.io") && names.contains("batch"))
    let (_, core) = get("/api/v1")
    let pods = core["resources"]?.arrayValue.first { $0.string(at: "name") == "pods" }
    #expect(pods?.string(at: "kind") == "Pod")
    #expect(pods?["shortNames"] == ["po"])
    #expect(pods?["namespaced"] == .bool(true))
    #expect(core["resources"]?.arrayValue.contains { $0.string(at: "name") == "pods/log" } == true)
    let (_, apps) = get("/apis/apps/v1")
    #expect(apps.string(at: "groupVersion") == "apps/v1")
  }

  @Test("limit pages the list and continue resumes it, as kubectl's chunked reads expect")
  func paging() {
    let (_, first) = get("/api/v1/namespaces/production/pods?limit=2")
    #expect(first["items"]?.arrayValue.count == 2)
    let token = first.string(at: "metadata.continue")
    #expect(token != nil)
    #expect(first.integer(at: "metadata.remainingItemCount") == 1)
    let (_, rest) = get("/api/v1/namespaces/production/pods?limit=2&continue=\(token ?? "")")
    #expect(rest["items"]?.arrayValue.count == 1)
    #expect(rest.string(at: "metadata.continue") == nil, "the last page has no token")
    let names = (first["items"]!.arrayValue + rest["items"]!.arrayValue).compactMap {
      $0.string(at: "metadata.name")
    }
    #expect(Set(names).count == 3)
    let (status, _) = get("/api/v1/namespaces/production/pods?limit=2&continue=forged")
    #expect(status == 400)
  }

  @Test("an unknown path is a 404 Status, every write a 405 Status")
  func statuses() {
    let (status, body) = get("/apis/nothing/v1/things")
    #expect(status == 404)
    #expect(body.string(at: "kind") == "Status" && body.string(at: "reason") == "NotFound")
    for method in ["POST", "PUT", "PATCH", "DELETE"] {
      let response = cluster.respond(
        to: ReplayRequest(method: method, path: "/api/v1/namespaces/production/pods"))
      let status = try? JSONValue.parse(json: response.body)
      #expect(response.status == 405)
      #expect(status?.string(at: "reason") == "MethodNotAllowed")
      #expect(status?.string(at: "message")?.contains("read-only") == true)
    }
  }

  @Test("Tables carry every column with wide ones at priority 1")
  func tables() {
    let (_, table) = get(
      "/api/v1/namespaces/production/pods",
      accept: "application/json;as=Table;v=v1;g=meta.k8s.io,application/json")
    #expect(table.string(at: "kind") == "Table")
    let columns = table["columnDefinitions"]?.arrayValue ?? []
    #expect(
      columns.compactMap { $0.string(at: "name") }.prefix(5) == [
        "Name", "Ready", "Status", "Restarts", "Age",
      ])
    #expect(columns.first { $0.string(at: "name") == "Node" }?.integer(at: "priority") == 1)
    let cells = table["rows"]?.arrayValue.first?["cells"]?.arrayValue ?? []
    #expect(cells.count == columns.count)
    #expect(cells[2] == "CrashLoopBackOff")
  }

  @Test("logs honour tailLines and limitBytes, and name the containers when ambiguous")
  func logs() {
    let base = "/api/v1/namespaces/production/pods/payment-service-7d9f8b6c5-x2k4p/log"
    let tail = cluster.respond(
      to: ReplayRequest(
        method: "GET", target: base + "?container=payment-service&tailLines=2", accept: ""))
    #expect(String(decoding: tail.body, as: UTF8.self).split(separator: "\n").count == 2)
    let limited = cluster.respond(
      to: ReplayRequest(
        method: "GET", target: base + "?container=payment-service&limitBytes=5", accept: ""))
    #expect(limited.body.count == 5)
    let (status, body) = get(base)
    #expect(status == 400)
    #expect(
      body.string(at: "message")?.contains("choose one of: [db-migrate payment-service]") == true)
  }

  @Test("a watch without a resourceVersion streams ADDED events and ends")
  func watch() {
    let response = cluster.respond(
      to: ReplayRequest(
        method: "GET", target: "/api/v1/namespaces/production/pods?watch=true", accept: ""))
    let lines = String(decoding: response.body, as: UTF8.self).split(separator: "\n")
    #expect(lines.count == 3)
    #expect(lines.allSatisfy { $0.contains("\"type\":\"ADDED\"") })
  }
}

@Suite("Selectors parse and match as the API server's do")
struct ReplaySelectorTests {
  private let labels = ["app": "web", "tier": "frontend"]

  @Test(
    "label selector requirements",
    arguments: [
      ("app=web", true), ("app==web", true), ("app!=web", false), ("app in (api, web)", true),
      ("app notin (web)", false), ("tier", true), ("!tier", false), ("!missing", true),
      ("app=web,tier=backend", false), ("missing!=x", true), ("", true),
    ])
  func labelSelector(text: String, matches: Bool) throws {
    #expect(try LabelSelector(parsing: text).matches(labels) == matches)
  }

  @Test("malformed label selectors are refused")
  func malformedLabelSelector() {
    #expect(throws: LabelSelector.ParseError.self) { try LabelSelector(parsing: "app in (a") }
    #expect(throws: LabelSelector.ParseError.self) { try LabelSelector(parsing: "app ~ x") }
  }

  @Test("field selectors compare fields, treat missing ones as empty, and unescape values")
  func fieldSelector() throws {
    let pod: JSONValue = [
      "kind": "Pod", "metadata": ["name": "a,b", "namespace": "ns"],
      "status": ["phase": "Running"], "spec": ["hostNetwork": true],
    ]
    #expect(try FieldSelector(parsing: "status.phase=Running").matches(pod))
    #expect(try FieldSelector(parsing: "status.phase!=Running").matches(pod) == false)
    #expect(try FieldSelector(parsing: "spec.nodeName=").matches(pod))
    #expect(try FieldSelector(parsing: "metadata.name=a\\,b").matches(pod))
    #expect(try FieldSelector(parsing: "spec.hostNetwork=true").matches(pod))
    #expect(throws: FieldSelector.ParseError.self) {
      try FieldSelector(parsing: "spec.image=x").validate(for: "Pod")
    }
  }

  @Test("event field selectors work on both event APIs")
  func eventFieldSelector() throws {
    let core: JSONValue = [
      "apiVersion": "v1", "kind": "Event", "involvedObject": ["kind": "Pod", "name": "p"],
      "source": ["component": "kubelet"],
    ]
    let modern = EventConversion.toEvents(core)
    for event in [core, modern] {
      #expect(try FieldSelector(parsing: "involvedObject.name=p,source=kubelet").matches(event))
      #expect(try FieldSelector(parsing: "regarding.kind=Pod").matches(event))
    }
  }
}
