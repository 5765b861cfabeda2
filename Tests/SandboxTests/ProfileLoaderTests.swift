import Foundation
import Testing

@testable import Sandbox

/// The first load error of `yaml` read as the file `t.yaml`, or nil when it loads.
private func loadError(_ yaml: String, file: String = "t.yaml") -> ProfileError? {
  ProfileLoader.read(yaml: yaml, file: file, expectedName: nil).errors.first
}

/// The repository root: META_AGENT_SOURCE_ROOT when set, else three levels above this file.
private func sourceRoot() -> String {
  if let root = ProcessInfo.processInfo.environment["META_AGENT_SOURCE_ROOT"] { return root }
  return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path
}

private let fullExample = """
  name: t
  description: Nothing but the target program.
  filesystem:
    read_only:
      - /usr
      - { path: /opt/tool, at: /tool }
    writable: []
    tmpfs:
      - /tmp
      - { path: /run, size: 1MiB }
    proc: full
    working_directory: /tmp
  network: loopback
  environment:
    pass: [LANG, TERM]
    set: { PATH: /usr/bin:/bin, HOME: /tmp, COLUMNS: 80 }
  executables: [/usr/bin/true]
  limits:
    cpu_seconds: 5
    memory: 256MiB
    processes: 8
    open_files: 32
    file_size: 2Mi
    wall_time: 1.5m
    output_bytes: 64KiB
  seccomp:
    default_action: errno
    allow: ["@default", "@basic-io", execve]
    errno: { clone3: ENOSYS }
    socket_families: [unix, inet]
  capabilities: [CAP_NET_RAW]
  acknowledge:
    CAP_NET_RAW: "pings"
  """

