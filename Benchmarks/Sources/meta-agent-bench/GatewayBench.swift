import Foundation
import Glibc
import Kube
import Sandbox

/// One HTTP/1.1 GET over a fresh TCP connection to 127.0.0.1:port; the whole
/// answer is read. Returns the status code, or nil when the exchange failed.
func httpGet(port: Int, path: String) -> Int? {
  let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
  guard fd >= 0 else { return nil }
  defer { close(fd) }
  var address = sockaddr_in()
  address.sin_family = sa_family_t(AF_INET)
  address.sin_port = in_port_t(UInt16(port).bigEndian)
  address.sin_addr.s_addr = inet_addr("127.0.0.1")
  let connected = withUnsafePointer(to: &address) {
    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
      connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
    }
  }
  guard connected == 0 else { return nil }
  let request =
    "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\nConnection: close\r\n\r\n"
  guard request.withCString({ write(fd, $0, strlen($0)) }) > 0 else { return nil }
  var response: [UInt8] = []
  var buffer = [UInt8](repeating: 0, count: 65536)
  while true {
    let count = read(fd, &buffer, buffer.count)
    if count <= 0 { break }
    response += buffer[0..<count]
  }
  let head = String(decoding: response.prefix(32), as: UTF8.self)
  return head.split(separator: " ").dropFirst().first.flatMap { Int($0) }
}

/// The read-only gateway's overhead per request: the same GET straight to the
/// replay cluster, and through the gateway and the user's `kubectl proxy`
/// (the path every sandboxed kubectl request takes); then whole kubectl
/// commands, direct and through the full sandboxed chain.
func gatewayBenchmark(iterations: Int) async -> Bool {
  let scenario = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../../../Tests/KubeTests/Scenarios/reference-oom-crashloop")
    .standardizedFileURL
  let home = FileManager.default.temporaryDirectory
    .appendingPathComponent("meta-agent-bench-\(UUID().uuidString.prefix(8))")
  do {
    try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: home) }
    let replay = try await ReplayServer.start(directory: scenario)
    let kubeconfig = try replay.writeKubeconfig(to: home.appendingPathComponent("kubeconfig"))
    var environment = ProcessInfo.processInfo.environment
    environment["HOME"] = home.path
    let proxy = try KubectlProxy.start(
      KubectlProxy.Configuration(kubeconfig: kubeconfig.path, environment: environment))
    let gateway = try await GatewayServer.start(
      .tcp(host: "127.0.0.1", port: 0),
      configuration: GatewayConfiguration(upstream: .unixSocket(proxy.socketPath)))
    defer { proxy.stop() }
    guard let gatewayPort = gateway.port else { return false }

    let path = "/api/v1/namespaces/production/pods"
    guard httpGet(port: replay.port, path: path) == 200,
      httpGet(port: gatewayPort, path: path) == 200
    else {
      print("meta-agent-bench: a warm-up GET failed")
      return false
    }
    print("Read-only gateway overhead, \(iterations) GETs of \(path) each (milliseconds;")
    print("ratio = median over the direct median). The gateway path includes kubectl proxy.")
    print(padded("case", 44) + "    median        p95  vs direct")
    let direct = measure("GET, direct to the replay cluster", iterations: iterations) {
      _ = httpGet(port: replay.port, path: path)
    }
    let through = measure("GET, gateway + kubectl proxy", iterations: iterations) {
      _ = httpGet(port: gatewayPort, path: path)
    }
    print(row(direct, peer: direct) + "")
    print(row(through, peer: direct))
    print(
      String(
        format: "overhead per request: %.3f ms (median)", (through.median - direct.median) * 1000))

    // Whole kubectl commands: fewer runs, each is a process.
    let runs = max(5, iterations / 10)
    let argv = ["get", "pods", "-n", "production", "-o", "json"]
    let plainKubectl = measure("kubectl get pods, direct", iterations: runs) {
      _ = spawnPlain(["/usr/bin/kubectl", "--kubeconfig", kubeconfig.path] + argv)
    }
    let profile = try ProfileSource.resolve("kubectl-readonly", workspace: nil).profile
    let sandboxed = try SandboxedKubectl(
      proxy: KubectlProxy.Configuration(kubeconfig: kubeconfig.path, environment: environment),
      profile: profile, namespace: "production")
    defer { sandboxed.stop() }
    var samples: [Double] = []
    for index in 0..<(runs + 2) {
      let start = now()
      let result = try await sandboxed.run(["kubectl"] + argv)
      if result.ending != .exited(code: 0) {
        print(
          "meta-agent-bench: the sandboxed kubectl failed: \(result.ending) \(result.stderr.text)")
        return false
      }
      if index >= 2 { samples.append(now() - start) }  // two warm-up runs
    }
    let chain = Measurement(name: "kubectl get pods, policy+sandbox+gateway", samples: samples)
    print(row(plainKubectl, peer: plainKubectl))
    print(row(chain, peer: plainKubectl))
    await gateway.stop()
    await replay.shutdown()
    return true
  } catch {
    print("meta-agent-bench: \(error)")
    return false
  }
}
