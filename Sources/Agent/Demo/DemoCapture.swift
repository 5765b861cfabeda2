import Foundation

extension DemoScenario {
  /// Writes the capture into `directory` (created), ready for the replay cluster.
  public static func write(to directory: URL) throws {
    for (path, text) in files {
      let file = directory.appendingPathComponent(path)
      try FileManager.default.createDirectory(
        at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(text.utf8).write(to: file, options: .atomic)
    }
  }
}
