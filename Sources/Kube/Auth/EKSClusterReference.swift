import Foundation

/// What is known about an EKS cluster behind a context, for `aws eks update-kubeconfig`.
public struct EKSClusterReference: Sendable, Equatable {
  public var name: String?
  public var region: String?
  public var profile: String?

  /// The command that writes a working context for this cluster; unknown parts are placeholders.
  public var updateKubeconfigCommand: String {
    var command =
      "aws eks update-kubeconfig --name \(name ?? "<cluster>") --region \(region ?? "<region>")"
    if let profile { command += " --profile \(profile)" }
    return command
  }

  /// The command that refreshes an AWS login for this cluster's profile.
  public var loginCommand: String {
    profile.map { "aws sso login --profile \($0)" } ?? "aws sso login"
  }

  /// An EKS reference when anything about `target` says EKS: an `aws eks get-token` or
  /// aws-iam-authenticator plugin, an EKS ARN as the context or cluster name, or an
  /// `*.eks.amazonaws.com` server; nil otherwise.
  public static func detect(_ target: KubeTarget) -> EKSClusterReference? {
    var reference = EKSClusterReference()
    var found = false
    if case .exec(let plugin) = target.authentication {
      let program = plugin.command.split(separator: "/").last.map(String.init) ?? plugin.command
      if program == "aws", plugin.args.contains("get-token") {
        found = true
        reference.name = value(after: ["--cluster-name"], in: plugin.args)
        reference.region = value(after: ["--region"], in: plugin.args)
        reference.profile = value(after: ["--profile"], in: plugin.args) ?? plugin.awsProfile
      } else if program == "aws-iam-authenticator" {
        found = true
        reference.name = value(after: ["-i", "--cluster-id"], in: plugin.args)
        reference.region = value(after: ["--region"], in: plugin.args)
        reference.profile = plugin.awsProfile
      }
    }
    for name in [target.contextName, target.clusterName] {
      if let arn = arnParts(name) {
        found = true
        reference.name = reference.name ?? arn.name
        reference.region = reference.region ?? arn.region
      }
    }
    if let region = serverRegion(target.server) {
      found = true
      reference.region = reference.region ?? region
    }
    return found ? reference : nil
  }

  /// `arn:aws:eks:us-west-2:123456789012:cluster/prod-eks` → (prod-eks, us-west-2).
  private static func arnParts(_ text: String) -> (name: String, region: String)? {
    let parts = text.split(separator: ":", omittingEmptySubsequences: false)
    guard parts.count == 6, parts[0] == "arn", parts[2] == "eks",
      parts[5].hasPrefix("cluster/")
    else { return nil }
    return (String(parts[5].dropFirst("cluster/".count)), String(parts[3]))
  }

  /// `https://ABC.gr7.us-west-2.eks.amazonaws.com` → us-west-2.
  private static func serverRegion(_ server: String) -> String? {
    guard let host = URL(string: server)?.host?.lowercased(),
      host.hasSuffix(".eks.amazonaws.com")
    else { return nil }
    let labels = host.split(separator: ".")
    return labels.count >= 5 ? String(labels[labels.count - 4]) : nil
  }

  /// The value after the first of `flags`, in `--flag value` or `--flag=value` form.
  private static func value(after flags: [String], in args: [String]) -> String? {
    for (index, arg) in args.enumerated() {
      for flag in flags {
        if arg == flag, index + 1 < args.count { return args[index + 1] }
        if arg.hasPrefix(flag + "=") { return String(arg.dropFirst(flag.count + 1)) }
      }
    }
    return nil
  }
}
