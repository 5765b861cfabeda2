import Foundation

/// The heap a runtime is told it may use, read from the container's env and command line:
/// `-Xmx2g` (JAVA_OPTS, JAVA_TOOL_OPTIONS, ...), `-XX:MaxHeapSize=`, `--max-old-space-size=`.
struct HeapSetting: Sendable, Equatable {
  /// `-Xmx2g`
  var flag: String
  /// Where it was set: `JAVA_OPTS`, or `args`.
  var variable: String
  /// The variable's whole value, to rewrite it.
  var value: String
  var mebibytes: Int
  var runtime: String

  static func find(in container: KubeContainer) -> HeapSetting? {
    var places: [(String, String)] = (container.env ?? []).compactMap { variable in
      variable.value.map { (variable.name, $0) }
    }
    places.append(
      ("command", ((container.command ?? []) + (container.args ?? [])).joined(separator: " ")))
    for (variable, value) in places {
      for word in value.split(separator: " ") {
        if word.hasPrefix("-Xmx"), let size = javaSize(word.dropFirst(4)) {
          return HeapSetting(
            flag: String(word), variable: variable, value: value, mebibytes: size, runtime: "JVM")
        }
        if word.hasPrefix("-XX:MaxHeapSize="),
          let size = javaSize(word.dropFirst("-XX:MaxHeapSize=".count))
        {
          return HeapSetting(
            flag: String(word), variable: variable, value: value, mebibytes: size, runtime: "JVM")
        }
        if word.hasPrefix("--max-old-space-size="),
          let size = Int(word.dropFirst("--max-old-space-size=".count))
        {
          return HeapSetting(
            flag: String(word), variable: variable, value: value, mebibytes: size,
            runtime: "Node.js")
        }
      }
    }
    return nil
  }

  /// `2g` → 2048, `512m` → 512, `1048576k` → 1024, bytes otherwise.
  static func javaSize(_ text: Substring) -> Int? {
    guard let unit = text.last else { return nil }
    if unit.isNumber { return Int(text).map { $0 / 1_048_576 } }
    guard let number = Int(text.dropLast()) else { return nil }
    switch unit.lowercased() {
    case "k": return number / 1024
    case "m": return number
    case "g": return number * 1024
    case "t": return number * 1024 * 1024
    default: return nil
    }
  }

  /// The value with the fixed heap replaced by a share of the container's memory.
  var cappedValue: String {
    let replacement = runtime == "JVM" ? "-XX:MaxRAMPercentage=75" : flag
    return value.split(separator: " ").map { $0 == flag ? replacement : String($0) }.joined(
      separator: " ")
  }
}
