import Foundation

/// Writes one line to stderr, where diagnostics go so stdout stays parseable.
func printError(_ text: String) {
  FileHandle.standardError.write(Data((text + "\n").utf8))
}
