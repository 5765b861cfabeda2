import Foundation
import Governance

/// What a deployed tool is: its code, the profile it must run under, where it
/// came from and who approved it, signed with the workspace's operator key.
/// Stored as canonical JSON (sorted keys) in `<name>_tools.manifest.json`.
public struct ToolManifest: Codable, Sendable, Equatable {
  public static let currentFormat = 1

  public var format: Int
  /// The tool's name; its files are `<name>_tools.py`, `.profile.yaml`, `.manifest.json`.
  public var name: String
  public var entry: String
  public var template: String
  public var templateVersion: String
  public var codeSHA256: String
  public var profileName: String
  public var profileSHA256: String
  public var approvalID: String
  public var approver: String
  /// ISO 8601, UTC.
  public var deployedAt: String
  /// Ed25519 over `signedMessage()`, base64; nil only while being signed.
  public var signature: String?

  enum CodingKeys: String, CodingKey {
    case format, name, entry, template, approver, signature
    case templateVersion = "template_version"
    case codeSHA256 = "code_sha256"
    case profileName = "profile_name"
    case profileSHA256 = "profile_sha256"
    case approvalID = "approval_id"
    case deployedAt = "deployed_at"
  }

  // A domain prefix, so a manifest signature can never pass for an approval's.
  private static let signatureDomain = Data("meta-agent tool manifest v1\n".utf8)

  /// The canonical JSON of every field but the signature: what the key signs.
  public func signedMessage() throws -> Data {
    var unsigned = self
    unsigned.signature = nil
    return Self.signatureDomain + (try Self.canonicalEncoding(of: unsigned))
  }

  public func signed(with key: OperatorKey) throws -> ToolManifest {
    var copy = self
    copy.signature = try key.sign(signedMessage()).base64EncodedString()
    return copy
  }

  public func hasValidSignature(_ key: OperatorKey) -> Bool {
    guard let signature, let bytes = Data(base64Encoded: signature),
      let message = try? signedMessage()
    else { return false }
    return key.isValidSignature(bytes, for: message)
  }

  /// The exact bytes stored on disk; a manifest file in any other form is refused.
  public func canonicalJSON() throws -> Data { try Self.canonicalEncoding(of: self) }

  private static func canonicalEncoding(of manifest: ToolManifest) throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return try encoder.encode(manifest)
  }
}

/// The three files of one installed tool under `mcp_servers/`.
public struct ToolFiles: Sendable, Equatable {
  public let name: String
  public let directory: URL

  public init(name: String, directory: URL) {
    self.name = name
    self.directory = directory
  }

  public var codeURL: URL { directory.appendingPathComponent("\(name)_tools.py") }
  public var profileURL: URL { directory.appendingPathComponent("\(name)_tools.profile.yaml") }
  public var manifestURL: URL { directory.appendingPathComponent("\(name)_tools.manifest.json") }

  static let suffixes = ["_tools.manifest.json", "_tools.profile.yaml", "_tools.py"]

  /// A tool name is a path component, so only these characters: no `/`, no `..`.
  public static func isValidName(_ name: String) -> Bool {
    !name.isEmpty && name.count <= 64 && !name.hasPrefix(".")
      && name.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_" || $0 == "-") }
  }

  /// The tool a file in `mcp_servers/` belongs to, or nil for anything else.
  static func toolName(ofFile fileName: String) -> String? {
    guard !fileName.hasPrefix(".") else { return nil }
    for suffix in suffixes where fileName.hasSuffix(suffix) {
      let name = String(fileName.dropLast(suffix.count))
      return isValidName(name) ? name : nil
    }
    return nil
  }
}
