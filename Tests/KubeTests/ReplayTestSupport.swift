import Foundation
import Testing

@testable import Kube

/// The scenario fixtures shipped next to these tests; under META_AGENT_SOURCE_ROOT
/// when set, so a copied test bundle (scripts/test's unprivileged run) finds them.
enum Scenarios {
  static let root: URL = {
    if let source = ProcessInfo.processInfo.environment["META_AGENT_SOURCE_ROOT"] {
      return URL(fileURLWithPath: source).appendingPathComponent("Tests/KubeTests/Scenarios")
    }
    return URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("Scenarios")
  }()

  static func directory(_ name: String) -> URL { root.appendingPathComponent(name) }

  /// Every scenario directory, by name.
  static var names: [String] {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
    return entries.filter {
      var isDirectory: ObjCBool = false
      return FileManager.default.fileExists(
        atPath: root.appendingPathComponent($0).path, isDirectory: &isDirectory)
        && isDirectory.boolValue
    }.sorted()
  }
}

/// What one kubectl run printed and how it ended.
struct KubectlResult {
  var status: Int32
  var stdout: String
  var stderr: String
  var seconds: Double
}

/// A replay server on a free port plus a private kubeconfig and HOME, so the
/// real kubectl talks to it without touching the user's configuration or caches.
struct ReplayHarness {
  let server: ReplayServer
  let home: URL
  let kubeconfig: URL

  static func start(scenario: String) async throws -> ReplayHarness {
    try await start(directory: Scenarios.directory(scenario))
  }

  static func start(directory: URL) async throws -> ReplayHarness {
    let server = try await ReplayServer.start(directory: directory)
    let home = FileManager.default.temporaryDirectory.appendingPathComponent(
      "replay-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
    let kubeconfig = try server.writeKubeconfig(to: home.appendingPathComponent("kubeconfig"))
    return ReplayHarness(server: server, home: home, kubeconfig: kubeconfig)
  }

  func kubectl(_ arguments: String...) async throws -> KubectlResult {
    try await Kubectl.run(arguments, kubeconfig: kubeconfig, home: home)
  }

  func stop() async {
    await server.shutdown()
    try? FileManager.default.removeItem(at: home)
  }
}

/// Runs /usr/bin/kubectl with output in files (large JSON never blocks a pipe)
/// and a watchdog, without blocking Swift's cooperative threads.
enum Kubectl {
  static let path = "/usr/bin/kubectl"

  static func run(_ arguments: [String], kubeconfig: URL, home: URL) async throws -> KubectlResult {
    let id = UUID().uuidString
    let outFile = home.appendingPathComponent("\(id).out")
    let errFile = home.appendingPathComponent("\(id).err")
    _ = FileManager.default.createFile(atPath: outFile.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errFile.path, contents: nil)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = ["--request-timeout=5s"] + arguments
    process.environment = [
      "KUBECONFIG": kubeconfig.path, "HOME": home.path, "PATH": "/usr/bin:/bin",
    ]
    process.standardOutput = try FileHandle(forWritingTo: outFile)
    process.standardError = try FileHandle(forWritingTo: errFile)
    process.standardInput = FileHandle.nullDevice
    let started = Date()
    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
      process.terminationHandler = { _ in continuation.resume() }
      do {
        try process.run()
      } catch {
        continuation.resume()
        return
      }
      DispatchQueue.global().asyncAfter(deadline: .now() + 30) {
        if process.isRunning { process.terminate() }
      }
    }
    let stdout = (try? String(contentsOf: outFile, encoding: .utf8)) ?? ""
    let stderr = (try? String(contentsOf: errFile, encoding: .utf8)) ?? ""
    return KubectlResult(
      status: process.isRunning ? -1 : process.terminationStatus, stdout: stdout, stderr: stderr,
      seconds: Date().timeIntervalSince(started))
  }
}

extension KubectlResult {
  /// The stdout parsed as JSON, failing the test when it is not.
  func json() throws -> JSONValue {
    try JSONValue.parse(json: Data(stdout.utf8))
  }

  /// `metadata.name` of every item of a printed List.
  func itemNames() throws -> [String] {
    try json()["items"]?.arrayValue.compactMap { $0.string(at: "metadata.name") } ?? []
  }
}
