import Foundation
import Governance
import Testing

@testable import Toolsmith

/// A fresh workspace in a temp dir with a rendered kubectl tool ready to deploy.
struct RegistryFixture {
  let workspace: Workspace
  let rendered: RenderedTool
  let profileYAML = "name: python-mcp-tool\nnetwork: none\n"

  init() throws {
    let root = FileManager.default.temporaryDirectory
      .appendingPathComponent("meta-agent-registry-\(UUID().uuidString.prefix(8))")
    _ = try Workspace.initialize(
      at: root, environment: .production, approver: "alice",
      profiles: ["strict": "name: strict\nnetwork: none\n"])
    workspace = Workspace(root: root)
    rendered = try ToolRenderer.render(KubectlCapability.entry)
  }

  func remove() { try? FileManager.default.removeItem(at: workspace.root) }

  var store: ApprovalStore { get throws { ApprovalStore(database: try workspace.openDatabase()) } }
  var files: ToolFiles { ToolFiles(name: rendered.entryName, directory: workspace.toolsDirectory) }

  /// Requests and approves (as alice) an approval of `risk` for `digest`.
  func approved(digest: String, risk: RiskLevel = .red) throws -> String {
    let store = try store
    let request = try store.request(
      ApprovalRequest(
        risk: risk, action: "deploy \(rendered.entryName)", digest: digest,
        summary: "install \(rendered.fileName)", details: rendered.code, requester: "agent"))
    _ = try store.approve(id: request.id, by: "alice", key: try workspace.loadOperatorKey())
    return request.id
  }

  var deploymentDigest: String {
    ToolDeployer.deploymentDigest(code: rendered.code, profile: profileYAML)
  }

  @discardableResult
  func deploy(approvalID: String) throws -> ToolManifest {
    try ToolDeployer.deploy(
      rendered: rendered, profileName: "python-mcp-tool", profileYAML: profileYAML,
      approvalID: approvalID, workspace: workspace, approver: "agent")
  }

  func deployApproved() throws {
    try deploy(approvalID: try approved(digest: deploymentDigest))
  }

  func auditEntries(_ kind: AuditKind) throws -> [AuditEntry] {
    try AuditLog(database: try workspace.openDatabase()).entries().filter {
      $0.kind == kind.rawValue
    }
  }

  func installedFileNames() throws -> [String] {
    guard FileManager.default.fileExists(atPath: workspace.toolsDirectory.path) else { return [] }
    return try FileManager.default.contentsOfDirectory(atPath: workspace.toolsDirectory.path)
      .sorted()
  }
}

@Suite("Registry deploy")
struct RegistryDeployTests {
  @Test("an approved Red deploy installs code, profile and a signed manifest that verify")
  func deployApproved() throws {
    let fixture = try RegistryFixture()
    defer { fixture.remove() }
    try fixture.deployApproved()
    let tools = try ToolRegistry(workspace: fixture.workspace).list()
    #expect(tools.map(\.manifest.name) == ["kubectl"])
    let manifest = try #require(tools.first).manifest
    #expect(manifest.approver == "alice")
    #expect(manifest.codeSHA256 == Digest.sha256(fixture.rendered.code))
    #expect(manifest.profileSHA256 == Digest.sha256(fixture.profileYAML))
    #expect(manifest.template == fixture.rendered.template.name)
    #expect(
      try fixture.installedFileNames()
        == ["kubectl_tools.manifest.json", "kubectl_tools.profile.yaml", "kubectl_tools.py"])
    #expect(try fixture.auditEntries(.deployment).count == 1)
  }

  @Test("a deploy without an approved request is refused, audited, and installs nothing")
  func deployUnapproved() throws {
    let fixture = try RegistryFixture()
    defer { fixture.remove() }
    let pending = try fixture.store.request(
      ApprovalRequest(
        risk: .red, action: "deploy kubectl", digest: fixture.deploymentDigest, summary: "s",
        details: "d", requester: "agent"))
    #expect(throws: RegistryError.self) { try fixture.deploy(approvalID: pending.id) }
    #expect(throws: RegistryError.self) { try fixture.deploy(approvalID: "zzzzzzzz") }
    #expect(try fixture.installedFileNames().filter { !$0.hasPrefix(".") }.isEmpty)
    #expect(try fixture.auditEntries(.refusedAction).count == 2)
  }

  @Test("an approval for other code or another profile is refused and stays unused")
  func deployWrongDigest() throws {
    let fixture = try RegistryFixture()
    defer { fixture.remove() }
    let other = ToolDeployer.deploymentDigest(
      code: fixture.rendered.code, profile: "name: permissive\n")
    let id = try fixture.approved(digest: other)
    #expect(throws: RegistryError.self) { try fixture.deploy(approvalID: id) }
    #expect(try fixture.installedFileNames().isEmpty)
    #expect(try fixture.store.approval(id: id).state == .approved)
  }

  @Test("a Yellow approval cannot deploy, even for the right digest")
  func deployYellow() throws {
    let fixture = try RegistryFixture()
    defer { fixture.remove() }
    let id = try fixture.approved(digest: fixture.deploymentDigest, risk: .yellow)
    #expect(throws: RegistryError.self) { try fixture.deploy(approvalID: id) }
    #expect(try fixture.installedFileNames().isEmpty)
  }

  @Test("an approval deploys once")
  func deployOnce() throws {
    let fixture = try RegistryFixture()
    defer { fixture.remove() }
    let id = try fixture.approved(digest: fixture.deploymentDigest)
    try fixture.deploy(approvalID: id)
    #expect(throws: RegistryError.self) { try fixture.deploy(approvalID: id) }
  }
}

