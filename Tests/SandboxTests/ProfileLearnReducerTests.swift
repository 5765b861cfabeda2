import Foundation
import Glibc
import Testing

@testable import Sandbox

/// Narrowing binds, grouping syscalls and writing the YAML: the parts of
/// learning that need no sandbox.
@Suite("Profile learning: narrowing and writing")
struct ProfileLearnReducerTests {
  /// A host tree: `root/lib/{a..j}.so` (ten files), `root/share/{x,y}`, `root/mods/{m1,m2}`.
  static func makeTree() throws -> String {
    let root = try Fixture.temporaryDirectory()
    let manager = FileManager.default
    for directory in ["lib", "share", "mods", "empty"] {
      try manager.createDirectory(atPath: "\(root)/\(directory)", withIntermediateDirectories: true)
    }
    let files =
      "abcdefghij".map { "lib/\($0).so" } + ["share/x", "share/y", "mods/m1", "mods/m2", "single"]
    for file in files {
      try Data().write(to: URL(fileURLWithPath: "\(root)/\(file)"))
    }
    return root
  }

  @Test(
    "binds shrink to the files used; a listed or crowded directory stays whole; unused binds go")
  func narrowing() throws {
    let root = try Self.makeTree()
    defer { Fixture.remove(root) }
    let filesystem = SandboxProfile.Filesystem(
      readOnly: [
        .init(root, at: "/app"), .init("/etc/hostname", optional: true), .init("/usr/share/doc"),
      ],
      workingDirectory: "/tmp")
    let used: Set<String> =
      Set("abcdefghi".map { "/app/lib/\($0).so" })  // nine of ten: crowded
      .union(["/app/share/x", "/app/mods", "/app/mods/m1", "/app/missing", "/etc/hostname"])
    let reduced = BindReducer(filesystem: filesystem).reduce(paths: used, listed: ["/app/mods"])
    #expect(
      reduced.readOnly == [
        .init("\(root)/lib", at: "/app/lib"), .init("\(root)/mods", at: "/app/mods"),
        .init("\(root)/share/x", at: "/app/share/x"), .init("/etc/hostname", optional: true),
      ])
    #expect(reduced.writable.isEmpty)
  }

  @Test(
    "a directory looked at with nothing used below it is bound whole; the bind's root used whole keeps it"
  )
  func lookedAtDirectories() throws {
    let root = try Self.makeTree()
    defer { Fixture.remove(root) }
    let filesystem = SandboxProfile.Filesystem(readOnly: [.init(root, at: "/app")])
    let empty = BindReducer(filesystem: filesystem).reduce(paths: ["/app/empty"], listed: [])
    #expect(empty.readOnly == [.init("\(root)/empty", at: "/app/empty")])
    let listedRoot = BindReducer(filesystem: filesystem).reduce(
      paths: ["/app", "/app/single"], listed: ["/app"])
    #expect(listedRoot.readOnly == [.init(root, at: "/app")])
  }

  @Test("a working directory under a bind keeps a bind that reaches it")
  func workingDirectory() throws {
    let root = try Self.makeTree()
    defer { Fixture.remove(root) }
    let filesystem = SandboxProfile.Filesystem(
      readOnly: [.init(root, at: "/app")], tmpfs: [], workingDirectory: "/app/share")
    let reduced = BindReducer(filesystem: filesystem).reduce(paths: [], listed: [])
    #expect(reduced.readOnly == [.init("\(root)/share", at: "/app/share")])
  }

  @Test("whole groups are named as groups, the rest singly")
  func grouping() {
    let signal = Set(SyscallGroups.groups["@signal"]!)
    let (groups, singles) = LearnedProfileBuilder.group(signal.union(["read", "openat"]))
    #expect(groups == ["@signal"])
    #expect(singles == ["openat", "read"])
  }

  @Test("every shipped profile survives being written as YAML and read back")
  func roundTrip() throws {
    for (name, text) in ShippedProfiles.all {
      let profile = try ProfileLoader.parse(yaml: text, file: "shipped:\(name)", expectedName: name)
      let written = ProfileYAMLWriter.yaml(profile, header: ["learned", "", "x"])
      let back = try ProfileLoader.parse(yaml: written, file: "\(name).yaml")
      #expect(back == profile, "\(name):\n\(written)")
    }
  }

  @Test("odd strings are quoted and header lines stay comments, so the profile reads back the same")
  func quoting() throws {
    var profile = SandboxProfile(name: "odd")
    profile.description = "a \"quoted\" line: with\ttabs\\ and # hashes"
    profile.environment.set = [
      "FLAG": "yes", "NUMBER": "0755", "PATH": "/usr/bin:/bin", "EMPTY": "",
    ]
    profile.filesystem.readOnly = [.init("/usr/share/my dir", at: "/data", optional: true)]
    profile.limits.memoryBytes = 1_000_001
    profile.limits.wallTimeSeconds = 1.25
    profile.seccomp.allow = ["@default", "execve"]
    profile.acknowledgements = ["ptrace": "needed: really"]
    // A header line holding a line break (a multi-line -c script) stays a comment.
    let written = ProfileYAMLWriter.yaml(profile, header: ["running: python3 -c 'a\ntry: 1'"])
    let back = try ProfileLoader.parse(yaml: written, file: "odd.yaml")
    #expect(back == profile, "\(written)")
  }
}
