import Foundation

/// The built `meta-agent` binary, next to the test bundle in the build directory.
let binary: URL = {
  let me = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
  return me.deletingLastPathComponent().appendingPathComponent("meta-agent")
}()

struct Outcome {
  let status: Int32
  let stdout: String
  let stderr: String
}

/// Runs `meta-agent ARGS` in `directory` and waits for it.
func metaAgent(
  _ arguments: [String], in directory: URL, environment: [String: String] = [:]
) throws -> Outcome {
  try started(arguments, in: directory, environment: environment).finish()
}

/// A running `meta-agent` whose output is collected when it is finished.
struct Started {
  let process: Process
  let out: Pipe
  let err: Pipe

  func finish() -> Outcome {
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Outcome(
      status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
      stderr: String(decoding: stderr, as: UTF8.self))
  }
}

func started(
  _ arguments: [String], in directory: URL, environment: [String: String] = [:]
) throws -> Started {
  let process = Process()
  process.executableURL = binary
  process.arguments = arguments
  process.currentDirectoryURL = directory
  var env = ProcessInfo.processInfo.environment
  env.removeValue(forKey: "META_AGENT_WORKSPACE")
  process.environment = env.merging(environment) { _, new in new }
  let out = Pipe()
  let err = Pipe()
  process.standardOutput = out
  process.standardError = err
  process.standardInput = FileHandle.nullDevice
  try process.run()
  return Started(process: process, out: out, err: err)
}

/// A kubeconfig with one context, `lab`, whose user holds a fake token and whose
/// cluster is `server`: a closed port, or TEST-NET-1 where a request would hang.
func labKubeconfig(server: String) -> String {
  """
  apiVersion: v1
  kind: Config
  current-context: lab
  clusters:
  - name: lab
    cluster: { server: "\(server)" }
  contexts:
  - name: lab
    context: { cluster: lab, user: me }
  users:
  - name: me
    user: { token: not-a-real-token }
  """
}