@Suite("Registry load")
struct RegistryLoadTests {
  /// Deploys, applies `damage`, and returns the single problem the registry reports.
  func problem(after damage: (RegistryFixture) throws -> Void) throws -> RegistryProblem {
    let fixture = try RegistryFixture()
    defer { fixture.remove() }
    try fixture.deployApproved()
    try damage(fixture)
    let registry = ToolRegistry(workspace: fixture.workspace)
    let scan = try registry.scan()
    #expect(scan.tools.isEmpty)
    _ = try registry.scan()
    #expect(try fixture.auditEntries(.refusedAction).count == 1, "audited once per problem")
    return try #require(scan.problems.count == 1 ? scan.problems.first : nil)
  }

  static func flipLastByte(_ url: URL) throws {
    var data = try Data(contentsOf: url)
    data[data.count - 1] ^= 0x01
    try data.write(to: url)
  }

  @Test("a code file changed by one byte is refused as tampered code")
  func tamperedCode() throws {
    let problem = try problem { try Self.flipLastByte($0.files.codeURL) }
    guard case .tamperedCode(let tool, _, _) = problem else {
      Issue.record("got \(problem)")
      return
    }
    #expect(tool == "kubectl")
    #expect(problem.description.contains("tampered code"))
  }

  @Test("a profile changed by one byte is refused as tampered profile")
  func tamperedProfile() throws {
    let problem = try problem { try Self.flipLastByte($0.files.profileURL) }
    #expect(problem.kind == "tampered_profile")
  }

  @Test("a manifest with an edited field is refused")
  func tamperedManifestField() throws {
    let problem = try problem { fixture in
      let url = fixture.files.manifestURL
      let text = try String(contentsOf: url, encoding: .utf8)
        .replacingOccurrences(of: "\"approver\":\"alice\"", with: "\"approver\":\"mallory\"")
      try Data(text.utf8).write(to: url)
    }
    #expect(problem.kind == "tampered_manifest")
    #expect(problem.description.contains("signature"))
  }

  @Test("a manifest re-signed with another key, over new code, is refused")
  func resignedManifest() throws {
    let problem = try problem { fixture in
      let evil = "print('evil')\n"
      try Data(evil.utf8).write(to: fixture.files.codeURL)
      let url = fixture.files.manifestURL
      var manifest = try JSONDecoder().decode(ToolManifest.self, from: Data(contentsOf: url))
      manifest.codeSHA256 = Digest.sha256(evil)
      try manifest.signed(with: OperatorKey.generate()).canonicalJSON().write(to: url)
    }
    #expect(problem.kind == "tampered_manifest")
  }

  @Test("code and profile left by a killed deploy, with no manifest, are refused")
  func interruptedDeploy() throws {
    let problem = try problem { fixture in
      try FileManager.default.removeItem(at: fixture.files.manifestURL)
      let staging = fixture.workspace.toolsDirectory.appendingPathComponent(".staging-abc123")
      try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
      try Data("{}".utf8).write(to: staging.appendingPathComponent("kubectl_tools.manifest.json"))
    }
    #expect(problem == .missingFile(tool: "kubectl", file: "kubectl_tools.manifest.json"))
  }

  @Test(
    "an upgrade killed after the code or profile rename (old manifest) is refused",
    arguments: [1, 2])
  func interruptedUpgrade(renamed: Int) throws {
    let problem = try problem { fixture in
      let staging = fixture.workspace.toolsDirectory.appendingPathComponent(".staging-kill09")
      let staged = ToolFiles(name: "kubectl", directory: staging)
      try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
      try Data("print('v2')\n".utf8).write(to: staged.codeURL)
      try Data("name: v2\n".utf8).write(to: staged.profileURL)
      try DurableFiles.rename(staged.codeURL, to: fixture.files.codeURL)
      if renamed == 2 { try DurableFiles.rename(staged.profileURL, to: fixture.files.profileURL) }
    }
    #expect(problem.kind == "tampered_code")
  }

  @Test("a tool deployed after a first list shows up in the next list (hot reload)")
  func hotReload() throws {
    let fixture = try RegistryFixture()
    defer { fixture.remove() }
    let registry = ToolRegistry(workspace: fixture.workspace)
    #expect(try registry.list().isEmpty)
    try fixture.deployApproved()
    #expect(try registry.list().map(\.manifest.name) == ["kubectl"])
  }

  @Test("remove needs an approval for the installed manifest, then deletes every file")
  func remove() throws {
    let fixture = try RegistryFixture()
    defer { fixture.remove() }
    try fixture.deployApproved()
    let registry = ToolRegistry(workspace: fixture.workspace)
    let wrong = try fixture.approved(digest: Digest.sha256("something else"), risk: .yellow)
    #expect(throws: RegistryError.self) {
      try registry.remove(name: "kubectl", approvalID: wrong, actor: "alice")
    }
    #expect(try registry.list().count == 1)
    let id = try fixture.approved(
      digest: try registry.removalDigest(name: "kubectl"), risk: .yellow)
    try registry.remove(name: "kubectl", approvalID: id, actor: "alice")
    #expect(try registry.list().isEmpty)
    #expect(try fixture.installedFileNames().isEmpty)
    #expect(throws: RegistryError.self) { try registry.removalDigest(name: "../etc") }
  }
}
