import Foundation

/// Kubernetes' age formatting (k8s.io/apimachinery duration.HumanDuration),
/// so AGE columns read exactly as on a real cluster.
enum HumanDuration {
  /// The age of an RFC 3339 timestamp, or `<unknown>` when there is none.
  static func since(_ timestamp: String?, now: Date = Date()) -> String {
    guard let timestamp, let date = parse(timestamp) else { return "<unknown>" }
    return format(now.timeIntervalSince(date))
  }

  /// Parses `2025-01-01T10:00:00Z`, with or without fractional seconds.
  static func parse(_ timestamp: String) -> Date? {
    var text = timestamp
    if let dot = text.firstIndex(of: "."),
      let zone = text[dot...].firstIndex(where: { $0 == "Z" || $0 == "+" || $0 == "-" })
    {
      text.removeSubrange(dot..<zone)
    }
    return try? Date(text, strategy: .iso8601)
  }

  static func format(_ interval: TimeInterval) -> String {
    let seconds = Int(interval)
    if seconds < -1 { return "<invalid>" }
    if seconds < 0 { return "0s" }
    if seconds < 120 { return "\(seconds)s" }
    let minutes = seconds / 60
    if minutes < 10 {
      let rest = seconds % 60
      return rest == 0 ? "\(minutes)m" : "\(minutes)m\(rest)s"
    }
    if minutes < 180 { return "\(minutes)m" }
    let hours = minutes / 60
    if hours < 8 {
      let rest = minutes % 60
      return rest == 0 ? "\(hours)h" : "\(hours)h\(rest)m"
    }
    if hours < 48 { return "\(hours)h" }
    if hours < 24 * 8 {
      let rest = hours % 24
      return rest == 0 ? "\(hours / 24)d" : "\(hours / 24)d\(rest)h"
    }
    if hours < 24 * 365 * 2 { return "\(hours / 24)d" }
    if hours < 24 * 365 * 8 {
      let days = (hours / 24) % 365
      return days == 0 ? "\(hours / 24 / 365)y" : "\(hours / 24 / 365)y\(days)d"
    }
    return "\(hours / 24 / 365)y"
  }
}
