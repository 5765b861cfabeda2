/// Reads why `kubectl version` failed from its error output.
enum KubectlFailureClassifier {
  static func classify(_ result: HostProcessResult, target: KubeTarget) -> CredentialProblem {
    let detail = SecretRedactor.firstErrorLine(result.stderr)
    let text = result.stderr.lowercased()
    let server = target.server
    if result.timedOut { return .timedOut(server: server) }
    if text.contains("getting credentials") || text.contains("credential plugin") {
      let command = pluginCommand(target)
      if text.contains("not found") || text.contains("not installed") {
        return .execPluginMissing(command: command)
      }
      return .execPluginFailed(command: command, detail: detail)
    }
    if text.contains("x509") || text.contains("tls:") || text.contains("certificate")
      || text.contains("http response to https client")
    {
      return .tls(server: server, detail: detail)
    }
    if text.contains("must be logged in") || text.contains("unauthorized")
      || text.contains("provide credentials")
    {
      return .unauthorized(server: server, detail: detail)
    }
    if text.contains("forbidden") { return .forbidden(server: server, detail: detail) }
    if text.contains("i/o timeout") || text.contains("deadline exceeded")
      || text.contains("timeout awaiting") || text.contains("client.timeout")
    {
      return .timedOut(server: server)
    }
    let unreachable = [
      "connection refused", "was refused", "no such host", "no route to host",
      "network is unreachable", "unable to connect", "connection reset",
    ]
    if unreachable.contains(where: text.contains) {
      return .serverUnreachable(server: server, detail: detail)
    }
    return .verificationFailed(detail: detail)
  }

  private static func pluginCommand(_ target: KubeTarget) -> String {
    if case .exec(let plugin) = target.authentication { return plugin.command }
    return "the credential plugin"
  }
}
