/// A kubectl command the verb policy will not run: what was refused, why, and the
/// command an operator could run themselves with their own credentials.
public struct PolicyRefusal: Error, Sendable, Equatable, CustomStringConvertible {
  /// What exactly the policy objects to.
  public enum Reason: Error, Sendable, Equatable {
    /// No verb at all (`kubectl`, `kubectl -n prod`).
    case noVerb
    /// A built-in command that is not read-only, e.g. "delete" or "auth reconcile".
    case refusedVerb(String, RefusedVerbCategory)
    /// Not a built-in command, so kubectl would run the plugin program `kubectl-<name>`.
    case plugin(String)
    /// `--token`, `--server`, `--as`... : they choose credentials, identity or endpoint.
    case credentialFlag(String)
    /// A flag that reads or writes host files or fetches URLs (`-f`, `--cache-dir`, `-o jsonpath-file`).
    case hostFileFlag(String)
    /// A flag the policy does not know for this verb.
    case unknownFlag(String)
    /// A flag that needs a value came last.
    case missingValue(String)
    /// `-o go-template=...`, `-o template`, `--template`: output templates are refused.
    case outputTemplate(String)
    /// An `-o` format the policy does not know.
    case unknownOutput(String)
    /// `--follow`, `--watch`: a stream that does not end by itself.
    case streaming(String)
    /// Secrets, in any spelling.
    case secrets(String)
    /// `--raw` on a path outside the read allow-list.
    case rawPath(String)
    /// `--subresource` other than status or scale.
    case subresource(String)
  }

  public let reason: Reason
  /// The same command for a person to run, quoted for a POSIX shell, without any
  /// credential flag or its value.
  public let operatorCommand: String

  public init(reason: Reason, operatorCommand: String) {
    self.reason = reason
    self.operatorCommand = operatorCommand
  }

  /// The refused thing, as it was written.
  public var refused: String {
    switch reason {
    case .noVerb: "a kubectl command without a verb"
    case .refusedVerb(let verb, _): "`kubectl \(verb)`"
    case .plugin(let verb): "`kubectl \(verb)`"
    case .credentialFlag(let flag), .hostFileFlag(let flag), .unknownFlag(let flag),
      .missingValue(let flag), .streaming(let flag):
      "`\(flag)`"
    case .outputTemplate(let format), .unknownOutput(let format): "`\(format)`"
    case .secrets(let resource): "`\(resource)`"
    case .rawPath(let path): "`--raw \(path)`"
    case .subresource(let name): "`--subresource \(name)`"
    }
  }

  /// Why it is refused, in one clause.
  public var why: String {
    switch reason {
    case .noVerb:
      "name a read-only verb: "
        + KubectlVerb.allCases.map(\.rawValue).joined(separator: ", ")
    case .refusedVerb(_, let category): category.why
    case .plugin(let verb):
      "it is not a built-in command, so kubectl would run the plugin program "
        + "kubectl-\(verb), which no policy can check"
    case .credentialFlag:
      "it chooses credentials, an identity or the API server; tools only use the "
        + "host-inherited credentials behind the read-only gateway"
    case .hostFileFlag: "it reads or writes host files or fetches URLs"
    case .unknownFlag:
      "the policy does not know this flag for this command, so it cannot tell what it does"
    case .missingValue: "it needs a value"
    case .outputTemplate:
      "output templates are refused; use -o json, yaml, wide, name, custom-columns=... or jsonpath=..."
    case .unknownOutput:
      "it is not an output format the policy knows; use json, yaml, wide, name, "
        + "custom-columns=... or jsonpath=..."
    case .streaming:
      "it streams until stopped, and a tool call must end with one answer; "
        + "use --tail or --since for logs and a plain get for objects"
    case .secrets: "secrets hold credentials, and meta-agent never reads them"
    case .rawPath: "--raw may only read " + RawPathAllowList.summary
    case .subresource: "only the status and scale subresources are read"
    }
  }

  /// The one message an operator sees.
  public var description: String {
    "refused \(refused): \(why). meta-agent is read-only by design; "
      + "to do it yourself, run: \(operatorCommand)"
  }
}
