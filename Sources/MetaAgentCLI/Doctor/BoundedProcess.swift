import Foundation
import Kube

/// Runs a host program for a check with a hard deadline: doctor must never wait
/// on a program that hangs (a dispatcher that goes to the network, a broken shim).
enum BoundedProcess {
  typealias Result = HostProcessResult

  /// Runs `executable` with stdin from /dev/null and kills it once `timeoutSeconds`
  /// pass (Kube's `HostProcess`, which the credential check uses too); nil when it
  /// cannot be started at all.
  static func run(
    _ executable: String, _ arguments: [String], timeoutSeconds: Double,
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) -> Result? {
    HostProcess.runBlocking(
      executable, arguments: arguments, environment: environment,
      timeout: .milliseconds(Int(timeoutSeconds * 1000)))
  }

  /// The first executable `name` in the PATH of `environment`, as given (not resolved).
  static func which(_ name: String, environment: [String: String]) -> String? {
    for directory in (environment["PATH"] ?? "").split(separator: ":") where !directory.isEmpty {
      let path = "\(directory)/\(name)"
      if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    return nil
  }

  /// The path with every symlink resolved, as the kernel would open it.
  static func realPath(_ path: String) -> String {
    guard let resolved = realpath(path, nil) else { return path }
    defer { free(resolved) }
    return String(cString: resolved)
  }
}
