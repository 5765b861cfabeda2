import Foundation

@testable import Kube

/// What a raw HTTP exchange returned.
struct RawResponse {
  let status: Int
  let head: String
  let body: String
  let seconds: Double
}

/// A blocking HTTP/1.1 client on a plain socket, so tests see exactly the
/// bytes the gateway sends (chunk framing included) and can bound the wait.
enum RawHTTP {
  enum Failure: Error {
    case socket(String)
  }

  static func send(
    _ request: String, tcpPort: Int? = nil, unixSocket: String? = nil, timeout: Double = 10
  ) throws -> RawResponse {
    let started = Date()
    let family = unixSocket == nil ? AF_INET : AF_UNIX
    let descriptor = socket(family, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { throw Failure.socket("socket") }
    defer { close(descriptor) }
    var limit = timeval(tv_sec: Int(timeout), tv_usec: 0)
    setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
    let connected: Int32
    if let unixSocket {
      var address = sockaddr_un()
      address.sun_family = sa_family_t(AF_UNIX)
      withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(unixSocket.utf8)) }
      connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
          connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
        }
      }
    } else {
      var address = sockaddr_in()
      address.sin_family = sa_family_t(AF_INET)
      address.sin_port = in_port_t(UInt16(tcpPort ?? 0).bigEndian)
      address.sin_addr.s_addr = inet_addr("127.0.0.1")
      connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
          connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
        }
      }
    }
    guard connected == 0 else {
      throw Failure.socket("connect: \(String(cString: strerror(errno)))")
    }
    let bytes = Array(request.utf8)
    guard write(descriptor, bytes, bytes.count) == bytes.count else {
      throw Failure.socket("write")
    }
    var received: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
      let count = read(descriptor, &buffer, buffer.count)
      if count <= 0 { break }
      received.append(contentsOf: buffer[0..<count])
    }
    let text = String(decoding: received, as: UTF8.self)
    let parts = text.components(separatedBy: "\r\n\r\n")
    let head = parts.first ?? ""
    let statusCode = head.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
    return RawResponse(
      status: statusCode, head: head, body: parts.dropFirst().joined(separator: "\r\n\r\n"),
      seconds: Date().timeIntervalSince(started))
  }

  static func get(_ target: String, headers: [String] = []) -> String {
    (["GET \(target) HTTP/1.1", "Host: 127.0.0.1", "Connection: close"] + headers)
      .joined(separator: "\r\n") + "\r\n\r\n"
  }
}

/// What one kubectl run printed.
struct CommandResult {
  let status: Int32
  let stdout: String
  let stderr: String
  var output: String { stdout + stderr }
}

/// Runs a program to completion with its output in files, so a chatty
/// program never blocks on a full pipe; waits with waitpid, which (unlike
/// Foundation's Process on Linux) does not spin a core while it waits.
enum Command {
  enum Failure: Error {
    case spawn(Int32)
  }

  static func run(
    _ path: String, _ arguments: [String], environment: [String: String], in directory: URL
  ) throws -> CommandResult {
    let name = UUID().uuidString
    let outPath = directory.appendingPathComponent("\(name).out").path
    let errPath = directory.appendingPathComponent("\(name).err").path
    let pid: pid_t
    do {
      pid = try ProcessSpawn.spawn(
        [path] + arguments, environment: environment, outputPath: outPath, errorPath: errPath)
    } catch {
      throw Failure.spawn(error.code)
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1, errno == EINTR {}
    return CommandResult(
      status: status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f),
      stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
      stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")
  }
}

/// A TLS front for the fake API server. client-go sends credentials only to
/// https servers, and swift-nio-ssl is not a dependency, so a few lines of
/// Python's ssl module terminate TLS and relay bytes to the plain server.
final class TLSFront: @unchecked Sendable {
  let port: Int
  let certificatePath: String
  private let process: Process

  private static let relay = """
    import socket, ssl, sys, threading
    cert, key, backend = sys.argv[1], sys.argv[2], int(sys.argv[3])
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(64)
    print(srv.getsockname()[1], flush=True)
    def pump(a, b):
        try:
            while True:
                d = a.recv(65536)
                if not d:
                    break
                b.sendall(d)
        except Exception:
            pass
        for s in (a, b):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except Exception:
                pass
    def serve(c):
        try:
            t = ctx.wrap_socket(c, server_side=True)
        except Exception:
            c.close()
            return
        u = socket.create_connection(("127.0.0.1", backend))
        threading.Thread(target=pump, args=(t, u), daemon=True).start()
        pump(u, t)
    while True:
        c, _ = srv.accept()
        threading.Thread(target=serve, args=(c,), daemon=True).start()
    """

  enum Failure: Error {
    case setup(String)
  }

  init(backendPort: Int, directory: URL) throws {
    let cert = directory.appendingPathComponent("server.crt").path
    let key = directory.appendingPathComponent("server.key").path
    let made = try Command.run(
      "/usr/bin/openssl",
      [
        "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
        "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
        "-keyout", key, "-out", cert,
      ], environment: ["PATH": "/usr/bin:/bin"], in: directory)
    guard made.status == 0 else { throw Failure.setup("openssl: \(made.stderr)") }
    let script = directory.appendingPathComponent("tls_front.py")
    try Self.relay.write(to: script, atomically: true, encoding: .utf8)
    let output = Pipe()
    process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
    process.arguments = [script.path, cert, key, String(backendPort)]
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    var line = Data()
    while !line.contains(UInt8(ascii: "\n")) {
      let chunk = output.fileHandleForReading.availableData
      guard !chunk.isEmpty else { throw Failure.setup("the TLS front printed no port") }
      line.append(chunk)
    }
    guard
      let port = Int(
        String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    else { throw Failure.setup("the TLS front printed no port") }
    self.port = port
    certificatePath = cert
  }

  /// SIGKILL: the test runner's blocked signal mask is inherited, so SIGTERM may not land.
  func stop() {
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
  }
}

/// A private scratch directory removed at the end of a test.
struct ScratchDirectory {
  let url: URL

  init() throws {
    url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "gw-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }

  func path(_ name: String) -> String { url.appendingPathComponent(name).path }

  func remove() { try? FileManager.default.removeItem(at: url) }
}