@Suite("Profile loader") struct ProfileLoaderTests {
  @Test("every field of the documented format is read") func readsEveryField() throws {
    let profile = try ProfileLoader.parse(yaml: fullExample, file: "t.yaml")
    #expect(profile.name == "t")
    #expect(profile.description == "Nothing but the target program.")
    #expect(profile.filesystem.readOnly == [.init("/usr"), .init("/opt/tool", at: "/tool")])
    #expect(profile.filesystem.tmpfs == [.init("/tmp"), .init("/run", sizeBytes: 1 << 20)])
    #expect(profile.filesystem.proc == .full)
    #expect(profile.filesystem.workingDirectory == "/tmp")
    #expect(profile.network == .loopback)
    #expect(profile.environment.pass == ["LANG", "TERM"])
    #expect(profile.environment.set == ["PATH": "/usr/bin:/bin", "HOME": "/tmp", "COLUMNS": "80"])
    #expect(profile.executables == ["/usr/bin/true"])
    #expect(
      profile.limits
        == .init(
          cpuSeconds: 5, memoryBytes: 256 << 20, processes: 8, openFiles: 32,
          fileSizeBytes: 2 << 20, wallTimeSeconds: 90, outputBytes: 64 << 10))
    #expect(profile.seccomp.defaultAction == .errno)
    #expect(profile.seccomp.allow == ["@default", "@basic-io", "execve"])
    #expect(profile.seccomp.errno == ["clone3": "ENOSYS"])
    #expect(profile.seccomp.socketFamilies == ["unix", "inet"])
    #expect(profile.capabilities == ["CAP_NET_RAW"])
    #expect(profile.acknowledgements == ["CAP_NET_RAW": "pings"])
  }

  @Test("a profile of only a name gets the model's defaults") func defaults() throws {
    let profile = try ProfileLoader.parse(yaml: "name: t\n", file: "t.yaml")
    #expect(profile == SandboxProfile(name: "t"))
  }

  @Test("malformed YAML is refused with the line of the syntax error") func malformedYAML() {
    let error = loadError("name: t\nlimits:\n  memory: [1\n  processes: 3\n")
    #expect(error?.kind == .malformedYAML)
    #expect(error?.line == 4)
  }

  @Test("a profile with an unknown field is refused and names the line") func unknownField() {
    let error = loadError("name: t\n\nfilesytem:\n  proc: none\n")
    #expect(error?.kind == .unknownField)
    #expect(error?.line == 3)
    #expect(error?.field == "filesytem")
    #expect(error?.fix.contains("did you mean 'filesystem'") == true)
  }

  @Test("an unknown nested field names its full path and the closest known name")
  func unknownNestedField() {
    let error = loadError("name: t\nlimits:\n  memroy: 1MiB\n")
    #expect(error?.field == "limits.memroy")
    #expect(error?.line == 3)
    #expect(error?.fix.contains("'memory'") == true)
  }

  @Test(
    "a value of the wrong type is refused with its line",
    arguments: [
      ("name: t\nexecutables: /usr/bin/true\n", 2, "executables"),
      ("name: t\nlimits:\n  processes: many\n", 3, "limits.processes"),
      ("name: t\nlimits: 5\n", 2, "limits"),
      ("name: t\nfilesystem:\n  read_only:\n    - [a]\n", 4, "filesystem.read_only[0]"),
      ("name: t\nenvironment:\n  set: { A: [1] }\n", 3, "environment.set.A"),
    ])
  func wrongType(yaml: String, line: Int, field: String) {
    let error = loadError(yaml)
    #expect(error?.kind == .wrongType)
    #expect(error?.line == line)
    #expect(error?.field == field)
  }

  @Test("a bad enum value lists the valid ones") func badEnumValue() {
    let error = loadError("name: t\nnetwork: lan\n")
    #expect(error?.kind == .badValue)
    #expect(error?.line == 2)
    #expect(error?.fix == "use one of none | loopback | kube-gateway")
    #expect(loadError("name: t\nfilesystem:\n  proc: some\n")?.fix.contains("pid-only") == true)
    #expect(loadError("name: t\nseccomp:\n  default_action: log\n")?.line == 3)
  }

  @Test("a negative number is refused") func negativeNumber() {
    #expect(loadError("name: t\nlimits:\n  open_files: -1\n")?.kind == .badValue)
  }

  @Test("a bad size or duration is refused with its line and a corrected spelling")
  func badSizeAndDuration() {
    let size = loadError("name: t\nlimits:\n  memory: 512MB\n")
    #expect(size?.kind == .badSize)
    #expect(size?.line == 3)
    #expect(size?.field == "limits.memory")
    #expect(size?.fix == "write 512MiB for powers of 1024")
    let tmpfsSize = loadError("name: t\nfilesystem:\n  tmpfs:\n    - { path: /run, size: lots }\n")
    #expect(tmpfsSize?.kind == .badSize)
    #expect(tmpfsSize?.field == "filesystem.tmpfs[0].size")
    let duration = loadError("name: t\nlimits:\n  wall_time: 3 days\n")
    #expect(duration?.kind == .badDuration)
    #expect(duration?.line == 3)
  }

  @Test(
    "paths must be absolute and plain",
    arguments: [
      ("name: t\nfilesystem:\n  read_only: [usr]\n", "filesystem.read_only[0]"),
      (
        "name: t\nfilesystem:\n  read_only: [{ path: /opt, at: tool }]\n",
        "filesystem.read_only[0].at"
      ),
      ("name: t\nfilesystem:\n  writable: [/tmp/../etc]\n", "filesystem.writable[0]"),
      ("name: t\nfilesystem:\n  tmpfs: [tmp]\n", "filesystem.tmpfs[0]"),
      ("name: t\nfilesystem:\n  working_directory: work\n", "filesystem.working_directory"),
      ("name: t\nexecutables: [./run]\n", "executables[0]"),
    ])
  func nonAbsolutePath(yaml: String, field: String) {
    let error = loadError(yaml)
    #expect(error?.kind == .notAbsolute)
    #expect(error?.field == field)
    #expect(error?.line != nil)
  }

  @Test("trailing and doubled slashes are tidied, not refused") func pathsAreTidied() throws {
    let profile = try ProfileLoader.parse(
      yaml: "name: t\nfilesystem:\n  read_only: [/usr//lib/]\n", file: "t.yaml")
    #expect(profile.filesystem.readOnly == [.init("/usr/lib")])
  }

  @Test("a profile without a name is refused") func missingName() {
    #expect(loadError("description: x\n")?.kind == .missingName)
    #expect(loadError("")?.kind == .missingName)
    #expect(loadError("# only a comment\n")?.kind == .missingName)
  }

  @Test("the name must match the file name") func nameMismatch() {
    let error = loadError("\nname: other\n", file: "dir/strict.yaml")
    #expect(error?.kind == .nameMismatch)
    #expect(error?.line == 2)
    #expect(error?.fix.contains("name: strict") == true)
    #expect(loadError("name: strict\n", file: "dir/strict.yaml") == nil)
  }

  @Test("an unknown syscall is refused, suggesting the closest one") func unknownSyscall() {
    let error = loadError("name: t\nseccomp:\n  allow:\n    - read\n    - opne\n")
    #expect(error?.kind == .unknownSyscall)
    #expect(error?.line == 5)
    #expect(error?.field == "seccomp.allow[1]")
    #expect(error?.fix.contains("did you mean open?") == true)
    #expect(
      loadError("name: t\nseccomp:\n  errno: { frobnicate: EPERM }\n")?.kind == .unknownSyscall)
  }

  @Test("an unknown group is refused, listing the groups") func unknownGroup() {
    let error = loadError("name: t\nseccomp:\n  allow: [\"@fs\"]\n")
    #expect(error?.kind == .unknownGroup)
    #expect(error?.line == 3)
    #expect(error?.fix.contains("@file-system") == true)
  }

  @Test("an unknown errno name is refused") func unknownErrno() {
    let error = loadError("name: t\nseccomp:\n  errno:\n    clone3: ENOSYSS\n")
    #expect(error?.kind == .unknownErrno)
    #expect(error?.line == 4)
    #expect(error?.fix.contains("ENOSYS") == true)
  }

  @Test("an unknown socket family is refused, listing the families") func unknownSocketFamily() {
    let error = loadError("name: t\nseccomp:\n  socket_families: [unix, ip]\n")
    #expect(error?.kind == .unknownSocketFamily)
    #expect(error?.field == "seccomp.socket_families[1]")
    #expect(error?.fix.contains("inet6") == true)
  }

  @Test("an unknown capability is refused, with the canonical spelling when close")
  func unknownCapability() {
    let error = loadError("name: t\ncapabilities:\n  - net_raw\n")
    #expect(error?.kind == .unknownCapability)
    #expect(error?.line == 3)
    #expect(error?.fix == "write CAP_NET_RAW")
    #expect(loadError("name: t\ncapabilities: [CAP_SYS_ADMN]\n")?.fix == "write CAP_SYS_ADMIN")
  }

  @Test("a duplicated field is malformed YAML") func duplicateField() {
    #expect(loadError("name: t\nnetwork: none\nnetwork: loopback\n")?.kind == .malformedYAML)
  }

  @Test("every problem is collected, not just the first") func collectsEveryError() {
    let loaded = ProfileLoader.read(
      yaml: "name: t\nnetwork: lan\nlimits:\n  memory: 1MB\nseccomp:\n  allow: [opne]\n",
      file: "t.yaml", expectedName: nil)
    #expect(loaded.profile == nil)
    #expect(loaded.errors.map(\.kind) == [.badValue, .badSize, .unknownSyscall])
    #expect(loaded.errors.map(\.line) == [2, 4, 6])
  }

  @Test("a profile file that does not exist is refused by name") func missingFile() {
    let path = "/nonexistent-\(UInt32.random(in: 0...UInt32.max))/p.yaml"
    #expect(throws: ProfileError.self) { try ProfileLoader.load(file: path) }
    let error = ProfileLoader.read(file: path).errors.first
    #expect(error?.kind == .missingFile)
    #expect(error?.description == "\(path): no such file (fix: \(error?.fix ?? ""))")
  }

  @Test("a profile file is read from disk and named by its file") func loadsFile() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "profile-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("mine.yaml").path
    try "name: mine\n".write(toFile: file, atomically: true, encoding: .utf8)
    #expect(try ProfileLoader.load(file: file).name == "mine")
    try "name: yours\n".write(toFile: file, atomically: true, encoding: .utf8)
    #expect(ProfileLoader.read(file: file).errors.first?.kind == .nameMismatch)
  }

  @Test("an error renders as file:line: field: message (fix: …)") func rendering() {
    let error = ProfileError(
      .badSize, file: "p.yaml", line: 7, field: "limits.memory", message: "bad", fix: "good")
    #expect(error.description == "p.yaml:7: limits.memory: bad (fix: good)")
  }

  @Test("every member of every syscall group is a syscall on this architecture")
  func groupMembersResolve() {
    for (group, members) in SyscallGroups.groups {
      for member in members {
        #expect(KernelNames.syscallNumber(member) != nil, "\(group) holds \(member)")
      }
    }
  }

  @Test("each shipped sandbox-profiles/<name>.yaml equals ShippedProfiles.all[name]")
  func shippedTextMatchesFiles() throws {
    let directory = sourceRoot() + "/sandbox-profiles"
    let files = try FileManager.default.contentsOfDirectory(atPath: directory)
      .filter { $0.hasSuffix(".yaml") }
    #expect(Set(files.map { String($0.dropLast(5)) }) == Set(ShippedProfiles.all.keys))
    for (name, text) in ShippedProfiles.all {
      let onDisk = try String(contentsOfFile: "\(directory)/\(name).yaml", encoding: .utf8)
      #expect(onDisk == text, "sandbox-profiles/\(name).yaml differs from ShippedProfiles.all")
    }
  }
}

