import Foundation

/// How a log line is recognized.
indirect enum LineMatcher: Sendable {
  /// The line contains the text, ignoring case.
  case contains(String)
  /// The line, without leading whitespace, starts with the text (case-sensitive).
  case prefix(String)
  case any([LineMatcher])
  case all([LineMatcher])

  func matches(_ line: Substring, lowercased: String) -> Bool {
    switch self {
    case .contains(let text): lowercased.contains(text.lowercased())
    case .prefix(let text): line.drop { $0 == " " || $0 == "\t" }.hasPrefix(text)
    case .any(let matchers): matchers.contains { $0.matches(line, lowercased: lowercased) }
    case .all(let matchers): matchers.allSatisfy { $0.matches(line, lowercased: lowercased) }
    }
  }
}

/// One entry of the log pattern library: how to recognize a line, what it means, what to do.
/// Add one by appending to `LogPatternLibrary.patterns` with an example line the test checks.
struct LogPattern: Sendable {
  var id: String
  var matcher: LineMatcher
  /// The line must be preceded, within `contextWindow` lines, by a line containing this text
  /// (e.g. `environ` before a Python `KeyError`).
  var requiresBefore: String?
  /// What the line means, for the root cause: "the JVM ran out of heap".
  var meaning: String
  var recommendation: String
  /// The finding kind this pattern makes a crash into, when it names the cause outright.
  var findingKind: FindingKind?
  /// Higher wins when several patterns match one container's logs.
  var priority: Int
  /// Non-blank lines shown before and after the matching line.
  var contextBefore = 0
  var contextAfter = 0
  /// Pulls the telling value out of the match (a variable name, a host), given all lines and
  /// the matching line's index.
  var detail: (@Sendable ([Substring], Int) -> String?)?
  /// A line this pattern matches; the tests check it matches nothing more specific.
  var example: String

  static let contextWindow = 8
}

/// One pattern matched in one log.
struct LogMatch: Sendable {
  var pattern: LogPattern
  var log: ClusterData.Log
  /// 1-based.
  var lineNumber: Int
  var line: String
  var excerpt: [String]
  var detail: String?

  var evidence: Evidence {
    Evidence(
      fact: pattern.meaning.prefix(1).uppercased() + pattern.meaning.dropFirst()
        + (detail.map { " (\($0))" } ?? ""),
      source: "\(log.source) line \(lineNumber)", excerpt: excerpt)
  }
}
