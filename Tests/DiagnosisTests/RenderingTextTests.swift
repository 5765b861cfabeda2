import Diagnosis
import Testing

@Suite("Text report")
struct RenderingTextTests {
  let reference = TextReportRenderer(color: false).render(RenderingFixtures.referenceScenario)

  private func lines(_ text: String) -> [String] {
    text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
  }

  private func index(of line: String, in text: String) -> Int? {
    lines(text).firstIndex(of: line)
  }

  @Test("the sections appear in order: header, verdict, pods, errors, root cause, recommendations")
  func sectionsInOrder() throws {
    let positions = try [
      "KUBERNETES DIAGNOSIS — namespace production", "✗ UNHEALTHY: 1 critical, 1 warning findings",
      "POD STATUS ANALYSIS", "ERROR ANALYSIS", "ROOT CAUSE", "RECOMMENDATIONS",
    ].map { heading in try #require(index(of: heading, in: reference), "\(heading) missing") }
    #expect(positions == positions.sorted())
    #expect(reference.contains("Looked at 3 pods, 33 events, 9 container logs from capture"))
  }

  @Test("with colour off the output has no escape byte, in any kind of report")
  func noEscapeWithoutColor() {
    for report in [
      RenderingFixtures.referenceScenario, RenderingFixtures.healthy,
      RenderingFixtures.manyPods(200),
    ] {
      let text = TextReportRenderer(color: false).render(report)
      #expect(!text.utf8.contains(0x1B))
    }
  }

  @Test("with colour on, critical is red, warning yellow, sources dim and headings bold")
  func colorWhenAsked() {
    let text = TextReportRenderer(color: true).render(RenderingFixtures.referenceScenario)
    #expect(text.contains("\u{1B}[1;31m[CRITICAL]\u{1B}[0m"))
    #expect(text.contains("\u{1B}[33m[WARNING]\u{1B}[0m"))
    #expect(text.contains("\u{1B}[1mPOD STATUS ANALYSIS\u{1B}[0m"))
    #expect(text.contains("\u{1B}[2mfrom pod production/payment-service-7d9f8b6c5-x2k4p"))
    #expect(text.contains("\u{1B}[1;31mCrashLoopBackOff\u{1B}[0m"))
  }

  @Test("the pod table is aligned like kubectl's, with the last termination")
  func podTable() throws {
    let all = lines(reference)
    let header = try #require(all.first { $0.hasPrefix("NAME") })
    #expect(
      header.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        == "NAME STATUS READY RESTARTS LAST TERMINATION NODE")
    let row = try #require(all.first { $0.hasPrefix("payment-service-7d9f8b6c5-m8qzt") })
    #expect(
      row.split(separator: " ", omittingEmptySubsequences: true).map(String.init) == [
        "payment-service-7d9f8b6c5-m8qzt", "CrashLoopBackOff", "0/1", "16", "OOMKilled",
        "(exit", "137)", "ip-10-0-2-117.ec2.internal",
      ])
    // Every column starts where its header does.
    for column in ["STATUS", "READY", "RESTARTS", "LAST TERMINATION", "NODE"] {
      let start = try #require(header.range(of: column)).lowerBound.utf16Offset(in: header)
      let cellStart = row.index(row.startIndex, offsetBy: start)
      #expect(row[row.index(before: cellStart)] == " ")
      #expect(row[cellStart] != " ", "\(column) is not aligned")
    }
  }

  @Test("unhealthy pods are listed before healthy ones, whatever the engine's order")
  func unhealthyFirst() throws {
    var report = RenderingFixtures.referenceScenario
    report.pods = [
      RenderingFixtures.pod("orders-api-1", owner: "orders-api"),
      RenderingFixtures.crashingPods[0],
      RenderingFixtures.pod("orders-api-2", owner: "orders-api"),
      RenderingFixtures.crashingPods[1],
    ]
    let all = lines(TextReportRenderer(color: false).render(report))
    let crashing = try RenderingFixtures.crashingPods.prefix(2).map { pod in
      try #require(all.firstIndex { $0.hasPrefix(pod.name) })
    }
    let healthy = try ["orders-api-1", "orders-api-2"].map { name in
      try #require(all.firstIndex { $0.hasPrefix(name) })
    }
    #expect(crashing.max()! < healthy.min()!)
    #expect(crashing == crashing.sorted(), "the engine's order is kept within a group")
  }

  @Test("evidence shows its source and the verbatim excerpt lines, indented and quoted")
  func evidence() {
    #expect(reference.contains("   - Last state OOMKilled (exit code 137) on all 3 pods"))
    #expect(
      reference.contains(
        "     from logs production/payment-service-7d9f8b6c5-x2k4p/payment-service (previous) line 61"
      ))
    #expect(lines(reference).contains("       > " + RenderingFixtures.heapLogLine))
    #expect(
      lines(reference).contains("       > \tat java.base/java.lang.Thread.run(Thread.java:1583)"))
  }

  @Test("no line ends in a space, not even an empty excerpt line")
  func noTrailingSpaces() {
    var report = RenderingFixtures.referenceScenario
    report.findings[0].evidence[1].excerpt.insert("", at: 1)
    let all = lines(TextReportRenderer(color: false).render(report))
    #expect(all.contains("       >"))
    #expect(all.filter { $0.hasSuffix(" ") } == [])
  }

  @Test("commands, the YAML patch and log excerpts are never wrapped, even at a narrow width")
  func commandsAndPatchesUnwrapped() {
    let text = TextReportRenderer(color: false, width: 60).render(
      RenderingFixtures.referenceScenario)
    let all = lines(text)
    #expect(all.contains("   $ " + RenderingFixtures.longCommand))
    #expect(all.contains("       > " + RenderingFixtures.longLogLine))
    let patch = RenderingFixtures.memoryPatch.split(separator: "\n").map { "     " + $0 }
    let start = all.firstIndex(of: patch[0])
    #expect(start != nil)
    if let start { #expect(Array(all[start..<(start + patch.count)]) == patch) }
  }

  @Test("prose wraps at the width asked for, indented under its number")
  func proseWraps() throws {
    for width in [60, 100] {
      let all = lines(
        TextReportRenderer(color: false, width: width).render(
          RenderingFixtures.referenceScenario))
      let start = try #require(all.firstIndex(of: "ROOT CAUSE"))
      let end = try #require(all.firstIndex(of: "RECOMMENDATIONS"))
      let section = all[start..<end]
      #expect(section.allSatisfy { $0.count <= width })
      let body = section.filter { $0.hasPrefix("   ") }
      #expect(body.count >= 3, "the root cause spans several lines at \(width) columns")
      #expect(
        body.joined(separator: " ").split(separator: " ").joined(separator: " ").contains(
          "the kernel kills the container (OOMKilled, exit code 137)"))
    }
  }

  @Test(
    "a patch comes with the kubectl patch line to apply it; the never-applied note is said once")
  func patchApplyLine() {
    #expect(
      lines(reference).contains(
        "   $ kubectl patch deployment payment-service -n production --type strategic --patch-file payment-service-patch.yaml"
      ))
    #expect(reference.contains("Save it as payment-service-patch.yaml and apply it with:"))
    #expect(reference.components(separatedBy: "never runs or applies").count == 2)
  }

  @Test("a one-line patch is applied with --patch and shell quoting")
  func oneLinePatch() {
    var report = RenderingFixtures.referenceScenario
    report.findings[0].recommendations = [
      Recommendation(
        action: "Pin the image.",
        patch: Patch(
          target: RenderingFixtures.deployment,
          yaml: #"{"metadata":{"annotations":{"note":"it's pinned"}}}"#))
    ]
    let text = TextReportRenderer(color: false).render(report)
    #expect(
      text.contains(
        #"$ kubectl patch deployment payment-service -n production --type strategic --patch '{"metadata":{"annotations":{"note":"it'\''s pinned"}}}'"#
      ))
  }

  @Test("a healthy report reads as healthy in one short block and still shows the pods")
  func healthyReport() {
    let text = TextReportRenderer(color: false).render(RenderingFixtures.healthy)
    #expect(text.contains("✓ HEALTHY: no findings"))
    #expect(text.contains("All 2 pods in production are running and ready."))
    #expect(text.contains("POD STATUS ANALYSIS"))
    #expect(lines(text).contains { $0.hasPrefix("orders-api-5c7d9-abcde") })
    for absent in ["ERROR ANALYSIS", "ROOT CAUSE", "RECOMMENDATIONS", "UNHEALTHY"] {
      #expect(!text.contains(absent))
    }
    #expect(lines(text).count <= 12)
    let colored = TextReportRenderer(color: true).render(RenderingFixtures.healthy)
    #expect(colored.contains("\u{1B}[32m\u{1B}[1m✓ HEALTHY"))
  }

  @Test("a report marked healthy that carries a critical finding is rendered as unhealthy")
  func criticalIsNeverHealthy() {
    var report = RenderingFixtures.referenceScenario
    report.healthy = true
    let text = TextReportRenderer(color: false).render(report)
    #expect(text.contains("✗ UNHEALTHY"))
    #expect(text.contains("ERROR ANALYSIS"))
  }

  @Test("with many pods, the unhealthy ones are listed and the healthy rest only counted")
  func manyPods() throws {
    let text = TextReportRenderer(color: false).render(RenderingFixtures.manyPods(10_000))
    let all = lines(text)
    #expect(!all.contains { $0.contains("-ok") }, "no healthy pod gets a row")
    let header = try #require(all.first { $0.hasPrefix("NAMESPACE") })
    #expect(header.contains("NAME") && header.contains("NODE"))
    #expect(all.filter { $0.contains("-crash ") }.count == 50)
    #expect(text.contains("Not listed: 450 more unhealthy pods, 9,500 healthy pods"))
    #expect(all.count < 200)
  }

  @Test("a short pod list shows every pod, and a namespace column when the scope is all namespaces")
  func fewPodsAllShown() {
    let report = RenderingFixtures.manyPods(20)
    let all = lines(TextReportRenderer(color: false).render(report))
    #expect(all.filter { $0.hasPrefix("team-") }.count == 20)
    #expect(!all.contains { $0.hasPrefix("Not listed") })
  }

  @Test("an affected list longer than eight objects is cut with a count of the rest")
  func longAffectedList() {
    var report = RenderingFixtures.referenceScenario
    report.findings[0].affected = (0..<30).map {
      ObjectReference(kind: "Pod", namespace: "production", name: "payment-service-\($0)")
    }
    let text = TextReportRenderer(color: false).render(report)
    #expect(text.contains("pod/payment-service-7 -n production"))
    #expect(!text.contains("pod/payment-service-8 -n production"))
    #expect(text.contains("… and 22 more"))
  }

  @Test("past ten findings the rest are listed a line each; markdown keeps every one in full")
  func manyFindings() throws {
    var report = RenderingFixtures.referenceScenario
    let template = try #require(report.findings.first)
    report.findings = (1...57).map { number in
      var finding = template
      finding.title = "service-\(number): pods in CrashLoopBackOff"
      return finding
    }
    let text = TextReportRenderer(color: false).render(report)
    let all = lines(text)
    #expect(all.contains("1. [CRITICAL] service-1: pods in CrashLoopBackOff"))
    #expect(all.contains("10. [CRITICAL] service-10: pods in CrashLoopBackOff"))
    #expect(all.contains { $0.hasPrefix("47 more findings, in brief") })
    #expect(all.contains("11. [CRITICAL] service-11: pods in CrashLoopBackOff"))
    #expect(all.contains("50. [CRITICAL] service-50: pods in CrashLoopBackOff"))
    #expect(!text.contains("service-51:"))
    #expect(all.contains("… and 7 more"))
    #expect(all.contains { $0.hasPrefix("UNHEALTHY") || $0.contains("57 critical findings") })
    // Root causes and recommendations only for the detailed ten.
    let rootCause = try #require(index(of: "ROOT CAUSE", in: text))
    let advice = try #require(index(of: "RECOMMENDATIONS", in: text))
    let causes = all[rootCause..<advice].filter { $0.first?.isNumber == true }
    #expect(causes.count == 10 && causes.last?.hasPrefix("10. service-10") == true)
    #expect(text.contains("For finding 10: service-10"))
    #expect(!text.contains("For finding 11:"))
    let markdown = MarkdownReportRenderer.render(report)
    #expect(markdown.contains("service-57: pods in CrashLoopBackOff"))
  }

  @Test("ten findings or fewer are all shown in full, with no brief list")
  func tenFindings() throws {
    var report = RenderingFixtures.referenceScenario
    let template = try #require(report.findings.first)
    report.findings = Array(repeating: template, count: 10)
    let text = TextReportRenderer(color: false).render(report)
    #expect(!text.contains("in brief"))
    #expect(text.contains("For finding 10:"))
  }
}

