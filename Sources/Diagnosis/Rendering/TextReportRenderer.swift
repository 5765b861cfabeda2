/// The report for a terminal: header and verdict, the pod table, then each
/// finding's evidence, root cause and recommendations.
public struct TextReportRenderer: Sendable {
  /// ANSI colour and bold; with false the output has no escape byte at all.
  public let color: Bool
  /// Prose wraps at this many columns (never below 40); tables, commands,
  /// YAML and log excerpts are never wrapped.
  public let width: Int

  /// Affected objects listed per finding before "… and N more".
  static let affectedLimit = 8
  /// Findings shown in full (evidence, root cause, recommendations); the rest are
  /// listed a line each, so 157 similar problems stay readable on a terminal. The
  /// markdown and JSON reports keep every finding in full.
  static let detailedLimit = 10
  /// Findings listed a line each after the detailed ones, before "… and N more".
  static let briefLimit = 40

  public init(color: Bool, width: Int = 100) {
    self.color = color
    self.width = max(40, width)
  }

  public func render(_ report: DiagnosisReport) -> String {
    var output = TextReportOutput(style: TerminalStyle(color: color), width: width)
    let healthy = ReportWording.isHealthy(report)
    writeHeader(report, healthy: healthy, to: &output)
    writePodTable(report, to: &output)
    if healthy {
      writeNotes(report.findings, to: &output)
    } else {
      let detailed = Array(report.findings.prefix(Self.detailedLimit))
      writeErrorAnalysis(detailed, to: &output)
      writeBrief(report.findings.dropFirst(Self.detailedLimit), to: &output)
      writeRootCauses(detailed, to: &output)
      writeRecommendations(detailed, to: &output)
    }
    return output.text
  }

  /// The findings past the detailed ones, a line each, numbered on.
  private func writeBrief(_ findings: ArraySlice<Finding>, to output: inout TextReportOutput) {
    guard !findings.isEmpty else { return }
    let style = output.style
    output.blank()
    output.prose(
      "\(ReportWording.grouped(findings.count)) more \(findings.count == 1 ? "finding" : "findings"), "
        + "in brief (the markdown and JSON reports have each in full, with its root cause and "
        + "recommendations):",
      styled: style.bold)
    for (index, finding) in zip(findings.indices, findings).prefix(Self.briefLimit) {
      output.line(
        "\(index + 1). " + badge(finding.severity, style: style) + " "
          + UntrustedText.singleLine(finding.title))
    }
    if findings.count > Self.briefLimit {
      output.line("… and \(ReportWording.grouped(findings.count - Self.briefLimit)) more")
    }
  }

  private func writeHeader(
    _ report: DiagnosisReport, healthy: Bool, to output: inout TextReportOutput
  ) {
    let style = output.style
    output.line(style.bold("KUBERNETES DIAGNOSIS") + " — " + ReportWording.scopeName(report.scope))
    output.prose(
      "Looked at \(ReportWording.inputCounts(report.scope)) from "
        + UntrustedText.singleLine(report.scope.source) + ".",
      styled: style.dim)
    output.blank()
    let counts = ReportWording.findingCounts(report.findings)
    if healthy {
      output.line(style.green(style.bold("✓ HEALTHY")) + ": " + counts)
    } else {
      output.line(style.red("✗ UNHEALTHY") + ": " + counts)
    }
    output.prose(UntrustedText.sanitized(report.summary, keepNewlines: true), indent: "  ")
  }

