import Foundation

/// Times are stored as whole milliseconds since 1970 so that what is signed and
/// hashed round-trips through SQLite exactly.
enum Timestamp {
  static func millis(_ date: Date) -> Int64 {
    Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
  }

  static func date(_ millis: Int64) -> Date {
    Date(timeIntervalSince1970: Double(millis) / 1000)
  }

  /// ISO 8601 in UTC with milliseconds: the one textual form used for display and hashing.
  static func iso(_ millis: Int64) -> String {
    let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt)
    return date(millis).formatted(style)
  }

  static func display(_ date: Date) -> String { iso(millis(date)) }
}
