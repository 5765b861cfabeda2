import Foundation
import Governance

/// A drafted tool on disk, under mcp_servers/drafts/ where the registry never
/// loads it: written atomically, readable by the sandbox's user.
enum DraftFile {
  static let directoryName = "drafts"

  static func write(_ code: String, to url: URL) throws {
    try FileManager.default.createDirectory(
      at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try AtomicFile.write(Data(code.utf8), to: url, mode: 0o644)
  }
}
