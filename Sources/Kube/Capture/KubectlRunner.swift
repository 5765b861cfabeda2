import Foundation

/// Runs kubectl with fixed arguments (never a shell) and returns what it printed.
struct KubectlRunner: Sendable {
  var executable: URL
  /// Arguments added to every call, such as `--context C`.
  var commonArguments: [String]
  /// The environment kubectl runs with; nil inherits ours (KUBECONFIG, HOME, cloud credentials).
  var environment: [String: String]?

  struct Output: Sendable {
    var status: Int32
    var stdout: Data
    var stderr: String

    /// kubectl's last complaint, which is the one that explains; earlier lines repeat retries.
    var reason: String {
      stderr.split(separator: "\n").last.map(String.init) ?? "kubectl exited \(status)"
    }
  }

  func run(_ arguments: [String]) throws -> Output {
    let process = Process()
    process.executableURL = executable
    process.arguments = commonArguments + arguments
    if let environment { process.environment = environment }
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    do {
      try process.run()
    } catch {
      throw CaptureError.cannotRunKubectl(path: executable.path, reason: "\(error)")
    }
    // Drain stderr on another thread so a chatty kubectl cannot block on a full pipe.
    let stderrBox = DataBox()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
      stderrBox.data = err.fileHandleForReading.readDataToEndOfFile()
      group.leave()
    }
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return Output(
      status: process.terminationStatus, stdout: stdout,
      stderr: String(decoding: stderrBox.data, as: UTF8.self)
        .trimmingCharacters(in: .whitespacesAndNewlines))
  }
}

/// Holds bytes read on another thread; the DispatchGroup orders the access.
private final class DataBox: @unchecked Sendable {
  var data = Data()
}
