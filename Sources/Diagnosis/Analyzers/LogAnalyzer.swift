import Foundation

/// Scans container logs with the pattern library and picks what explains a crash: previous logs
/// (the instance that died) first, then current ones.
enum LogAnalyzer {
  /// Every pattern match in a log, the first occurrence of each pattern only.
  static func scan(_ log: ClusterData.Log, patterns: [LogPattern] = LogPatternLibrary.patterns)
    -> [LogMatch]
  {
    let lines = log.text.split(separator: "\n", omittingEmptySubsequences: false).map {
      $0.hasSuffix("\r") ? $0.dropLast() : $0
    }
    var matches: [LogMatch] = []
    var seen: Set<String> = []
    for (index, line) in lines.enumerated() where !line.isEmpty {
      let lowercased = line.lowercased()
      guard
        let pattern = patterns.first(where: {
          $0.matcher.matches(line, lowercased: lowercased)
            && ($0.requiresBefore.map { required in
              lines[max(0, index - LogPattern.contextWindow)..<index].contains {
                $0.contains(required)
              }
            } ?? true)
        }), !seen.contains(pattern.id)
      else { continue }
      seen.insert(pattern.id)
      matches.append(
        LogMatch(
          pattern: pattern, log: log, lineNumber: index + 1, line: String(line),
          excerpt: excerpt(lines, at: index, pattern: pattern),
          detail: pattern.detail?(lines, index)))
    }
    return matches
  }

  private static func excerpt(_ lines: [Substring], at index: Int, pattern: LogPattern) -> [String]
  {
    var before: [String] = []
    if let required = pattern.requiresBefore,
      let line = lines[max(0, index - LogPattern.contextWindow)..<index].last(where: {
        $0.contains(required)
      })
    {
      before.append(String(line))
    }
    var position = index - 1
    while before.count < pattern.contextBefore, position >= 0 {
      if !lines[position].trimmingCharacters(in: .whitespaces).isEmpty {
        before.insert(String(lines[position]), at: 0)
      }
      position -= 1
    }
    var after: [String] = []
    position = index + 1
    while after.count < pattern.contextAfter, position < lines.count {
      if !lines[position].trimmingCharacters(in: .whitespaces).isEmpty {
        after.append(String(lines[position]))
      }
      position += 1
    }
    return before + [String(lines[index])] + after
  }

  /// The matches for one container, previous log first, strongest first.
  static func matches(
    pod: KubePod, container: String, index: ClusterIndex
  ) -> [LogMatch] {
    var matches: [LogMatch] = []
    for previous in [true, false] {
      guard let log = index.log(pod, container: container, previous: previous) else { continue }
      matches += scan(log)
    }
    // Stable: by priority, then previous before current, then line.
    return matches.enumerated().sorted {
      ($0.element.pattern.priority, -$0.offset) > ($1.element.pattern.priority, -$1.offset)
    }.map(\.element)
  }

  /// The last lines that look like errors, for a crash no pattern explains.
  static func lastErrorLines(_ log: ClusterData.Log, limit: Int = 3) -> (
    lines: [String], first: Int
  )? {
    let lines = log.text.split(separator: "\n", omittingEmptySubsequences: false)
    var found: [(Int, String)] = []
    for (index, line) in lines.enumerated().reversed() {
      let upper = line.uppercased()
      if upper.contains("ERROR") || upper.contains("FATAL") || upper.contains("PANIC")
        || upper.contains("EXCEPTION")
      {
        found.insert((index + 1, String(line)), at: 0)
        if found.count == limit { break }
      }
    }
    guard let first = found.first else { return nil }
    return (found.map(\.1), first.0)
  }
}
