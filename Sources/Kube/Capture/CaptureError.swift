/// Why a capture stopped; the CLI prints it as one line.
public enum CaptureError: Error, Equatable, CustomStringConvertible {
  case cannotRunKubectl(path: String, reason: String)
  /// kubectl could not list pods, so there is nothing worth capturing.
  case clusterUnreachable(message: String)
  case cannotWrite(path: String, reason: String)

  public var description: String {
    switch self {
    case .cannotRunKubectl(let path, let reason):
      return "cannot run \(path): \(reason); install kubectl or pass --kubectl PATH"
    case .clusterUnreachable(let message):
      return "kubectl could not read the cluster: \(message); check your kubeconfig and context"
    case .cannotWrite(let path, let reason):
      return "\(path): cannot write (\(reason)); pick a writable directory"
    }
  }
}