@Suite("Text report against hostile cluster text")
struct RenderingTerminalSafetyTests {
  static let hostile = [
    "\u{1B}]0;owned\u{07}\u{1B}[2J\u{1B}[31mfake\u{1B}[0m",
    "visible\rhidden overwrite",
    "abc\u{202E}gnp.exe",
    "c1 \u{9B}31m csi",
  ]

  static var hostileReport: DiagnosisReport {
    var report = RenderingFixtures.referenceScenario
    report.summary = hostile[0]
    report.pods[0].name = hostile[1]
    report.pods[1].status = hostile[2]
    report.findings[0].title = hostile[3]
    report.findings[0].evidence[1].excerpt = hostile
    report.findings[0].recommendations[0].commands = [hostile[0]]
    report.findings[0].rootCause = hostile.joined(separator: " ")
    return report
  }

  @Test("an escape sequence in cluster text never reaches the terminal when colour is off")
  func noEscapeFromLogs() {
    let text = TextReportRenderer(color: false).render(Self.hostileReport)
    #expect(!text.utf8.contains(0x1B))
    #expect(!text.utf8.contains(0x0D))
    #expect(!text.unicodeScalars.contains { $0.value == 0x9B || $0.value == 0x202E })
    #expect(text.contains("> ^[]0;owned^G^[[2J^[[31mfake^[[0m"))
    #expect(text.contains("visible^Mhidden overwrite"))
    #expect(text.contains("abc<U+202E>gnp.exe"))
  }

  @Test("with colour on, the only escape sequences are the renderer's own SGR codes")
  func onlyOwnEscapes() {
    let text = TextReportRenderer(color: true).render(Self.hostileReport)
    let allowed: Set<String> = ["[0m", "[1m", "[2m", "[32m", "[33m", "[36m", "[1;31m"]
    let sequences = text.split(separator: "\u{1B}", omittingEmptySubsequences: false).dropFirst()
    #expect(!sequences.isEmpty)
    for sequence in sequences {
      let code = sequence.prefix { $0 != "m" } + "m"
      #expect(allowed.contains(String(code)), "unexpected escape \(code.debugDescription)")
    }
  }
}
