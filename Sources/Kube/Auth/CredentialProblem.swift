/// Why credentials are not ready, as a value; a `CredentialRemedy` turns it into
/// the commands that fix it.
public enum CredentialProblem: Error, Sendable, Equatable {
  // Kubernetes: the kubeconfig itself.
  /// No kubeconfig file exists at any place kubectl looks.
  case noKubeconfig(searched: [String], fromEnvironment: Bool)
  /// A kubeconfig file is unreadable or is not a kubeconfig.
  case invalidKubeconfig(path: String, reason: String)
  /// No `--context` and no current-context.
  case noCurrentContext(available: [String])
  /// The named context is not defined.
  case contextNotFound(name: String, available: [String])
  /// The context points at a cluster entry that does not exist.
  case clusterNotFound(context: String, cluster: String)
  /// The cluster entry has no server URL.
  case clusterWithoutServer(cluster: String)
  /// The context points at a user entry that does not exist.
  case userNotFound(context: String, user: String)

  // Kubernetes: asking the cluster.
  /// The kubectl program itself is missing.
  case kubectlMissing(path: String)
  /// Connection refused, no route, or the host name does not resolve.
  case serverUnreachable(server: String, detail: String)
  /// No answer within the timeout.
  case timedOut(server: String)
  /// The TLS handshake or certificate check failed.
  case tls(server: String, detail: String)
  /// The server rejected the credentials (401): expired or wrong.
  case unauthorized(server: String, detail: String)
  /// The server knows the user but refuses it (403).
  case forbidden(server: String, detail: String)
  /// The exec credential plugin (e.g. `aws`) is not installed.
  case execPluginMissing(command: String)
  /// The exec credential plugin ran and failed (e.g. an expired AWS session).
  case execPluginFailed(command: String, detail: String)
  /// kubectl failed in a way the broker does not recognize.
  case verificationFailed(detail: String)

  // AWS.
  /// No credential source at all.
  case awsNoCredentials(searched: [String])
  /// The requested profile is in neither ~/.aws/config nor ~/.aws/credentials.
  case awsProfileNotFound(profile: String, searched: [String])
  /// The profile exists but holds no way to get credentials.
  case awsProfileWithoutCredentials(profile: String)
  /// One of a pair of environment variables is set without the other.
  case awsIncompleteEnvironment(missing: String)
}
