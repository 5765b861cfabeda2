import Foundation
import Glibc

@testable import Sandbox

/// Shared fixtures for the sandbox tests.
enum Fixture {
  static let isRoot = geteuid() == 0

  /// Where the built `sandbox-probe` lives: next to the test bundle.
  static var probePath: String {
    let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    var directory = bundle.deletingLastPathComponent()
    if directory.lastPathComponent == "MacOS" {
      directory = directory.deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    }
    return directory.appendingPathComponent("sandbox-probe").path
  }

  /// SwiftPM links every executable, even a C one, against the Swift runtime.
  static var swiftRuntime: [SandboxProfile.Bind] {
    let runtime = "/opt/swift/usr/lib/swift/linux"
    return access(runtime, F_OK) == 0 ? [.init(runtime)] : []
  }

  /// A profile that runs the probe with everything it needs and nothing more.
  static func probeProfile(
    allow extra: [String] = [], network: SandboxProfile.NetworkMode = .none,
    families: [String] = ["unix"], defaultAction: SandboxProfile.SeccompDefault = .killProcess,
    limits: SandboxProfile.Limits = SandboxProfile.Limits(wallTimeSeconds: 20)
  ) -> SandboxProfile {
    let probeDirectory = (probePath as NSString).deletingLastPathComponent
    return SandboxProfile(
      name: "probe",
      filesystem: SandboxProfile.Filesystem(
        readOnly: [
          .init("/usr"), .init("/lib"), .init("/lib64"), .init("/bin"),
          .init("/etc/ld.so.cache"), .init(probeDirectory, at: "/probe"),
        ] + swiftRuntime,
        workingDirectory: "/tmp"),
      network: network,
      environment: .init(set: ["PATH": "/usr/bin:/bin", "HOME": "/tmp"]),
      executables: ["/probe/sandbox-probe", "/usr/bin/true", "/usr/bin/python3"],
      limits: limits,
      seccomp: .init(
        defaultAction: defaultAction,
        allow: [
          "@default", "@memory", "@basic-io", "@file-system", "@process", "@signal",
          "@io-event", "@network-io", "@system-info",
        ] + extra,
        socketFamilies: families))
  }

  static func runProbe(
    _ arguments: [String], profile: SandboxProfile? = nil, environment: [String: String] = [:],
    stdin: [UInt8]? = nil, extraReadOnly: [SandboxProfile.Bind] = [], hiddenPaths: [String] = [],
    wallTime: Double? = nil
  ) throws -> SandboxResult {
    try SandboxLauncher.run(
      SandboxRequest(
        argv: ["/probe/sandbox-probe"] + arguments, profile: profile ?? probeProfile(),
        extraReadOnly: extraReadOnly, hiddenPaths: hiddenPaths, environment: environment,
        stdin: stdin, wallTimeSeconds: wallTime))
  }

  /// A fresh directory under /tmp, readable by the sandbox's unprivileged user.
  static func temporaryDirectory() throws -> String {
    var template = Array("/tmp/meta-agent-test.XXXXXX".utf8CString)
    guard let made = mkdtemp(&template) else { throw POSIXError(.EIO) }
    let path = String(cString: made)
    chmod(path, 0o755)
    return path
  }

  static func remove(_ path: String) {
    try? FileManager.default.removeItem(atPath: path)
  }
}
