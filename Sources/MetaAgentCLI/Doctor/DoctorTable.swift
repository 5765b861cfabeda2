import Foundation

/// Renders findings for a person (a table) or a program (a JSON array).
struct DoctorTable {
  /// Symbols and colour on a terminal that did not ask for NO_COLOR; plain words otherwise,
  /// so logs and pipes stay greppable.
  let decorated: Bool

  /// Decorated when stdout is a terminal and NO_COLOR is unset or empty (no-color.org).
  static func forStandardOutput(
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) -> DoctorTable {
    let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
    return DoctorTable(decorated: isatty(STDOUT_FILENO) == 1 && !noColor)
  }

  func render(_ findings: [DoctorFinding]) -> String {
    let nameWidth = findings.map(\.check.count).max() ?? 0
    let statusWidth = decorated ? 1 : 4
    let indent = String(repeating: " ", count: statusWidth + 2)
    var lines: [String] = []
    for finding in findings {
      let name = finding.check.padding(toLength: nameWidth, withPad: " ", startingAt: 0)
      lines.append("\(label(finding.status))  \(name)  \(finding.detail)")
      if let fix = finding.fix, finding.status != .ok {
        let fixLines = fix.split(separator: "\n", omittingEmptySubsequences: false)
        lines.append(indent + "fix: " + (fixLines.first ?? ""))
        for more in fixLines.dropFirst() {
          lines.append(more.isEmpty ? "" : indent + "     " + more)
        }
      }
    }
    lines.append("")
    lines.append(summary(findings))
    return lines.joined(separator: "\n")
  }

  /// "12 ok, 2 warnings, 1 failed".
  func summary(_ findings: [DoctorFinding]) -> String {
    let count = { (status: DoctorStatus) in findings.filter { $0.status == status }.count }
    let warnings = count(.warn)
    return
      "\(count(.ok)) ok, \(warnings) warning\(warnings == 1 ? "" : "s"), \(count(.fail)) failed"
  }

  private func label(_ status: DoctorStatus) -> String {
    guard decorated else {
      switch status {
      case .ok: return "ok  "
      case .warn: return "warn"
      case .fail: return "FAIL"
      }
    }
    switch status {
    case .ok: return "\u{1B}[32m✓\u{1B}[0m"
    case .warn: return "\u{1B}[33m!\u{1B}[0m"
    case .fail: return "\u{1B}[31m✗\u{1B}[0m"
    }
  }

  /// A stable JSON array of {check, status, detail, fix}, keys sorted.
  static func json(_ findings: [DoctorFinding]) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(findings), as: UTF8.self)
  }
}
