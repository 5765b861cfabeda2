/// What can go wrong loading a capture or starting a replay server; the CLI
/// renders each as one line naming the file and what to do.
public enum ReplayError: Error, Equatable, CustomStringConvertible {
  /// The capture directory does not exist or is not a directory.
  case notADirectory(path: String)
  /// A file could not be read or parsed as JSON/YAML.
  case malformedFile(path: String, reason: String)
  /// An object (at `index` within a List, or the document) lacks what every object needs.
  case malformedObject(path: String, index: Int?, reason: String)
  /// The listener could not bind.
  case cannotListen(host: String, port: Int, reason: String)

  public var description: String {
    switch self {
    case .notADirectory(let path):
      return "\(path): not a capture directory; give a directory of kubectl -o json|yaml files, "
        + "as `meta-agent cluster capture DIR` records"
    case .malformedFile(let path, let reason):
      return "\(path): \(reason); fix or remove the file"
    case .malformedObject(let path, let index, let reason):
      let place = index.map { "item \($0)" } ?? "the object"
      return "\(path): \(place) \(reason); fix or remove it"
    case .cannotListen(let host, let port, let reason):
      return "cannot listen on \(host):\(port): \(reason); pick another --port or 0 for any"
    }
  }
}