  private func writePodTable(_ report: DiagnosisReport, to output: inout TextReportOutput) {
    output.heading("POD STATUS ANALYSIS")
    guard !report.pods.isEmpty else {
      output.line("No pods in scope.")
      return
    }
    let selection = PodTableSelection(report: report)
    var headers = ["NAME", "STATUS", "READY", "RESTARTS", "LAST TERMINATION", "NODE"]
    if selection.showsNamespace { headers.insert("NAMESPACE", at: 0) }
    let cells = selection.rows.map { pod -> [String] in
      var row = [
        pod.name, pod.status, pod.ready, String(pod.restarts),
        pod.lastTermination ?? ReportWording.none, pod.node ?? ReportWording.none,
      ].map(UntrustedText.singleLine)
      if selection.showsNamespace { row.insert(UntrustedText.singleLine(pod.namespace), at: 0) }
      return row
    }
    let statusColumn = selection.showsNamespace ? 2 : 1
    var widths = headers.map(\.count)
    for row in cells {
      for (column, cell) in row.enumerated() { widths[column] = max(widths[column], cell.count) }
    }
    let style = output.style
    output.line(tableLine(headers, widths: widths, styleCell: { _, text in style.bold(text) }))
    for (pod, row) in zip(selection.rows, cells) {
      output.line(
        tableLine(row, widths: widths) { column, text in
          guard column == statusColumn else { return text }
          return pod.unhealthy ? style.red(text) : style.green(text)
        })
    }
    if let note = selection.omissionNote { output.prose(note, styled: style.dim) }
  }

  /// Columns three spaces apart, as kubectl prints them, without trailing spaces.
  private func tableLine(
    _ cells: [String], widths: [Int], styleCell: (Int, String) -> String
  ) -> String {
    var line = ""
    for (column, cell) in cells.enumerated() {
      line += styleCell(column, cell)
      if column < cells.count - 1 {
        line += String(repeating: " ", count: widths[column] - cell.count + 3)
      }
    }
    return line
  }

  private func badge(_ severity: Severity, style: TerminalStyle) -> String {
    style.severity(severity, "[\(severity.rawValue.uppercased())]")
  }

  /// A section that numbers the findings, each under "N. " with its body indented to match.
  private func writeNumbered(
    _ findings: [Finding], heading: String, empty: String, to output: inout TextReportOutput,
    _ body: (
      _ finding: Finding, _ number: String, _ indent: String, _ output: inout TextReportOutput
    )
      -> Void
  ) {
    output.heading(heading)
    guard !findings.isEmpty else {
      output.line(empty)
      return
    }
    for (index, finding) in findings.enumerated() {
      if index > 0 { output.blank() }
      let number = "\(index + 1). "
      body(finding, number, String(repeating: " ", count: number.count), &output)
    }
  }

  private func writeErrorAnalysis(_ findings: [Finding], to output: inout TextReportOutput) {
    let style = output.style
    writeNumbered(findings, heading: "ERROR ANALYSIS", empty: "No findings.", to: &output) {
      finding, number, indent, output in
      let severityText = "[\(finding.severity.rawValue.uppercased())]"
      let titleLines = TextWrapper.wrap(
        severityText + " " + UntrustedText.singleLine(finding.title), width: width,
        firstPrefix: number, restPrefix: indent)
      for (lineIndex, line) in titleLines.enumerated() {
        if lineIndex == 0 {
          let rest = line.dropFirst(number.count + severityText.count)
          output.line(number + badge(finding.severity, style: style) + style.bold(String(rest)))
        } else {
          output.line(style.bold(line))
        }
      }
      writeAffected(finding.affected, indent: indent, to: &output)
      guard !finding.evidence.isEmpty else { return }
      output.line(indent + "Evidence:")
      for evidence in finding.evidence {
        output.prose(
          UntrustedText.sanitized(evidence.fact, keepNewlines: true), indent: indent + "- ",
          restIndent: indent + "  ")
        output.prose(
          "from " + UntrustedText.singleLine(evidence.source), indent: indent + "  ",
          styled: style.dim)
        for excerpt in evidence.excerpt {
          for line in UntrustedText.lines(excerpt) {
            output.line(indent + "    >" + (line.isEmpty ? "" : " " + line))
          }
        }
      }
    }
  }

