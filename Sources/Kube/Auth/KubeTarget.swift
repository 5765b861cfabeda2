/// The context a check is about, resolved down to a cluster with a server and a user.
public struct KubeTarget: Sendable, Equatable {
  public let contextName: String
  public let clusterName: String
  public let server: String
  public let userName: String
  public let authentication: KubeAuthentication

  /// Resolves `requested` (or the current context) in `config`, checking that every
  /// entry it names exists.
  public static func resolve(in config: Kubeconfig, requested: String?)
    throws(CredentialProblem) -> KubeTarget
  {
    guard let name = requested ?? config.currentContext else {
      throw .noCurrentContext(available: config.contextNames)
    }
    guard let context = config.contexts[name] else {
      throw .contextNotFound(name: name, available: config.contextNames)
    }
    guard let cluster = config.clusters[context.cluster] else {
      throw .clusterNotFound(context: name, cluster: context.cluster)
    }
    guard let server = cluster.server, !server.isEmpty else {
      throw .clusterWithoutServer(cluster: context.cluster)
    }
    // A context without a user is anonymous access, which kubectl allows.
    var authentication = KubeAuthentication.none
    if !context.user.isEmpty {
      guard let user = config.users[context.user] else {
        throw .userNotFound(context: name, user: context.user)
      }
      authentication = user.authentication
    }
    return KubeTarget(
      contextName: name, clusterName: context.cluster, server: server, userName: context.user,
      authentication: authentication)
  }
}
