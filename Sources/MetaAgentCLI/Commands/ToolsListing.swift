import Foundation
import Toolsmith

/// One row of `tools list`: an installed tool, whether it verified, and what its
/// server offers (from its own tools/list) or why it offers nothing.
struct ToolsListing: Encodable, Equatable {
  enum State: String, Encodable {
    case verified
    case refused
  }

  var name: String
  var state: State
  /// The read-only functions its server listed; empty when refused, not started or offline.
  var functions: [String]
  /// Why the tool is refused or offers nothing; nil when all is well (or offline).
  var problem: String?
  /// Manifest details for the table: entry, template, approver, deployed.
  var manifest: ToolManifest?

  enum CodingKeys: String, CodingKey { case name, state, functions, problem }

  func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(name, forKey: .name)
    try container.encode(state, forKey: .state)
    try container.encode(functions, forKey: .functions)
    // Always present, null when there is none, so readers need no key check.
    try container.encode(problem, forKey: .problem)
  }

  /// Every installed tool by name: verified ones with their offerings (when the
  /// servers were started), refused ones with the registry's reason.
  static func rows(_ survey: ToolSurvey) -> [ToolsListing] {
    var rows = survey.scan.tools.map { tool in
      let offering = survey.offering(of: tool.manifest.name)
      return ToolsListing(
        name: tool.manifest.name, state: .verified, functions: offering?.functions ?? [],
        problem: offering?.problem?.reason, manifest: tool.manifest)
    }
    rows += survey.scan.problems.map {
      ToolsListing(name: $0.tool, state: .refused, functions: [], problem: $0.reason)
    }
    return rows.sorted { $0.name < $1.name }
  }

  /// What the status column says.
  func status(offline: Bool) -> String {
    switch state {
    case .refused: return "REFUSED: \(problem ?? "refused")"
    case .verified where offline: return "verified"
    case .verified:
      if let problem { return "verified, not started: \(problem)" }
      return "verified; offers "
        + (functions.isEmpty ? "nothing" : functions.joined(separator: ", "))
    }
  }

  /// The table: NAME ENTRY TEMPLATE APPROVER DEPLOYED STATUS, the status last and unpadded.
  static func table(_ rows: [ToolsListing], offline: Bool) -> String {
    var lines = [["NAME", "ENTRY", "TEMPLATE", "APPROVER", "DEPLOYED", "STATUS"]]
    for row in rows {
      let manifest = row.manifest
      lines.append([
        row.name, manifest?.entry ?? "-",
        manifest.map { "\($0.template) \($0.templateVersion)" } ?? "-",
        manifest?.approver ?? "-", manifest?.deployedAt ?? "-", row.status(offline: offline),
      ])
    }
    let widths = (0..<lines[0].count - 1).map { column in
      lines.map { $0[column].count }.max() ?? 0
    }
    return lines.map { line in
      zip(line, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }
        .joined(separator: "  ") + "  " + (line.last ?? "")
    }.joined(separator: "\n")
  }

  static func json(_ rows: [ToolsListing]) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(rows), as: UTF8.self)
  }
}
