import Diagnosis
import Foundation
import Testing

@Suite("Markdown report")
struct RenderingMarkdownTests {
  let reference = MarkdownReportRenderer.render(RenderingFixtures.referenceScenario)

  private func lines(_ text: String) -> [String] {
    text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
  }

  /// The cells of a table row, split on the pipes that are not escaped.
  private func cells(_ row: String) -> [String] {
    var cells: [String] = []
    var current = ""
    var escaped = false
    for character in row {
      if character == "|" && !escaped {
        cells.append(current)
        current = ""
      } else {
        current.append(character)
      }
      escaped = character == "\\" && !escaped
    }
    cells.append(current)
    return cells.dropFirst().dropLast().map { $0.trimmingCharacters(in: .whitespaces) }
  }

  @Test("the sections are headings in the text report's order")
  func sectionsInOrder() throws {
    let all = lines(reference)
    let positions = try [
      "# Kubernetes diagnosis: namespace production", "## Pod status analysis",
      "## Error analysis", "## Root cause", "## Recommendations",
    ].map { heading in try #require(all.firstIndex(of: heading), "\(heading) missing") }
    #expect(positions == positions.sorted())
    #expect(reference.contains("**Verdict:** ❌ unhealthy (1 critical, 1 warning findings)"))
    #expect(
      all.contains(
        "### 1. CRITICAL: payment-service: 3 pods in CrashLoopBackOff, killed for using too much memory"
      ))
    #expect(
      all.contains { $0.hasPrefix("### 1. payment-service") && $0.hasSuffix("(confidence: high)") })
  }

  @Test("the pod table is a GitHub table with one row per pod, unhealthy status in bold")
  func podTable() throws {
    let all = lines(reference)
    let header = try #require(all.firstIndex { $0.hasPrefix("| Name |") })
    #expect(
      cells(all[header]) == ["Name", "Status", "Ready", "Restarts", "Last termination", "Node"])
    #expect(all[header + 1] == "| --- | --- | --- | ---: | --- | --- |")
    #expect(
      cells(all[header + 2]) == [
        "payment-service-7d9f8b6c5-x2k4p", "**CrashLoopBackOff**", "0/1", "15",
        "OOMKilled (exit 137)", "ip-10-0-1-23.ec2.internal",
      ])
  }

  @Test("a pipe or newline in a cell is escaped so the table keeps its columns")
  func tableEscaping() throws {
    var report = RenderingFixtures.referenceScenario
    report.pods[0].status = "Init:Error|Crash"
    report.pods[0].lastTermination = "Error (exit 1)\nsecond | line"
    report.pods[0].node = #"node\|x"#
    let all = lines(MarkdownReportRenderer.render(report))
    let row = try #require(all.first { $0.hasPrefix("| payment-service-7d9f8b6c5-x2k4p") })
    #expect(row.contains(#"Init:Error\|Crash"#))
    #expect(
      cells(row) == [
        "payment-service-7d9f8b6c5-x2k4p", #"**Init:Error\|Crash**"#, "0/1", "15",
        #"Error (exit 1) second \| line"#, #"node\\\|x"#,
      ])
  }

  @Test("YAML patches are in yaml fences, commands in sh fences, excerpts in plain fences")
  func fences() {
    #expect(reference.contains("   ```yaml\n   spec:\n     template:\n"))
    #expect(
      reference.contains(
        "   ```sh\n   kubectl top pod -n production -l app=payment-service\n   \(RenderingFixtures.longCommand)\n   ```"
      ))
    #expect(
      reference.contains(
        "   ```sh\n   kubectl patch deployment payment-service -n production --type strategic --patch-file payment-service-patch.yaml\n   ```"
      ))
    #expect(reference.contains("  ```\n  \(RenderingFixtures.longLogLine)\n"))
    #expect(reference.contains("> meta-agent only reads the cluster and never runs or applies"))
  }

  @Test("a log line holding a code fence cannot close the excerpt's fence")
  func fenceCannotBeClosed() {
    var report = RenderingFixtures.referenceScenario
    report.findings[0].evidence[1].excerpt = ["```", "# not a heading", "````"]
    let text = MarkdownReportRenderer.render(report)
    #expect(text.contains("  `````\n  ```\n  # not a heading\n  ````\n  `````"))
  }

  @Test("Markdown from hostile cluster text has no escape byte and no live markup")
  func hostileText() {
    var report = RenderingTerminalSafetyTests.hostileReport
    report.findings[0].title = "<img src=x onerror=alert(1)> *bold* [link](http://x)"
    let text = MarkdownReportRenderer.render(report)
    #expect(!text.utf8.contains(0x1B))
    #expect(text.contains(#"\<img src=x onerror=alert(1)\> \*bold\* \[link\](http://x)"#))
  }

  @Test("a healthy report says so and lists its pods without the problem sections")
  func healthy() {
    let text = MarkdownReportRenderer.render(RenderingFixtures.healthy)
    #expect(text.contains("**Verdict:** ✅ healthy (no findings)"))
    #expect(text.contains("| orders-api-5c7d9-abcde | Running | 1/1 | 0 |"))
    #expect(!text.contains("## Error analysis"))
    #expect(!text.contains("## Recommendations"))
  }

  @Test("with many pods the table lists the unhealthy ones and counts the rest")
  func manyPods() {
    let text = MarkdownReportRenderer.render(RenderingFixtures.manyPods(10_000))
    #expect(lines(text).filter { $0.hasPrefix("| team-") }.count == 50)
    #expect(!text.contains("-ok"))
    #expect(text.contains("Not listed: 450 more unhealthy pods, 9,500 healthy pods"))
  }
}