@Suite("Profile units") struct ProfileUnitTests {
  @Test(
    "sizes take binary units and bare bytes",
    arguments: [
      ("512MiB", UInt64(512 << 20)), ("16Mi", 16 << 20), ("1.5GiB", 3 << 29), ("4096", 4096),
      ("0", 0), ("1 KiB", 1024), ("2TiB", 2 << 40), ("7B", 7),
    ])
  func sizes(text: String, bytes: UInt64) throws {
    #expect(try ByteSize.parse(text).get() == bytes)
  }

  @Test(
    "ambiguous or unknown size units are refused",
    arguments: ["512MB", "1G", "3k", "5XB", "MiB", "-1MiB", "1.2.3KiB"])
  func badSizes(text: String) {
    #expect(throws: UnitError.self) { try ByteSize.parse(text).get() }
  }

  @Test("sizes print in the largest exact unit") func formatSizes() {
    #expect(ByteSize.format(512 << 20) == "512MiB")
    #expect(ByteSize.format(3 << 29) == "1.5GiB")
    #expect(ByteSize.format(1000) == "1000B")
    #expect(ByteSize.format(64 << 10) == "64KiB")
  }

  @Test(
    "durations take ms, s, m, h and bare seconds",
    arguments: [
      ("30s", 30.0), ("500ms", 0.5), ("2m", 120), ("1h", 3600), ("10", 10), ("0.25", 0.25),
    ])
  func durations(text: String, seconds: Double) throws {
    #expect(try DurationText.parse(text).get() == seconds)
  }

