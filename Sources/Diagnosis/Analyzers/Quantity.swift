import Foundation

/// Kubernetes resource quantities (`250m`, `1.5`, `512Mi`, `15092352Ki`, `2G`) as numbers,
/// and back to the units an operator writes.
enum Quantity {
  private static let binarySuffixes: [(String, Double)] = [
    ("Ki", 1024), ("Mi", 1_048_576), ("Gi", 1_073_741_824), ("Ti", 1_099_511_627_776),
    ("Pi", 1_125_899_906_842_624), ("Ei", 1_152_921_504_606_846_976),
  ]
  private static let decimalSuffixes: [(String, Double)] = [
    ("n", 1e-9), ("u", 1e-6), ("m", 1e-3), ("k", 1e3), ("M", 1e6), ("G", 1e9), ("T", 1e12),
    ("P", 1e15), ("E", 1e18),
  ]

  /// The quantity as a plain number (`250m` → 0.25, `512Mi` → 536870912), or nil when it is not one.
  static func value(_ text: String) -> Double? {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    guard !trimmed.isEmpty else { return nil }
    for (suffix, factor) in binarySuffixes where trimmed.hasSuffix(suffix) {
      return Double(trimmed.dropLast(suffix.count)).map { $0 * factor }
    }
    if let plain = Double(trimmed) { return plain }
    for (suffix, factor) in decimalSuffixes where trimmed.hasSuffix(suffix) {
      return Double(trimmed.dropLast(suffix.count)).map { $0 * factor }
    }
    return nil
  }

  /// CPU in millicores: `6` → 6000, `3920m` → 3920.
  static func millicores(_ text: String) -> Int? {
    value(text).map { Int(($0 * 1000).rounded()) }
  }

  /// Memory in mebibytes, rounded up: `15092352Ki` → 14739.
  static func mebibytes(_ text: String) -> Int? {
    value(text).map { Int(($0 / 1_048_576).rounded(.up)) }
  }

  /// `3920m`, or `6` when a whole number of cores.
  static func formatMillicores(_ millicores: Int) -> String {
    millicores % 1000 == 0 ? "\(millicores / 1000)" : "\(millicores)m"
  }

  /// `2560Mi`, the unit operators write most.
  static func formatMebibytes(_ mebibytes: Int) -> String { "\(mebibytes)Mi" }

  /// `2.7Gi` / `512Mi`, for prose.
  static func humanBytes(_ bytes: Double) -> String {
    let gibibytes = bytes / 1_073_741_824
    if gibibytes >= 1 { return String(format: "%.1fGi", gibibytes) }
    return "\(Int((bytes / 1_048_576).rounded()))Mi"
  }

  /// Rounds up to a multiple of `step`.
  static func roundUp(_ value: Int, to step: Int) -> Int {
    ((value + step - 1) / step) * step
  }
}
