import Foundation

/// Writes one diagnostic line to stderr, prefixed with the program's name, so
/// stdout stays parseable and a person sees who is speaking.
func printError(_ line: String) {
  FileHandle.standardError.write(Data("meta-agent: \(line)\n".utf8))
}
