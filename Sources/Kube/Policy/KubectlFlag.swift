/// One flag as kubectl would read it, under its long name.
public struct KubectlFlag: Sendable, Equatable {
  /// The long name without dashes, e.g. "namespace" for `-n`.
  public let name: String
  /// The value; nil for a boolean flag given without `=value`.
  public let value: String?

  public init(name: String, value: String?) {
    self.name = name
    self.value = value
  }

  /// A boolean flag's truth the way Go's strconv.ParseBool reads it; a bare flag is true.
  public var isOn: Bool {
    guard let value else { return true }
    return ["1", "t", "T", "true", "TRUE", "True"].contains(value)
  }
}
