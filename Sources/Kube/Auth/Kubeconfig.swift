import Foundation
import Yams

/// A kubeconfig as the broker needs it: names, servers and how each user
/// authenticates. Secret values (tokens, keys, passwords) are never kept.
public struct Kubeconfig: Sendable, Equatable {
  /// The files it was read from, in the order kubectl reads them.
  public var files: [String] = []
  public var currentContext: String?
  public var clusters: [String: KubeCluster] = [:]
  public var contexts: [String: KubeContext] = [:]
  public var users: [String: KubeUser] = [:]

  public init() {}

  /// Reads one file's YAML; `path` names it in errors.
  public static func parse(yaml: String, path: String) throws(CredentialProblem) -> Kubeconfig {
    var config = Kubeconfig()
    config.files = [path]
    guard !yaml.allSatisfy(\.isWhitespace) else { return config }
    let file: KubeconfigFile
    do {
      file = try YAMLDecoder().decode(KubeconfigFile.self, from: yaml)
    } catch {
      throw .invalidKubeconfig(path: path, reason: Self.describe(error))
    }
    config.currentContext = file.currentContext.flatMap { $0.isEmpty ? nil : $0 }
    for entry in file.clusters ?? [] where config.clusters[entry.name] == nil {
      config.clusters[entry.name] = entry.cluster ?? KubeCluster(server: nil)
    }
    for entry in file.contexts ?? [] where config.contexts[entry.name] == nil {
      config.contexts[entry.name] = entry.context ?? KubeContext(cluster: "", user: "")
    }
    for entry in file.users ?? [] where config.users[entry.name] == nil {
      config.users[entry.name] = entry.user ?? KubeUser(authentication: .none)
    }
    return config
  }

  /// kubectl's merge of a KUBECONFIG list: the first file to set current-context
  /// wins, and the first file to define a name wins it.
  public func merged(with later: Kubeconfig) -> Kubeconfig {
    var merged = self
    merged.files += later.files
    merged.currentContext = currentContext ?? later.currentContext
    merged.clusters.merge(later.clusters) { first, _ in first }
    merged.contexts.merge(later.contexts) { first, _ in first }
    merged.users.merge(later.users) { first, _ in first }
    return merged
  }

  /// Context names, sorted, for remedies that list them.
  public var contextNames: [String] { contexts.keys.sorted() }

  /// A decoding error in one line, without the YAML text (which may hold secrets).
  private static func describe(_ error: any Error) -> String {
    switch error {
    case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context),
      DecodingError.keyNotFound(_, let context), DecodingError.dataCorrupted(let context):
      let path = context.codingPath.map(\.stringValue).joined(separator: ".")
      return path.isEmpty ? "not a kubeconfig" : "unexpected value at \(path)"
    case let error as YamlError:
      return "not valid YAML (\(String(describing: error).split(separator: "\n").first ?? ""))"
    default:
      return "not valid YAML"
    }
  }
}

/// A cluster entry: where the API server is.
public struct KubeCluster: Sendable, Equatable, Decodable {
  public var server: String?

  public init(server: String?) { self.server = server }
}

/// A context entry: which cluster, which user, which default namespace.
public struct KubeContext: Sendable, Equatable, Decodable {
  public var cluster: String
  public var user: String
  public var namespace: String?

  public init(cluster: String, user: String, namespace: String? = nil) {
    self.cluster = cluster
    self.user = user
    self.namespace = namespace
  }

  private enum CodingKeys: String, CodingKey { case cluster, user, namespace }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    cluster = try container.decodeIfPresent(String.self, forKey: .cluster) ?? ""
    user = try container.decodeIfPresent(String.self, forKey: .user) ?? ""
    namespace = try container.decodeIfPresent(String.self, forKey: .namespace)
  }
}

/// A user entry, reduced to how it authenticates.
public struct KubeUser: Sendable, Equatable, Decodable {
  public var authentication: KubeAuthentication

  public init(authentication: KubeAuthentication) { self.authentication = authentication }

  private enum CodingKeys: String, CodingKey {
    case token, tokenFile, username, exec
    case clientCertificate = "client-certificate"
    case clientCertificateData = "client-certificate-data"
    case authProvider = "auth-provider"
  }

  /// Notes which method is configured, reading no secret value.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    if let exec = try container.decodeIfPresent(KubeExecPlugin.self, forKey: .exec) {
      authentication = .exec(exec)
    } else if let provider = try container.decodeIfPresent(
      KubeAuthProviderName.self, forKey: .authProvider)
    {
      authentication = .authProvider(provider.name)
    } else if container.contains(.clientCertificate) || container.contains(.clientCertificateData) {
      authentication = .clientCertificate
    } else if container.contains(.token) || container.contains(.tokenFile) {
      authentication = .token
    } else if container.contains(.username) {
      authentication = .basic
    } else {
      authentication = .none
    }
  }
}

/// How a kubeconfig user proves who it is.
public enum KubeAuthentication: Sendable, Equatable {
  case none
  case token
  case clientCertificate
  case basic
  /// A credential plugin such as `aws eks get-token`.
  case exec(KubeExecPlugin)
  case authProvider(String)

  /// In words, for status lines.
  public var summary: String {
    switch self {
    case .none: "no credentials"
    case .token: "a bearer token"
    case .clientCertificate: "a client certificate"
    case .basic: "a username and password"
    case .exec(let plugin): "the exec plugin `\(plugin.commandLine)`"
    case .authProvider(let name): "the \(name) auth provider"
    }
  }
}

/// An exec credential plugin: the program kubectl runs to get a token.
public struct KubeExecPlugin: Sendable, Equatable, Decodable {
  public var command: String
  public var args: [String]
  /// AWS_PROFILE from the plugin's env, the one value a remedy needs; other values are dropped.
  public var awsProfile: String?
  /// The kubeconfig's own advice for installing the plugin.
  public var installHint: String?

  public init(
    command: String, args: [String], awsProfile: String? = nil, installHint: String? = nil
  ) {
    self.command = command
    self.args = args
    self.awsProfile = awsProfile
    self.installHint = installHint
  }

  /// The command and its arguments, as a person would type them.
  public var commandLine: String { ([command] + args).joined(separator: " ") }

  private enum CodingKeys: String, CodingKey { case command, args, env, installHint }

  private struct Variable: Decodable {
    var name: String
    var value: String?
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    command = try container.decode(String.self, forKey: .command)
    args = try container.decodeIfPresent([String].self, forKey: .args) ?? []
    let env = try container.decodeIfPresent([Variable].self, forKey: .env) ?? []
    awsProfile = env.last { $0.name == "AWS_PROFILE" }?.value
    installHint = try container.decodeIfPresent(String.self, forKey: .installHint)
  }
}

/// Only the provider's name; its config holds tokens.
private struct KubeAuthProviderName: Decodable {
  var name: String
}

/// The file layout of a kubeconfig.
private struct KubeconfigFile: Decodable {
  struct ClusterEntry: Decodable {
    var name: String
    var cluster: KubeCluster?
  }

  struct ContextEntry: Decodable {
    var name: String
    var context: KubeContext?
  }

  struct UserEntry: Decodable {
    var name: String
    var user: KubeUser?
  }

  var currentContext: String?
  var clusters: [ClusterEntry]?
  var contexts: [ContextEntry]?
  var users: [UserEntry]?

  enum CodingKeys: String, CodingKey {
    case currentContext = "current-context"
    case clusters, contexts, users
  }
}
