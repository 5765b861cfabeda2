import Foundation

/// RFC 3339 timestamps as Kubernetes writes them (`2025-06-10T08:19:00Z`), read without a
/// formatter: only whole seconds matter here.
enum Timestamp {
  /// Seconds since 1970, or nil when the text is not `YYYY-MM-DDTHH:MM:SS...`.
  static func seconds(_ text: String) -> Int? {
    let digits = Array(text.utf8.prefix(19))
    guard digits.count == 19 else { return nil }
    func number(_ range: Range<Int>) -> Int? {
      var value = 0
      for byte in digits[range] {
        guard byte >= 48, byte <= 57 else { return nil }
        value = value * 10 + Int(byte - 48)
      }
      return value
    }
    guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
      let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19)
    else { return nil }
    // Days from civil (Howard Hinnant's algorithm).
    let shiftedYear = month <= 2 ? year - 1 : year
    let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
    let yearOfEra = shiftedYear - era * 400
    let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    let days = era * 146_097 + dayOfEra - 719_468
    return days * 86_400 + hour * 3600 + minute * 60 + second
  }

  static func minutes(from start: String, to end: String) -> Int? {
    guard let start = seconds(start), let end = seconds(end) else { return nil }
    return (end - start) / 60
  }
}
