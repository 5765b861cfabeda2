import ArgumentParser
import Dispatch
import Foundation
import Kube

/// `meta-agent cluster replay DIR [--port P] [--kubeconfig-out FILE]`
struct ClusterReplayCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "replay",
    abstract: "Serve a captured cluster read-only over the Kubernetes API, for kubectl.",
    discussion: """
      DIR holds kubectl -o json|yaml output (objects or Lists, any file names,
      nested folders) and container logs at logs/<namespace>/<pod>/<container>.log
      and <container>.previous.log; see docs/capture-format.md. The server
      listens on 127.0.0.1, answers GET requests only (writes get a 405 Status)
      and runs until SIGINT or SIGTERM.

      Examples:
        meta-agent cluster replay Tests/KubeTests/Scenarios/reference-oom-crashloop
        meta-agent cluster replay ./capture --port 8001 --kubeconfig-out /tmp/replay.kubeconfig
      """)

  @Argument(help: "The capture directory.")
  var directory: String

  @Option(help: "The port to listen on; 0 picks a free one.")
  var port = 0

  @Option(help: "Write the kubeconfig here instead of a temporary file.")
  var kubeconfigOut: String?

  func validate() throws {
    guard (0...65_535).contains(port) else {
      throw ValidationError("--port must be between 0 and 65535, got \(port)")
    }
  }

  func run() throws {
    let server: ReplayServer
    let kubeconfig: URL
    do {
      let snapshot = try CaptureDirectory.load(URL(fileURLWithPath: directory))
      server = try ReplayServer.startBlocking(
        cluster: ReplayCluster(snapshot: snapshot), port: port)
      let file = kubeconfigFile()
      // `--kubeconfig-out ~/.kube/config` on a fresh machine: make the directory, as kubectl would.
      try FileManager.default.createDirectory(
        at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
      kubeconfig = try server.writeKubeconfig(to: file)
    } catch let error as ReplayError {
      printError(error.located(in: directory).description)
      throw ExitCode.error
    } catch {
      printError(errorLine(error, step: "replaying \(directory)"))
      throw ExitCode.error
    }
    // Written unbuffered so a script reading our stdout sees the line before we block.
    FileHandle.standardOutput.write(
      Data(
        """
        Replaying \(directory) at \(server.url) (read-only). Kubeconfig:

        \(server.kubeconfig())
        export KUBECONFIG=\(kubeconfig.path)

        """.utf8))
    let signals = StopSignals { server.stopListening() }
    server.waitUntilClosed()
    server.shutdownBlocking()
    withExtendedLifetime(signals) {}
    // A temporary kubeconfig points at a port that is now closed; an explicit one is the user's.
    if kubeconfigOut == nil { try? FileManager.default.removeItem(at: kubeconfig) }
  }

  private func kubeconfigFile() -> URL {
    if let kubeconfigOut { return URL(fileURLWithPath: kubeconfigOut) }
    return FileManager.default.temporaryDirectory.appendingPathComponent(
      "meta-agent-replay-\(ProcessInfo.processInfo.processIdentifier).kubeconfig")
  }
}

/// Turns SIGINT and SIGTERM into one call of `stop`, so the server shuts down cleanly.
final class StopSignals {
  private let sources: [any DispatchSourceSignal]

  init(stop: @escaping @Sendable () -> Void) {
    sources = [SIGINT, SIGTERM].map { number in
      signal(number, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
      source.setEventHandler(handler: stop)
      source.resume()
      return source
    }
  }
}
