/// The kubeconfig that points kubectl at a replay server: one cluster, one
/// context, a user with no credentials, since replay asks for none.
public struct ReplayKubeconfig: Sendable {
  public var server: String
  public var contextName: String

  public init(server: String, contextName: String = "replay") {
    self.server = server
    self.contextName = contextName
  }

  public var yaml: String {
    """
    apiVersion: v1
    kind: Config
    clusters:
    - name: \(contextName)
      cluster:
        server: \(server)
    contexts:
    - name: \(contextName)
      context:
        cluster: \(contextName)
        user: \(contextName)
    current-context: \(contextName)
    users:
    - name: \(contextName)
      user: {}
    preferences: {}

    """
  }
}
