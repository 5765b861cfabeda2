import Foundation
import Testing

@testable import Toolsmith

#if canImport(Glibc)
  import Glibc
#endif

/// `mcp_servers/.staging-*` left behind by a deploy killed midway are removed the
/// next time the registry scans or a deploy runs; one a live deploy holds is kept.
@Suite("Staging directories left by a killed deploy")
struct StagingTests {
  /// A staging directory as a killed deploy leaves it: code, profile, half a manifest.
  static func plant(_ name: String, in fixture: RegistryFixture) throws -> URL {
    let staging = fixture.workspace.toolsDirectory.appendingPathComponent(name)
    try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
    let staged = ToolFiles(name: "kubectl", directory: staging)
    try Data(fixture.rendered.code.utf8).write(to: staged.codeURL)
    try Data(fixture.profileYAML.utf8).write(to: staged.profileURL)
    try Data("{\"format\":".utf8).write(to: staged.manifestURL)
    return staging
  }

  static func exists(_ url: URL) -> Bool { FileManager.default.fileExists(atPath: url.path) }

  @Test("an abandoned staging directory is removed at the next scan, and hides no tool")
  func removedAtScan() throws {
    let fixture = try RegistryFixture()
    defer { fixture.remove() }
    let staging = try Self.plant(".staging-abc123", in: fixture)
    let scan = try ToolRegistry(workspace: fixture.workspace).scan()
    #expect(scan.tools.isEmpty && scan.problems.isEmpty)
    #expect(!Self.exists(staging))
  }

  @Test("a deploy removes abandoned staging directories and leaves none of its own")
  func removedAtDeploy() throws {
    let fixture = try RegistryFixture()
    defer { fixture.remove() }
    let staging = try Self.plant(".staging-kill09", in: fixture)
    try fixture.deployApproved()
    #expect(!Self.exists(staging))
    #expect(
      try fixture.installedFileNames() == [
        "kubectl_tools.manifest.json", "kubectl_tools.profile.yaml", "kubectl_tools.py",
      ])
  }

  @Test("a staging directory a live deploy holds locked is kept; once released it goes")
  func lockedIsKept() throws {
    let fixture = try RegistryFixture()
    defer { fixture.remove() }
    let staging = try Self.plant(".staging-live01", in: fixture)
    let fd = open(staging.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    try #require(fd >= 0)
    try #require(flock(fd, LOCK_EX) == 0)
    _ = try ToolRegistry(workspace: fixture.workspace).scan()
    #expect(Self.exists(staging), "a deploy in progress lost its staging directory")
    close(fd)
    _ = try ToolRegistry(workspace: fixture.workspace).scan()
    #expect(!Self.exists(staging))
  }

  @Test(
    "a deploy process killed with SIGKILL while holding its staging lock leaves it removable",
    .enabled(if: Support.hasPython))
  func killedHolder() throws {
    let fixture = try RegistryFixture()
    defer { fixture.remove() }
    let staging = try Self.plant(".staging-sigkil", in: fixture)
    // A stand-in deployer in its own process: locks the directory as a deploy does, then waits.
    let holder = Process()
    holder.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
    holder.arguments = [
      "-I", "-S", "-c",
      "import fcntl, os, sys, time\n"
        + "fd = os.open(sys.argv[1], os.O_RDONLY)\n"
        + "fcntl.flock(fd, fcntl.LOCK_EX)\n"
        + "print('locked', flush=True)\n"
        + "time.sleep(120)\n",
      staging.path,
    ]
    let output = Pipe()
    holder.standardOutput = output
    try holder.run()
    let line = output.fileHandleForReading.availableData
    #expect(String(decoding: line, as: UTF8.self).hasPrefix("locked"))
    _ = try ToolRegistry(workspace: fixture.workspace).scan()
    #expect(Self.exists(staging), "the lock of a live process was ignored")
    kill(holder.processIdentifier, SIGKILL)
    holder.waitUntilExit()
    _ = try ToolRegistry(workspace: fixture.workspace).scan()
    #expect(!Self.exists(staging))
  }

  @Test("a stray staging file is removed once it is older than a minute")
  func strayFile() throws {
    let fixture = try RegistryFixture()
    defer { fixture.remove() }
    let directory = fixture.workspace.toolsDirectory
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let fresh = directory.appendingPathComponent(".staging-fresh1")
    let old = directory.appendingPathComponent(".staging-old001")
    try Data("x".utf8).write(to: fresh)
    try Data("x".utf8).write(to: old)
    try FileManager.default.setAttributes(
      [.modificationDate: Date().addingTimeInterval(-120)], ofItemAtPath: old.path)
    #expect(DurableFiles.removeAbandonedStaging(in: directory) == [".staging-old001"])
    #expect(Self.exists(fresh) && !Self.exists(old))
  }

  @Test("nothing but .staging-* entries is ever removed")
  func onlyStaging() throws {
    let fixture = try RegistryFixture()
    defer { fixture.remove() }
    try fixture.deployApproved()
    let directory = fixture.workspace.toolsDirectory
    let other = directory.appendingPathComponent(".staging")
    try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
    let notes = directory.appendingPathComponent("staging-notes")
    try FileManager.default.createDirectory(at: notes, withIntermediateDirectories: true)
    #expect(DurableFiles.removeAbandonedStaging(in: directory).isEmpty)
    #expect(try ToolRegistry(workspace: fixture.workspace).list().count == 1)
    #expect(Self.exists(other) && Self.exists(notes))
  }
}
