import Kube

extension ReplayError {
  /// The same error with a file path inside the capture joined to the capture
  /// directory, so the line names a file a person can open from where they are.
  func located(in directory: String) -> ReplayError {
    func joined(_ path: String) -> String {
      path.hasPrefix("/")
        ? path : "\(directory.hasSuffix("/") ? String(directory.dropLast()) : directory)/\(path)"
    }
    switch self {
    case .malformedFile(let path, let reason):
      return .malformedFile(path: joined(path), reason: reason)
    case .malformedObject(let path, let index, let reason):
      return .malformedObject(path: joined(path), index: index, reason: reason)
    case .notADirectory, .cannotListen:
      return self
    }
  }
}
