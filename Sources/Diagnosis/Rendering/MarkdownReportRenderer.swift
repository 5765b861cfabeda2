/// The report as GitHub-flavoured Markdown, for a pull request, an issue or a
/// chat: the text report's sections as headings, the pod table as a table.
public enum MarkdownReportRenderer {
  public static func render(_ report: DiagnosisReport) -> String {
    var blocks: [String] = []
    let healthy = ReportWording.isHealthy(report)
    blocks.append("# Kubernetes diagnosis: " + ReportWording.scopeName(report.scope))
    blocks.append(
      "**Verdict:** " + (healthy ? "✅ healthy" : "❌ unhealthy") + " ("
        + ReportWording.findingCounts(report.findings) + ")  \n**Scope:** "
        + ReportWording.inputCounts(report.scope) + ", from "
        + inline(UntrustedText.singleLine(report.scope.source)))
    blocks.append(paragraph(report.summary))
    blocks.append("## Pod status analysis")
    blocks.append(contentsOf: podTable(report))
    if healthy {
      if !report.findings.isEmpty {
        blocks.append("## Notes")
        blocks.append(
          report.findings.map { finding in
            "- **\(finding.severity.rawValue.uppercased())** \(escaped(finding.title)): "
              + escaped(UntrustedText.singleLine(finding.rootCause))
          }.joined(separator: "\n"))
      }
    } else {
      blocks.append(contentsOf: errorAnalysis(report.findings))
      blocks.append(contentsOf: rootCauses(report.findings))
      blocks.append(contentsOf: recommendations(report.findings))
    }
    return blocks.joined(separator: "\n\n") + "\n"
  }

  private static func podTable(_ report: DiagnosisReport) -> [String] {
    guard !report.pods.isEmpty else { return ["No pods in scope."] }
    let selection = PodTableSelection(report: report)
    var headers = ["Name", "Status", "Ready", "Restarts", "Last termination", "Node"]
    var alignments = ["---", "---", "---", "---:", "---", "---"]
    if selection.showsNamespace {
      headers.insert("Namespace", at: 0)
      alignments.insert("---", at: 0)
    }
    var lines = [tableRow(headers), tableRow(alignments)]
    for pod in selection.rows {
      var cells = [
        pod.name, pod.status, pod.ready, String(pod.restarts),
        pod.lastTermination ?? ReportWording.none, pod.node ?? ReportWording.none,
      ].map(tableCell)
      if pod.unhealthy { cells[1] = "**\(cells[1])**" }
      if selection.showsNamespace { cells.insert(tableCell(pod.namespace), at: 0) }
      lines.append(tableRow(cells))
    }
    var blocks = [lines.joined(separator: "\n")]
    if let note = selection.omissionNote { blocks.append("_\(escaped(note))_") }
    return blocks
  }

  private static func tableRow(_ cells: [String]) -> String {
    "| " + cells.joined(separator: " | ") + " |"
  }

  /// One line of escaped text; `|` would otherwise end the cell.
  static func tableCell(_ text: String) -> String {
    escaped(UntrustedText.singleLine(text))
  }

  private static func errorAnalysis(_ findings: [Finding]) -> [String] {
    var blocks = ["## Error analysis"]
    guard !findings.isEmpty else { return blocks + ["No findings."] }
    for (index, finding) in findings.enumerated() {
      blocks.append(
        "### \(index + 1). \(finding.severity.rawValue.uppercased()): " + escaped(finding.title))
      if !finding.affected.isEmpty {
        let shown = finding.affected.prefix(TextReportRenderer.affectedLimit).map {
          inline(UntrustedText.singleLine($0.kubectlName))
        }
        let more = finding.affected.count - shown.count
        blocks.append(
          "**Affected:** " + shown.joined(separator: ", ") + (more > 0 ? ", and \(more) more" : ""))
      }
      guard !finding.evidence.isEmpty else { continue }
      blocks.append("**Evidence**")
      blocks.append(
        finding.evidence.map { evidence in
          var item =
            "- " + escaped(UntrustedText.singleLine(evidence.fact)) + " — _from "
            + escaped(UntrustedText.singleLine(evidence.source)) + "_"
          if !evidence.excerpt.isEmpty {
            let lines = evidence.excerpt.flatMap(UntrustedText.lines)
            item += "\n\n" + indented(fenced(lines, info: ""), by: "  ")
          }
          return item
        }.joined(separator: "\n"))
    }
    return blocks
  }

