import Foundation
import Testing

@testable import Diagnosis

@Suite("Log pattern library")
struct LogPatternTests {
  func log(_ text: String, previous: Bool = true) -> ClusterData.Log {
    ClusterData.Log(
      namespace: "ns", pod: "pod", container: "app", previous: previous, text: text,
      source: "logs/ns/pod/app\(previous ? ".previous" : "").log")
  }

  @Test(
    "each pattern recognizes its own example, and no other pattern claims it first",
    arguments: LogPatternLibrary.patterns.map(\.id))
  func example(id: String) throws {
    let pattern = try #require(LogPatternLibrary.patterns.first { $0.id == id })
    // The missing-variable pattern needs the line that reads os.environ before it.
    let text =
      pattern.requiresBefore.map { "    value = os.\($0)[\"X\"]\n" + pattern.example }
      ?? pattern.example
    let matches = LogAnalyzer.scan(log(text))
    #expect(matches.first?.pattern.id == id, "\(id) example matched \(matches.map(\.pattern.id))")
  }

  @Test("ids are unique")
  func uniqueIDs() {
    let ids = LogPatternLibrary.patterns.map(\.id)
    #expect(Set(ids).count == ids.count)
  }

  @Test("a Python KeyError is a missing variable only when it comes from os.environ")
  func keyErrorNeedsEnviron() {
    let plain = LogAnalyzer.scan(
      log("Traceback (most recent call last):\n  File \"x.py\", line 1\n    d['a']\nKeyError: 'a'"))
    #expect(!plain.contains { $0.pattern.id == "python-missing-environment-variable" })
    #expect(plain.first?.detail == "KeyError: 'a'")
  }

  @Test("the traceback's final exception line is its detail")
  func tracebackDetail() throws {
    let text = """
      ERROR:    Traceback (most recent call last):
        File "/app/orders/config.py", line 48, in from_env
          payment_url=os.environ["PAYMENT_GATEWAY_URL"],
      KeyError: 'PAYMENT_GATEWAY_URL'
      """
    let matches = LogAnalyzer.scan(log(text))
    let traceback = try #require(matches.first { $0.pattern.id == "python-traceback" })
    #expect(traceback.detail == "KeyError: 'PAYMENT_GATEWAY_URL'")
    let missing = try #require(
      matches.first { $0.pattern.id == "python-missing-environment-variable" })
    #expect(missing.detail == "PAYMENT_GATEWAY_URL")
    #expect(missing.lineNumber == 4)
    #expect(missing.excerpt.first?.contains("os.environ") == true)
  }

  @Test("a Java heap error is not mistaken for Python's MemoryError")
  func javaIsNotPython() {
    let matches = LogAnalyzer.scan(log("java.lang.OutOfMemoryError: Java heap space"))
    #expect(matches.map(\.pattern.id) == ["jvm-heap-space"])
  }

  @Test("evidence quotes the line with its context, source and line number")
  func evidence() throws {
    let text =
      "starting\nWARN cache at 98%\nERROR task failed\n\njava.lang.OutOfMemoryError: Java heap space\n\tat Foo.bar(Foo.java:1)\n\tat Foo.baz(Foo.java:2)"
    let match = try #require(LogAnalyzer.scan(log(text)).first)
    #expect(match.lineNumber == 5)
    #expect(
      match.excerpt == [
        "WARN cache at 98%", "ERROR task failed", "java.lang.OutOfMemoryError: Java heap space",
        "\tat Foo.bar(Foo.java:1)",
      ])
    #expect(match.evidence.source == "logs/ns/pod/app.previous.log line 5")
  }

  @Test("DNS failures name the host; refused connections name the upstream")
  func details() {
    #expect(
      LogAnalyzer.scan(log("nc: bad address 'db.data.svc.cluster.local'")).first?.detail
        == "db.data.svc.cluster.local")
    #expect(
      LogAnalyzer.scan(log("dial tcp: lookup api.example.com on 10.0.0.10:53: no such host")).first?
        .detail == "api.example.com")
    let nginx =
      "connect() failed (111: Connection refused) while connecting to upstream, upstream: \"http://10.0.0.9:8081/ready\""
    #expect(LogAnalyzer.scan(log(nginx)).first?.detail == "http://10.0.0.9:8081/ready")
  }

  @Test("a Go panic's detail is its message")
  func goPanic() {
    let match = LogAnalyzer.scan(
      log("panic: assignment to entry in nil map\n\ngoroutine 1 [running]:\nmain.main()")
    ).first
    #expect(match?.pattern.id == "go-panic")
    #expect(match?.detail == "assignment to entry in nil map")
    #expect(match?.excerpt.count == 3)
  }

  @Test("previous logs explain a crash before current ones")
  func previousFirst() throws {
    var data = ClusterData(source: "test")
    data.addLog(log("connection refused", previous: false))
    data.addLog(log("fatal error: runtime: out of memory", previous: true))
    try data.addObjects(
      json: PodFixture.list([PodFixture.pod("pod", namespace: "ns", specContainers: ["app"])]),
      source: "pods.json")
    let index = ClusterIndex(data, namespace: nil)
    let matches = LogAnalyzer.matches(
      pod: try #require(index.pods.first), container: "app", index: index)
    #expect(matches.first?.pattern.id == "go-out-of-memory")
    #expect(matches.first?.log.previous == true)
  }
}