  @Test("unknown duration units are refused", arguments: ["3 days", "1m30s", "s", "fast"])
  func badDurations(text: String) {
    #expect(throws: UnitError.self) { try DurationText.parse(text).get() }
  }

  @Test("durations print in the unit that reads best") func formatDurations() {
    #expect(DurationText.format(30) == "30s")
    #expect(DurationText.format(0.5) == "500ms")
    #expect(DurationText.format(120) == "2m")
    #expect(DurationText.format(5400) == "1.5h")
  }
}

@Suite("Profile source") struct ProfileSourceTests {
  @Test("a bare name resolves to the shipped profile") func shippedName() throws {
    let (profile, origin) = try ProfileSource.resolve("strict", workspace: nil)
    #expect(profile.name == "strict")
    #expect(origin == "shipped:strict")
  }

  @Test("an unknown name is refused with the available names") func unknownName() {
    #expect(throws: ProfileError.self) { try ProfileSource.resolve("strickt", workspace: nil) }
    do {
      _ = try ProfileSource.resolve("strickt", workspace: nil)
    } catch {
      #expect(error.kind == .unknownProfile)
      #expect(error.message.contains("kubectl-readonly, python-mcp-tool, strict"))
      #expect(error.fix.contains("did you mean strict?"))
    }
  }

  @Test("a name is looked up in the workspace when one is given; paths are files")
  func workspaceAndPath() throws {
    let workspace = FileManager.default.temporaryDirectory.appendingPathComponent(
      "ws-\(UUID().uuidString)")
    let profiles = workspace.appendingPathComponent("sandbox-profiles")
    try FileManager.default.createDirectory(at: profiles, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: workspace) }
    let file = profiles.appendingPathComponent("local.yaml").path
    try
      "name: local\nexecutables: [/usr/bin/true]\nfilesystem:\n  read_only: [/usr/bin/true]\nseccomp:\n  allow: [execve]\n"
      .write(toFile: file, atomically: true, encoding: .utf8)
    #expect(try ProfileSource.resolve("local", workspace: workspace.path).origin == file)
    #expect(try ProfileSource.resolve(file, workspace: nil).profile.name == "local")
    #expect(throws: ProfileError.self) {
      try ProfileSource.resolve("strict", workspace: workspace.path)
    }
    #expect(
      ProfileSource.isPath("x.yaml") && ProfileSource.isPath("./x") && !ProfileSource.isPath("x"))
  }

  @Test("a profile with lint errors is refused, so nothing runs under it") func refusesLintErrors()
    throws
  {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "lint-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("bad.yaml").path
    try "name: bad\ncapabilities: [CAP_SYS_ADMIN]\n".write(
      toFile: file, atomically: true, encoding: .utf8)
    do {
      _ = try ProfileSource.resolve(file, workspace: nil)
      Issue.record("a profile keeping CAP_SYS_ADMIN without acknowledgement was accepted")
    } catch {
      #expect(error.kind == .refusedByLint)
      #expect(error.line == 2)
    }
  }
}
