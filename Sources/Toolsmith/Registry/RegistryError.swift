import Foundation
import Governance

/// Why a deploy or a removal did not happen.
public enum RegistryError: Error, Sendable, CustomStringConvertible {
  /// The approval does not authorize exactly this action (pending, denied, expired, used,
  /// for another digest, or not Red for a deploy).
  case approvalRefused(id: String, reason: String)
  /// The rendered tool's name cannot name files under mcp_servers/.
  case invalidToolName(String)
  /// No installed files for this tool.
  case unknownTool(String)
  /// A file system step failed; nothing half-installed is loadable.
  case installFailed(path: String, reason: String)
  /// The manifest could not be encoded or signed.
  case signingFailed(String)

  public var description: String {
    switch self {
    case .approvalRefused(let id, let reason):
      "approval \(id) does not authorize this: \(reason); read it with "
        + "`meta-agent approvals show \(id)` and ask for a new approval if needed"
    case .invalidToolName(let name):
      "'\(name)' is not a tool name (lowercase letters, digits, _ and -); "
        + "`meta-agent tools list` shows the installed ones"
    case .unknownTool(let name):
      "no tool named \(name) is installed in mcp_servers/; `meta-agent tools list` shows the installed ones"
    case .installFailed(let path, let reason):
      "cannot install \(path): \(reason); check that mcp_servers/ is writable, then deploy again"
    case .signingFailed(let reason):
      "cannot sign the tool manifest: \(reason); run `meta-agent doctor` to check the operator key"
    }
  }
}
