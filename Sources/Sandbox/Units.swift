/// Byte sizes as people write them in profiles: `512MiB`, `16Mi`, `1.5GiB`, `4096`.
///
/// Only binary units are accepted. `M`, `MB` and friends are refused because
/// half the world reads them as powers of 1000 and half as powers of 1024, and
/// a memory limit off by 5% is a limit nobody can reason about.
public enum ByteSize {
  /// Unit spelling to its multiplier; the IEC names and Kubernetes' short forms.
  public static let units: [String: UInt64] = [
    "": 1, "B": 1,
    "KiB": 1 << 10, "Ki": 1 << 10,
    "MiB": 1 << 20, "Mi": 1 << 20,
    "GiB": 1 << 30, "Gi": 1 << 30,
    "TiB": 1 << 40, "Ti": 1 << 40,
  ]

  /// Parses `text` into bytes, or says what is wrong and how to write it instead.
  public static func parse(_ text: String) -> Result<UInt64, UnitError> {
    guard let (number, unit) = splitNumberAndUnit(text) else {
      return .failure(
        UnitError(
          message: "'\(text)' is not a size",
          fix: "write a number and a binary unit, e.g. 512MiB, 16KiB or 1GiB"))
    }
    guard let multiplier = units[unit] else {
      let ambiguous = ["K", "k", "KB", "kB", "M", "MB", "G", "GB", "T", "TB"]
      if ambiguous.contains(unit) {
        let binary = String(unit.prefix(1)).uppercased() + "iB"
        return .failure(
          UnitError(
            message: "'\(unit)' is ambiguous (1000 or 1024?)",
            fix: "write \(number.text)\(binary) for powers of 1024"))
      }
      return .failure(
        UnitError(
          message: "unknown size unit '\(unit)'",
          fix: "use one of B, KiB, MiB, GiB, TiB (or Ki, Mi, Gi, Ti)"))
    }
    let bytes = number.value * Double(multiplier)
    guard bytes < Double(UInt64.max) else {
      return .failure(UnitError(message: "'\(text)' is too large", fix: "write a smaller size"))
    }
    return .success(UInt64(bytes))
  }

  /// Renders `bytes` in the largest binary unit that keeps it short: `512MiB`, `1.5GiB`.
  public static func format(_ bytes: UInt64) -> String {
    let steps: [(String, UInt64)] = [
      ("TiB", 1 << 40), ("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10),
    ]
    for (name, size) in steps where bytes >= size {
      if bytes % size == 0 { return "\(bytes / size)\(name)" }
      let value = Double(bytes) / Double(size)
      return "\(trimmed(value))\(name)"
    }
    return "\(bytes)B"
  }
}

/// Durations as people write them in profiles: `30s`, `500ms`, `2m`, `1h`, or a
/// bare number of seconds.
public enum DurationText {
  /// Unit spelling to seconds.
  public static let units: [String: Double] = ["": 1, "s": 1, "ms": 0.001, "m": 60, "h": 3600]

  /// Parses `text` into seconds, or says what is wrong and how to write it instead.
  public static func parse(_ text: String) -> Result<Double, UnitError> {
    guard let (number, unit) = splitNumberAndUnit(text) else {
      return .failure(
        UnitError(
          message: "'\(text)' is not a duration",
          fix: "write a number and one unit, e.g. 30s, 500ms, 2m or 1h"))
    }
    guard let multiplier = units[unit] else {
      return .failure(
        UnitError(
          message: "unknown duration unit '\(unit)'",
          fix: "use one of ms, s, m, h (bare numbers are seconds)"))
    }
    return .success(number.value * multiplier)
  }

  /// Renders seconds in the unit that reads best: `500ms`, `30s`, `2m`, `1.5h`.
  public static func format(_ seconds: Double) -> String {
    if seconds > 0 && seconds < 1 { return "\(trimmed(seconds * 1000))ms" }
    if seconds >= 3600 && (seconds / 3600 * 10).rounded() == seconds / 3600 * 10 {
      return "\(trimmed(seconds / 3600))h"
    }
    if seconds >= 60 && (seconds / 60 * 10).rounded() == seconds / 60 * 10 {
      return "\(trimmed(seconds / 60))m"
    }
    return "\(trimmed(seconds))s"
  }
}

/// A size or duration that could not be read: what is wrong and how to write it.
public struct UnitError: Error, Sendable, Equatable {
  public var message: String
  public var fix: String
}

/// A non-negative decimal number as written, kept with its text for messages.
private struct WrittenNumber {
  var text: String
  var value: Double
}

/// Splits `"1.5GiB"` into (1.5, "GiB"); nil when there is no leading number or it is negative.
private func splitNumberAndUnit(_ text: String) -> (WrittenNumber, String)? {
  let trimmedText = text.trimmingWhitespace()
  let digits = trimmedText.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
  guard !digits.isEmpty, digits.filter({ $0 == "." }).count <= 1, digits.first != ".",
    digits.last != ".", let value = Double(digits)
  else { return nil }
  let unit = trimmedText.dropFirst(digits.count).trimmingWhitespace()
  guard unit.allSatisfy({ $0.isLetter }) else { return nil }
  return (WrittenNumber(text: String(digits), value: value), unit)
}

/// Up to two decimals, without trailing zeros: 1.5, 2, 0.25.
private func trimmed(_ value: Double) -> String {
  let rounded = (value * 100).rounded() / 100
  if rounded == rounded.rounded() { return String(Int64(rounded)) }
  var text = String(rounded)
  while text.hasSuffix("0") { text.removeLast() }
  return text
}

extension StringProtocol {
  /// The text without leading and trailing spaces, tabs and newlines.
  func trimmingWhitespace() -> String {
    let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
    guard let first = firstIndex(where: { !isSpace($0) }),
      let last = lastIndex(where: { !isSpace($0) })
    else { return "" }
    return String(self[first...last])
  }
}
