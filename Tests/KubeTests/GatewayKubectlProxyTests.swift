import Foundation
import Testing

@testable import Kube

/// A stand-in "kubectl" script, for the failures real kubectl cannot be made to show on cue.
private func script(_ body: String, in scratch: ScratchDirectory) throws -> String {
  let path = scratch.path("fake-kubectl")
  try ("#!/bin/sh\n" + body + "\n").write(toFile: path, atomically: true, encoding: .utf8)
  chmod(path, 0o755)
  return path
}

private func kubeconfig(in scratch: ScratchDirectory) throws -> String {
  let path = scratch.path("kubeconfig.yaml")
  try """
  apiVersion: v1
  kind: Config
  clusters:
  - name: nowhere
    cluster: {server: "https://127.0.0.1:1"}
  users:
  - name: u
    user: {token: t}
  contexts:
  - name: nowhere
    context: {cluster: nowhere, user: u}
  current-context: nowhere
  """.write(toFile: path, atomically: true, encoding: .utf8)
  return path
}

@Suite("Gateway kubectl proxy", .serialized, .timeLimit(.minutes(1)))
struct GatewayKubectlProxyTests {
  @Test("the real kubectl proxy listens in a private 0700 directory and stop ends it")
  func startsAndStops() throws {
    let scratch = try ScratchDirectory()
    defer { scratch.remove() }
    let proxy = try KubectlProxy.start(
      KubectlProxy.Configuration(
        kubectl: "/usr/bin/kubectl", kubeconfig: try kubeconfig(in: scratch)))
    let directory = (proxy.socketPath as NSString).deletingLastPathComponent
    let attributes = try FileManager.default.attributesOfItem(atPath: directory)
    #expect((attributes[.posixPermissions] as? Int) == 0o700)
    #expect(proxy.isRunning)
    #expect(UnixSocketProbe.accepts(proxy.socketPath))
    proxy.stop()
    #expect(!proxy.isRunning)
    #expect(proxy.exitDescription != nil)
    #expect(!FileManager.default.fileExists(atPath: directory))
  }

  @Test("an unknown context is kubectl's own error, typed")
  func unknownContext() throws {
    let scratch = try ScratchDirectory()
    defer { scratch.remove() }
    #expect {
      _ = try KubectlProxy.start(
        KubectlProxy.Configuration(
          kubectl: "/usr/bin/kubectl", kubeconfig: try kubeconfig(in: scratch),
          context: "no-such-context"))
    } throws: { error in
      guard case .exitedBeforeReady(let how, let said) = error as? KubectlProxyError else {
        return false
      }
      return how.contains("exited with status") && said.contains("no-such-context")
    }
  }

  @Test("a missing kubectl is a typed error naming where it looked")
  func missingKubectl() {
    #expect(throws: KubectlProxyError.kubectlNotFound(searched: ["/nonexistent/kubectl"])) {
      _ = try KubectlProxy.start(KubectlProxy.Configuration(kubectl: "/nonexistent/kubectl"))
    }
  }

  @Test("a kubectl that never listens times out, and is killed and reaped")
  func neverListens() throws {
    let scratch = try ScratchDirectory()
    defer { scratch.remove() }
    let pidFile = scratch.path("pid")
    let fake = try script(
      "echo \"waiting for the cluster\" >&2\necho $$ > \(pidFile)\ntrap '' TERM\nexec sleep 30",
      in: scratch)
    let started = Date()
    #expect {
      _ = try KubectlProxy.start(KubectlProxy.Configuration(kubectl: fake, startTimeout: 0.5))
    } throws: { error in
      guard case .notReady(let seconds, let said) = error as? KubectlProxyError else {
        return false
      }
      return seconds == 0.5 && said.contains("waiting for the cluster")
    }
    // SIGTERM is ignored by the script, so this also shows the SIGKILL fallback.
    #expect(Date().timeIntervalSince(started) < 5)
    let pid = try #require(
      Int32(
        try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(
          in: .whitespacesAndNewlines)))
    #expect(kill(pid, 0) == -1 && errno == ESRCH)
  }

  @Test("kubectl's own filter rejects every method but GET")
  func rejectMethodsPattern() throws {
    let pattern = try NSRegularExpression(pattern: KubectlProxy.rejectMethods)
    func rejects(_ method: String) -> Bool {
      pattern.firstMatch(in: method, range: NSRange(method.startIndex..., in: method)) != nil
    }
    #expect(!rejects("GET"))
    for method in ["POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "G", "GE", "GETS", "get"] {
      #expect(rejects(method), "\(method)")
    }
    #expect(!KubectlProxy.rejectPaths.contains("{"))
  }
}
