/// The kubectl commands meta-agent runs: each one only reads.
public enum KubectlVerb: String, Sendable, CaseIterable, Equatable {
  case get
  case describe
  case logs
  case top
  case events
  case explain
  case apiResources = "api-resources"
  case apiVersions = "api-versions"
  case version
  case clusterInfo = "cluster-info"
  case authCanI = "auth can-i"

  /// The words that name this verb on a kubectl command line.
  public var words: [String] { rawValue.split(separator: " ").map(String.init) }
}
