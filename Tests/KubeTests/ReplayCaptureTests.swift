import Foundation
import Testing

@testable import Kube

@Suite("cluster capture records what replay serves")
struct ReplayCaptureTests {
  @Test("capturing a replayed cluster and replaying the capture gives the same objects and logs")
  func roundTrip() async throws {
    let original = Scenarios.directory("reference-oom-crashloop")
    let replay = try await ReplayHarness.start(directory: original)
    defer { Task { await replay.stop() } }
    let target = replay.home.appendingPathComponent("capture")
    let capture = ClusterCapture(
      kubectl: URL(fileURLWithPath: Kubectl.path), context: nil, scope: .allNamespaces,
      environment: Self.environment(replay))
    let summary = try await Task.detached { try capture.write(to: target) }.value
    #expect(summary.objects > 0)
    #expect(summary.logs == 9)

    let before = try CaptureDirectory.load(original)
    let after = try CaptureDirectory.load(target)
    for (type, objects) in before.objects {
      let names = { (list: [JSONValue]) in
        list.map {
          "\($0.string(at: "metadata.namespace") ?? "")/\($0.string(at: "metadata.name")!)"
        }
      }
      #expect(names(after.objects[type] ?? []) == names(objects), "\(type.plural)")
    }
    #expect(Set(after.logFiles.keys) == Set(before.logFiles.keys))
    #expect(after.serverVersion.string(at: "gitVersion") == "v1.32.4")
    let secrets = try FileManager.default.contentsOfDirectory(atPath: target.path)
    #expect(!secrets.contains("secrets.json"))
  }

  @Test("capturing from a cluster that cannot be reached fails with a clear error")
  func unreachable() async throws {
    let replay = try await ReplayHarness.start(scenario: "healthy")
    await replay.server.shutdown()
    defer { try? FileManager.default.removeItem(at: replay.home) }
    let capture = ClusterCapture(
      kubectl: URL(fileURLWithPath: Kubectl.path), context: nil, scope: .namespace("shop"),
      environment: Self.environment(replay))
    let target = replay.home.appendingPathComponent("capture")
    let error: CaptureError? = await Task.detached {
      do {
        _ = try capture.write(to: target)
        return nil
      } catch { return error as? CaptureError }
    }.value
    guard case .clusterUnreachable(let message)? = error else {
      Issue.record("expected clusterUnreachable, got \(String(describing: error))")
      return
    }
    #expect(message.contains("refused"))
  }

  /// kubectl's environment pointing at the harness, never at the user's clusters.
  private static func environment(_ replay: ReplayHarness) -> [String: String] {
    ["KUBECONFIG": replay.kubeconfig.path, "HOME": replay.home.path, "PATH": "/usr/bin:/bin"]
  }
}
