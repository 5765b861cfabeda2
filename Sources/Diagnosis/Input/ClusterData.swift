import Foundation

/// The engine's input: Kubernetes objects as kubectl prints them in JSON, and
/// container logs. It is filled from a capture directory, or from the kubectl
/// tool's answers during a run; the engine never talks to a cluster.
public struct ClusterData: Sendable {
  /// A container log, the current one or the one of the previous (crashed) instance.
  public struct Log: Sendable, Equatable {
    public var namespace: String
    public var pod: String
    public var container: String
    public var previous: Bool
    public var text: String
    /// Where it came from, shown in evidence: `logs/production/POD/CONTAINER.previous.log`.
    public var source: String

    public init(
      namespace: String, pod: String, container: String, previous: Bool, text: String,
      source: String
    ) {
      self.namespace = namespace
      self.pod = pod
      self.container = container
      self.previous = previous
      self.text = text
      self.source = source
    }
  }

  /// Described in `DiagnosisScope.source`.
  public var source: String
  public internal(set) var logs: [Log] = []
  /// The Kubernetes objects read so far (see `addObjects(json:source:)`).
  var objects = KubeObjectStore()

  public init(source: String) {
    self.source = source
  }

  public mutating func addLog(_ log: Log) {
    logs.append(log)
  }
}
