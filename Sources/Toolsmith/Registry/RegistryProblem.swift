import Foundation

/// Why an installed tool is refused at load. Each is one line a person can act on.
public enum RegistryProblem: Error, Sendable, Hashable, CustomStringConvertible {
  /// The code file's sha256 is not the one the manifest signed.
  case tamperedCode(tool: String, expected: String, found: String)
  /// The profile file's sha256 is not the one the manifest signed.
  case tamperedProfile(tool: String, expected: String, found: String)
  /// The manifest is unreadable, not canonical, names another tool, or its signature fails.
  case tamperedManifest(tool: String, reason: String)
  /// One of the tool's files is absent (e.g. an interrupted deploy left code without a manifest).
  case missingFile(tool: String, file: String)

  public var tool: String {
    switch self {
    case .tamperedCode(let tool, _, _), .tamperedProfile(let tool, _, _),
      .tamperedManifest(let tool, _), .missingFile(let tool, _):
      tool
    }
  }

  /// A short stable name for tables and audit entries.
  public var kind: String {
    switch self {
    case .tamperedCode: "tampered_code"
    case .tamperedProfile: "tampered_profile"
    case .tamperedManifest: "tampered_manifest"
    case .missingFile: "missing_file"
    }
  }

  /// The reason without the tool's name, for the status column.
  public var reason: String {
    switch self {
    case .tamperedCode(_, let expected, let found):
      "code sha256 \(found.prefix(12)) is not the signed \(expected.prefix(12)): tampered code"
    case .tamperedProfile(_, let expected, let found):
      "profile sha256 \(found.prefix(12)) is not the signed \(expected.prefix(12)): tampered profile"
    case .tamperedManifest(_, let reason):
      "manifest refused: \(reason)"
    case .missingFile(_, let file):
      "\(file) is missing (an interrupted deploy or a manual deletion)"
    }
  }

  public var description: String {
    "tool \(tool) refused: \(reason); redeploy it or `meta-agent tools remove \(tool)`"
  }
}
