import Foundation
import Governance
import MCP
import Sandbox
import Synchronization
import Testing

@testable import Toolsmith

/// Attaches a read-only bind to every tool server and counts what it was asked.
final class BindingAttachments: ToolServerAttachments {
  let bind: SandboxProfile.Bind
  let failure: String?
  private let counts = Mutex<(attached: Int, stopped: Int)>((0, 0))

  init(bind: SandboxProfile.Bind, failure: String? = nil) {
    self.bind = bind
    self.failure = failure
  }

  var attached: Int { counts.withLock { $0.attached } }
  var stopped: Int { counts.withLock { $0.stopped } }

  func attachment(for tool: InstalledTool, profile: SandboxProfile) throws(AttachmentError)
    -> ToolServerAttachment?
  {
    if let failure { throw AttachmentError(failure) }
    counts.withLock { $0.attached += 1 }
    return ToolServerAttachment(extraReadOnly: [bind], stop: { self.recordStop() })
  }

  private func recordStop() { counts.withLock { $0.stopped += 1 } }
}

/// A deployed kubectl tool under the shipped kubectl-mcp-tool profile (network: kube-gateway).
func deployKubectl(into workspace: Workspace) throws {
  let rendered = try ToolRenderer.render(KubectlCapability.entry)
  let profile = try #require(ShippedProfiles.all[KubectlCapability.entry.sandboxProfile])
  let digest = ToolDeployer.deploymentDigest(code: rendered.code, profile: profile)
  let store = ApprovalStore(database: try workspace.openDatabase())
  let request = try store.request(
    ApprovalRequest(
      risk: .red, action: "deploy kubectl", digest: digest, summary: "install kubectl",
      details: rendered.code, requester: "agent"))
  _ = try store.approve(id: request.id, by: "alice", key: try workspace.loadOperatorKey())
  try ToolDeployer.deploy(
    rendered: rendered, profileName: KubectlCapability.entry.sandboxProfile, profileYAML: profile,
    approvalID: request.id, workspace: workspace, approver: "agent")
}

@Suite("Serving: what a tool server needs from the host is attached", .serialized)
struct AttachmentTests {
  @Test(
    "an attachment's bind reaches the server, which is attached once and released at shutdown",
    .enabled(if: Support.hasPython))
  func bindReachesServer() async throws {
    // The installed profile does not bind the logs: only the attachment does.
    let fixture = try ServeFixture(profileBindsLogs: false)
    defer { fixture.remove() }
    let attachments = BindingAttachments(bind: SandboxProfile.Bind(fixture.logs, at: "/logs"))
    let gateway = try ToolGateway(workspace: fixture.workspace, attachments: attachments)
    let result = try await gateway.call("logfile_tail", arguments: ["path": "app.log"])
    _ = try await gateway.listTools()
    #expect(attachments.attached == 1, "a listing must not attach a running tool again")
    #expect(attachments.stopped == 0)
    await gateway.shutdown()
    #expect(result.isError != true, "\(result.text)")
    #expect(result.text.contains("three"), "\(result.text)")
    #expect(attachments.stopped == 1)
  }

  @Test(
    "without the attachment the same tool cannot read its logs", .enabled(if: Support.hasPython))
  func withoutAttachment() async throws {
    let fixture = try ServeFixture(profileBindsLogs: false)
    defer { fixture.remove() }
    let gateway = try ToolGateway(workspace: fixture.workspace)
    let result = try await gateway.call("logfile_tail", arguments: ["path": "app.log"])
    await gateway.shutdown()
    #expect(result.isError == true)
    #expect(!result.text.contains("three"), "\(result.text)")
  }

  @Test("an attachment that fails leaves the tool unserved, with its reason")
  func failingAttachment() async throws {
    let fixture = try ServeFixture()
    defer { fixture.remove() }
    let attachments = BindingAttachments(
      bind: SandboxProfile.Bind(fixture.logs, at: "/logs"), failure: "kubectl proxy exited")
    let gateway = try ToolGateway(workspace: fixture.workspace, attachments: attachments)
    let survey = try await gateway.survey()
    await gateway.shutdown()
    #expect(survey.offerings.map(\.name) == ["logfile"])
    #expect(survey.offerings.first?.functions == [])
    let problem = try #require(survey.offerings.first?.problem)
    #expect(problem == .attachmentFailed(tool: "logfile", reason: "kubectl proxy exited"))
    #expect(problem.reason.contains("kubectl proxy exited"), "\(problem.reason)")
  }

  @Test("a kubectl tool is not served without the kube gateway, and says so")
  func kubeGatewayRequired() async throws {
    let fixture = try ServeFixture()
    defer { fixture.remove() }
    try deployKubectl(into: fixture.workspace)
    let gateway = try ToolGateway(workspace: fixture.workspace)
    let survey = try await gateway.survey()
    let tools = try await gateway.listTools()
    await gateway.shutdown()
    #expect(!tools.contains { $0.name.hasPrefix("kubectl_") })
    let kubectl = try #require(survey.offering(of: "kubectl"))
    #expect(kubectl.functions.isEmpty)
    #expect(
      kubectl.problem?.reason.contains("kube gateway") == true, "\(String(describing: kubectl))")
  }

  @Test(
    "a survey shows each verified tool's functions from its server, and refused tools",
    .enabled(if: Support.hasPython))
  func survey() async throws {
    let fixture = try ServeFixture()
    defer { fixture.remove() }
    let rogue = fixture.workspace.toolsDirectory.appendingPathComponent("rogue_tools.py")
    try Data("print(1)\n".utf8).write(to: rogue)
    let gateway = try ToolGateway(workspace: fixture.workspace)
    let survey = try await gateway.survey()
    await gateway.shutdown()
    #expect(
      survey.offerings == [
        ToolOffering(name: "logfile", functions: ["logfile_list", "logfile_tail"])
      ])
    #expect(survey.scan.tools.map(\.manifest.name) == ["logfile"])
    #expect(survey.scan.problems.map(\.tool) == ["rogue"])
  }
}