  private static func rootCauses(_ findings: [Finding]) -> [String] {
    var blocks = ["## Root cause"]
    guard !findings.isEmpty else { return blocks + ["No root cause to report."] }
    for (index, finding) in findings.enumerated() {
      blocks.append(
        "### \(index + 1). " + escaped(finding.title)
          + " (confidence: \(finding.confidence.rawValue))"
      )
      blocks.append(paragraph(finding.rootCause))
    }
    return blocks
  }

  private static func recommendations(_ findings: [Finding]) -> [String] {
    var blocks = ["## Recommendations"]
    let withAdvice = findings.enumerated().filter { !$0.element.recommendations.isEmpty }
    guard !withAdvice.isEmpty else { return blocks + ["No recommendations."] }
    blocks.append("> " + escaped(ReportWording.notApplied))
    var number = 0
    var usedFileNames: Set<String> = []
    for (findingIndex, finding) in withAdvice {
      if findings.count > 1 {
        blocks.append("**For finding \(findingIndex + 1):** " + escaped(finding.title))
      }
      for recommendation in finding.recommendations {
        number += 1
        var item = [
          "\(number). **" + escaped(UntrustedText.singleLine(recommendation.action)) + "**"
        ]
        if let rationale = recommendation.rationale { item.append(paragraph(rationale)) }
        if !recommendation.commands.isEmpty {
          item.append(fenced(recommendation.commands.flatMap(UntrustedText.lines), info: "sh"))
        }
        if let patch = recommendation.patch {
          let apply = PatchApplyCommand(patch, usedFileNames: &usedFileNames)
          item.append(
            "Patch for " + inline(UntrustedText.singleLine(patch.target.kubectlName))
              + " (strategic merge):")
          item.append(
            fenced(UntrustedText.lines(patch.yaml.trimmingWhitespaceAndNewlines()), info: "yaml"))
          if !PatchApplyCommand.isSpelledOut(in: recommendation) {
            item.append(
              apply.fileName.map { "Save it as \(inline($0)) and apply it with:" }
                ?? "Apply it with:")
            item.append(fenced([apply.command], info: "sh"))
          }
        }
        // Continuation blocks of a list item are indented to its content.
        let indent = String(repeating: " ", count: "\(number). ".count)
        blocks.append(
          ([item[0]] + item.dropFirst().map { indented($0, by: indent) }).joined(separator: "\n\n"))
      }
    }
    return blocks
  }

  /// Prose with Markdown's special characters escaped; newlines kept as line breaks.
  private static func paragraph(_ text: String) -> String {
    UntrustedText.lines(text).map(escaped).joined(separator: "  \n")
  }

  /// A fenced code block whose fence is longer than any backtick run inside,
  /// so a log line cannot close it early.
  static func fenced(_ lines: [String], info: String) -> String {
    var longestRun = 0
    for line in lines {
      var run = 0
      for character in line {
        run = character == "`" ? run + 1 : 0
        longestRun = max(longestRun, run)
      }
    }
    let fence = String(repeating: "`", count: max(3, longestRun + 1))
    return ([fence + info] + lines + [fence]).joined(separator: "\n")
  }

  /// Inline code, with a delimiter longer than any backtick run inside.
  private static func inline(_ text: String) -> String {
    var longestRun = 0
    var run = 0
    for character in text {
      run = character == "`" ? run + 1 : 0
      longestRun = max(longestRun, run)
    }
    let delimiter = String(repeating: "`", count: longestRun + 1)
    let padding = text.hasPrefix("`") || text.hasSuffix("`") ? " " : ""
    return delimiter + padding + text + padding + delimiter
  }

  private static func indented(_ text: String, by indent: String) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false).map {
      $0.isEmpty ? "" : indent + $0
    }.joined(separator: "\n")
  }

  /// Backslash-escapes the characters that would start emphasis, links, code,
  /// HTML or a table cell boundary.
  static func escaped(_ text: String) -> String {
    var result = ""
    result.reserveCapacity(text.count)
    for character in UntrustedText.singleLine(text) {
      switch character {
      case "\\", "`", "*", "_", "[", "]", "<", ">", "|", "#", "~": result.append("\\")
      default: break
      }
      result.append(character)
    }
    return result
  }
}