  private func writeAffected(
    _ affected: [ObjectReference], indent: String, to output: inout TextReportOutput
  ) {
    guard !affected.isEmpty else { return }
    let label = "Affected: "
    let continuation = indent + String(repeating: " ", count: label.count)
    for (index, reference) in affected.prefix(Self.affectedLimit).enumerated() {
      let name = UntrustedText.singleLine(reference.kubectlName)
      output.line((index == 0 ? indent + label : continuation) + name)
    }
    if affected.count > Self.affectedLimit {
      output.line(continuation + "… and \(affected.count - Self.affectedLimit) more")
    }
  }

  private func writeRootCauses(_ findings: [Finding], to output: inout TextReportOutput) {
    let style = output.style
    writeNumbered(
      findings, heading: "ROOT CAUSE", empty: "No root cause to report.", to: &output
    ) { finding, number, indent, output in
      let title = UntrustedText.singleLine(finding.title)
      output.prose(
        title + " (confidence: \(finding.confidence.rawValue))", indent: number, restIndent: indent,
        styled: style.bold)
      output.prose(
        UntrustedText.sanitized(finding.rootCause, keepNewlines: true), indent: indent)
    }
  }

  private func writeRecommendations(_ findings: [Finding], to output: inout TextReportOutput) {
    output.heading("RECOMMENDATIONS")
    let withAdvice = findings.enumerated().filter { !$0.element.recommendations.isEmpty }
    guard !withAdvice.isEmpty else {
      output.line("No recommendations.")
      return
    }
    let style = output.style
    output.prose(ReportWording.notApplied, styled: style.dim)
    var number = 0
    var usedFileNames: Set<String> = []
    for (findingIndex, finding) in withAdvice {
      if findings.count > 1 {
        output.blank()
        output.prose(
          "For finding \(findingIndex + 1): " + UntrustedText.singleLine(finding.title),
          styled: style.bold)
      }
      for recommendation in finding.recommendations {
        number += 1
        output.blank()
        let label = "\(number). "
        let indent = String(repeating: " ", count: label.count)
        output.prose(
          UntrustedText.sanitized(recommendation.action, keepNewlines: true), indent: label,
          restIndent: indent)
        if let rationale = recommendation.rationale {
          output.prose(
            "Why: " + UntrustedText.sanitized(rationale, keepNewlines: true), indent: indent,
            restIndent: indent + "     ")
        }
        for command in recommendation.commands { output.command(command, indent: indent) }
        if let patch = recommendation.patch {
          writePatch(
            patch, spelledOut: PatchApplyCommand.isSpelledOut(in: recommendation), indent: indent,
            usedFileNames: &usedFileNames, to: &output)
        }
      }
    }
  }

  private func writePatch(
    _ patch: Patch, spelledOut: Bool, indent: String, usedFileNames: inout Set<String>,
    to output: inout TextReportOutput
  ) {
    let apply = PatchApplyCommand(patch, usedFileNames: &usedFileNames)
    output.line(
      indent + "Patch for " + UntrustedText.singleLine(patch.target.kubectlName)
        + " (strategic merge):")
    for line in UntrustedText.lines(patch.yaml.trimmingWhitespaceAndNewlines()) {
      output.line(line.isEmpty ? "" : indent + "  " + line)
    }
    guard !spelledOut else { return }
    if let fileName = apply.fileName {
      output.line(indent + "Save it as \(fileName) and apply it with:")
    } else {
      output.line(indent + "Apply it with:")
    }
    output.command(apply.command, indent: indent)
  }

  private func writeNotes(_ findings: [Finding], to output: inout TextReportOutput) {
    guard !findings.isEmpty else { return }
    output.heading("NOTES")
    let style = output.style
    for finding in findings {
      output.line(
        "- " + badge(finding.severity, style: style) + " " + UntrustedText.singleLine(finding.title)
      )
      output.prose(UntrustedText.sanitized(finding.rootCause, keepNewlines: true), indent: "  ")
    }
  }
}
