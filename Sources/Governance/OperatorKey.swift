import Crypto
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// The workspace's Ed25519 signing key. It signs each decision on an approval,
/// and its public half verifies the signature right before the approved action
/// runs. On disk it is a PKCS#8 PEM file (readable by `openssl pkey`), mode 0600
/// in a 0700 directory, and it is refused when others could read it.
public struct OperatorKey: Sendable {
  private let raw: Data

  /// A fresh key from the system's CSPRNG.
  public static func generate() -> OperatorKey {
    OperatorKey(raw: Curve25519.Signing.PrivateKey().rawRepresentation)
  }

  init(raw: Data) {
    self.raw = raw
  }

  public var publicKeyHex: String {
    (try? Curve25519.Signing.PrivateKey(rawRepresentation: raw))?.publicKey.rawRepresentation
      .hexString ?? ""
  }

  public func sign(_ message: Data) throws -> Data {
    try Curve25519.Signing.PrivateKey(rawRepresentation: raw).signature(for: message)
  }

  public func isValidSignature(_ signature: Data, for message: Data) -> Bool {
    guard let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw) else {
      return false
    }
    return key.publicKey.isValidSignature(signature, for: message)
  }

  // PKCS#8 wrapping of an Ed25519 private key (RFC 8410): this prefix, then the 32 raw bytes.
  private static let pkcs8Prefix: [UInt8] = [
    0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
  ]

  var pem: String {
    let der = Data(Self.pkcs8Prefix) + raw
    return "-----BEGIN PRIVATE KEY-----\n\(der.base64EncodedString())\n-----END PRIVATE KEY-----\n"
  }

  /// Writes a new key file atomically with mode 0600.
  func write(to url: URL) throws {
    try AtomicFile.write(Data(pem.utf8), to: url, mode: 0o600)
  }

  /// Loads the key, refusing it when the file or its directory is open to others.
  public static func load(from url: URL) throws -> OperatorKey {
    let path = url.path
    var info = stat()
    guard stat(path, &info) == 0 else { throw GovernanceError.keyMissing(path: path) }
    let mode = Int(info.st_mode & 0o777)
    if mode & 0o077 != 0 {
      throw GovernanceError.keyPermissionsTooOpen(path: path, mode: mode, fix: "chmod 600 \(path)")
    }
    if info.st_uid != geteuid() {
      throw GovernanceError.keyUnreadable(
        path: path, reason: "owned by uid \(info.st_uid), not by you (uid \(geteuid()))")
    }
    let dir = url.deletingLastPathComponent().path
    var dirInfo = stat()
    if stat(dir, &dirInfo) == 0, dirInfo.st_mode & 0o077 != 0 {
      throw GovernanceError.keyPermissionsTooOpen(
        path: dir, mode: Int(dirInfo.st_mode & 0o777), fix: "chmod 700 \(dir)")
    }
    let text: String
    do {
      text = try String(contentsOf: url, encoding: .utf8)
    } catch {
      throw GovernanceError.keyUnreadable(
        path: path, reason: "cannot read: \(error.localizedDescription)")
    }
    let body = text.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
    guard let der = Data(base64Encoded: body), der.count == pkcs8Prefix.count + 32,
      Array(der.prefix(pkcs8Prefix.count)) == pkcs8Prefix
    else {
      throw GovernanceError.keyUnreadable(path: path, reason: "not a PKCS#8 Ed25519 private key")
    }
    let raw = der.suffix(32)
    guard (try? Curve25519.Signing.PrivateKey(rawRepresentation: raw)) != nil else {
      throw GovernanceError.keyUnreadable(path: path, reason: "not a valid Ed25519 key")
    }
    return OperatorKey(raw: Data(raw))
  }
}

extension Data {
  var hexString: String { map { String(format: "%02x", $0) }.joined() }
}

/// SHA-256 as lowercase hex: the form every digest takes in approvals and the audit log.
public enum Digest {
  public static func sha256(_ data: Data) -> String {
    Data(SHA256.hash(data: data)).hexString
  }

  public static func sha256(_ text: String) -> String { sha256(Data(text.utf8)) }

  /// A digest over several named parts, unambiguous however the parts are cut
  /// (each is length-prefixed), e.g. the generated code and its sandbox profile.
  public static func sha256(parts: [(name: String, content: String)]) -> String {
    var encoder = CanonicalEncoder()
    for part in parts {
      encoder.append(part.name)
      encoder.append(part.content)
    }
    return sha256(encoder.bytes)
  }
}

/// A byte string for signing and hashing: each field as its UTF-8 length, a
/// colon, the bytes, and a newline; so no two different field lists encode alike.
struct CanonicalEncoder {
  private(set) var bytes = Data()

  init(domain: String? = nil) {
    if let domain { append(domain) }
  }

  mutating func append(_ field: String) {
    let utf8 = Data(field.utf8)
    bytes.append(contentsOf: Array("\(utf8.count):".utf8))
    bytes.append(utf8)
    bytes.append(0x0a)
  }

  mutating func append(_ field: Int64) { append(String(field)) }
}
