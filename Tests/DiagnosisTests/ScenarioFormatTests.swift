import Diagnosis
import Foundation
import Testing

/// The acceptance of issue 7: every scenario's root cause comes out right in all
/// three formats a person or a program reads, not only in the model.
@Suite("Every scenario's root cause in text, markdown and JSON")
struct ScenarioFormatTests {
  /// Scenario, the first finding's kind, and words the root cause must name.
  static let expected: [(String, String, [String])] = [
    ("reference-oom-crashloop", "oom-killed", ["OOMKilled", "Java heap space", "512Mi", "-Xmx2g"]),
    ("image-not-found", "image-not-found", ["v3.2.0-rc1"]),
    ("image-pull-unauthorized", "image-pull-unauthorized", ["acme-registry"]),
    ("missing-secret", "missing-secret", ["invoice-db-credentials"]),
    ("missing-configmap", "missing-configmap", ["storefront-env"]),
    ("bad-command", "command-not-found", ["celery-worker"]),
    ("app-error", "missing-environment-variable", ["PAYMENT_GATEWAY_URL"]),
    ("liveness-probe-failing", "liveness-probe-failing", ["/healthz", "500"]),
    ("readiness-probe-failing", "readiness-probe-failing", ["/ready", "503"]),
    ("init-container-failing", "init-container-failing", ["wait-for-db"]),
    ("pending-insufficient-cpu", "insufficient-resources", ["cpu"]),
    ("pending-node-selector-taint", "unschedulable", ["g5.xlarge"]),
    ("unbound-pvc", "unbound-volume-claim", ["fast-ssd"]),
    ("evicted", "evicted", ["memory"]),
  ]

  @Test("the root cause, its kind and its key facts", arguments: expected)
  func rootCause(scenario: String, kind: String, facts: [String]) throws {
    let report = try ScenarioLoader.diagnose(scenario)
    let text = ReportRenderer.render(report, format: .text, color: false)
    let markdown = ReportRenderer.render(report, format: .markdown, color: false)
    let decoded = try JSONReportRenderer.decode(JSONReportRenderer.render(report))

    let first = try #require(decoded.findings.first, "\(scenario): no finding in the JSON")
    #expect(first.kind == kind, "\(scenario)")
    #expect(!decoded.healthy)
    for output in [text, markdown] {
      #expect(output.contains(first.title) || output.contains(String(first.title.prefix(40))))
      for fact in facts {
        #expect(output.contains(fact), "\(scenario): \(fact) missing from the rendering")
      }
    }
    for fact in facts {
      #expect(
        (first.rootCause + first.evidence.map(\.fact).joined()).contains(fact)
          || first.evidence.flatMap(\.excerpt).joined().contains(fact),
        "\(scenario): \(fact) missing from the JSON root cause and evidence")
    }
  }

  @Test("a healthy cluster reads as healthy in every format")
  func healthy() throws {
    let report = try ScenarioLoader.diagnose("healthy")
    #expect(report.healthy)
    #expect(ReportRenderer.render(report, format: .text, color: false).contains("HEALTHY"))
    #expect(try JSONReportRenderer.decode(JSONReportRenderer.render(report)).healthy)
    #expect(
      ReportRenderer.render(report, format: .markdown, color: false).lowercased().contains(
        "healthy"))
  }
}
