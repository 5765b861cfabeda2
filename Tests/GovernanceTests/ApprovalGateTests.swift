import Foundation
import Testing

@testable import Governance

private func gate(
  _ workspace: Workspace, _ environment: DeploymentEnvironment,
  terminal: (any ApprovalTerminal)? = nil
) throws -> ApprovalGate {
  ApprovalGate(
    store: ApprovalStore(database: try workspace.openDatabase()),
    policy: EnvironmentPolicy(environment: environment), key: try workspace.loadOperatorKey(),
    approver: "alice", terminal: terminal, pollInterval: .milliseconds(10))
}

@Suite("Approval gate: policy, inline prompt, another terminal, no terminal")
struct ApprovalGateTests {
  @Test("Green needs no request")
  func greenNotRequired() async throws {
    try await withWorkspace { workspace in
      var request = draftRequest()
      request.risk = .green
      let outcome = try await gate(workspace, .production).request(request)
      #expect(outcome == .notRequired)
      let store = ApprovalStore(database: try workspace.openDatabase())
      #expect(try store.list(states: Set(ApprovalState.allCases)).isEmpty)
    }
  }

  @Test("Yellow in dev and staging is approved automatically, recorded with who and when")
  func yellowAutoApprovedAndRecorded() async throws {
    for environment in [DeploymentEnvironment.dev, .staging] {
      try await withWorkspace(environment: environment) { workspace in
        let outcome = try await gate(workspace, environment).request(draftRequest())
        guard case .approved(let approval) = outcome else {
          Issue.record("expected approved, got \(outcome)")
          return
        }
        #expect(approval.decisionMode == .automatic)
        #expect(approval.decidedBy == "policy:\(environment.rawValue)")
        #expect(approval.decidedAt != nil)
        #expect(approval.hasValidSignature(try workspace.loadOperatorKey()))
        let decided = try AuditLog(database: try workspace.openDatabase()).entries(
          AuditQuery(kind: .approvalDecided))
        #expect(decided.last?.detailFields["mode"] == "automatic")
        #expect(decided.last?.actor == "policy:\(environment.rawValue)")
      }
    }
  }

  @Test("Yellow in production without a terminal waits, with the exact approve command")
  func yellowInProductionWaits() async throws {
    try await withWorkspace { workspace in
      let terminal = ScriptedTerminal(interactive: false)
      let outcome = try await gate(workspace, .production, terminal: terminal).request(
        draftRequest())
      guard case .waiting(let approval) = outcome else {
        Issue.record("expected waiting, got \(outcome)")
        return
      }
      #expect(approval.approveCommand == "meta-agent approve \(approval.id)")
      #expect(terminal.output.isEmpty)
    }
  }

  @Test("at the prompt, anything but y or yes denies", arguments: ["n", "", "no", "maybe"])
  func promptDefaultsToNo(answer: String) async throws {
    try await withWorkspace { workspace in
      let terminal = ScriptedTerminal(script: [(afterPolls: 0, input: .line(answer))])
      let outcome = try await gate(workspace, .production, terminal: terminal).request(
        deployRequest())
      guard case .denied(let approval) = outcome else {
        Issue.record("expected denied, got \(outcome)")
        return
      }
      #expect(approval.decidedBy == "alice")
    }
  }

  @Test("the prompt shows what, risk and why")
  func promptShowsWhatRiskWhy() async throws {
    try await withWorkspace { workspace in
      let terminal = ScriptedTerminal(script: [(afterPolls: 0, input: .line("YES"))])
      let outcome = try await gate(workspace, .production, terminal: terminal).request(
        deployRequest(code: "def get_pods(): ..."))
      guard case .approved = outcome else {
        Issue.record("expected approved, got \(outcome)")
        return
      }
      let output = terminal.output
      #expect(output.contains("what:  deploy kubectl_tools"))
      #expect(output.contains("RED"))
      #expect(output.contains("why:   Red: the agent gains new powers"))
      #expect(output.contains("def get_pods(): ..."))
      #expect(output.contains("approve? [y/N]"))
    }
  }

  @Test("an approval given from another terminal is noticed while the prompt waits")
  func noticesOtherTerminal() async throws {
    try await withWorkspace { workspace in
      let terminal = ScriptedTerminal()
      let waiting = Task {
        try await gate(workspace, .production, terminal: terminal).request(deployRequest())
      }
      let other = ApprovalStore(database: try workspace.openDatabase())
      var pending: [Approval] = []
      while pending.isEmpty {
        try await Task.sleep(for: .milliseconds(5))
        pending = try other.list()
      }
      _ = try other.approve(id: pending[0].id, by: "bob", key: try workspace.loadOperatorKey())
      let outcome = try await waiting.value
      guard case .approved(let approval) = outcome else {
        Issue.record("expected approved, got \(outcome)")
        return
      }
      #expect(approval.decidedBy == "bob")
      #expect(terminal.output.contains("from another terminal"))
    }
  }

  @Test("a terminal that closes leaves the request waiting")
  func closedTerminalWaits() async throws {
    try await withWorkspace { workspace in
      let terminal = ScriptedTerminal(script: [(afterPolls: 1, input: .closed)])
      let outcome = try await gate(workspace, .production, terminal: terminal).request(
        deployRequest())
      guard case .waiting(let approval) = outcome else {
        Issue.record("expected waiting, got \(outcome)")
        return
      }
      #expect(approval.state == .pending)
      #expect(terminal.output.contains("meta-agent approve \(approval.id)"))
    }
  }

  @Test("resume picks up a decision made while nobody waited")
  func resumeSeesDecision() async throws {
    try await withWorkspace { workspace in
      let first = try gate(workspace, .production)
      guard case .waiting(let pending) = try await first.request(deployRequest()) else {
        Issue.record("expected waiting")
        return
      }
      _ = try first.store.approve(id: pending.id, by: "bob", key: try workspace.loadOperatorKey())
      let outcome = try await gate(workspace, .production).resume(id: pending.id)
      guard case .approved(let approval) = outcome else {
        Issue.record("expected approved, got \(outcome)")
        return
      }
      #expect(approval.decidedBy == "bob")
    }
  }
}

@Suite("Standard terminal")
struct StandardTerminalTests {
  @Test("reads whole lines without blocking, reports end of input, and a pipe is not interactive")
  func readsLinesFromAPipe() async throws {
    var fds: [Int32] = [0, 0]
    #expect(pipe(&fds) == 0)
    var outFDs: [Int32] = [0, 0]
    #expect(pipe(&outFDs) == 0)
    // Other tests start processes in parallel: a child that inherited the write end
    // would hold end-of-input back, so none may inherit these.
    for fd in fds + outFDs { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
    defer {
      close(fds[0])
      close(outFDs[0])
      close(outFDs[1])
    }
    let terminal = StandardTerminal(input: fds[0], output: outFDs[1])
    #expect(!terminal.isInteractive)
    #expect(try await terminal.readLine(timeout: .milliseconds(20)) == .nothing)
    _ = "y".withCString { Glibc.write(fds[1], $0, 1) }
    #expect(try await terminal.readLine(timeout: .milliseconds(20)) == .nothing)
    _ = "es\nno\n".withCString { Glibc.write(fds[1], $0, 6) }
    #expect(try await terminal.readLine(timeout: .milliseconds(200)) == .line("yes"))
    #expect(try await terminal.readLine(timeout: .milliseconds(200)) == .line("no"))
    close(fds[1])
    #expect(try await terminal.readLine(timeout: .milliseconds(200)) == .closed)
    terminal.write("approve? [y/N] ")
    var buffer = [UInt8](repeating: 0, count: 64)
    let count = read(outFDs[0], &buffer, buffer.count)
    #expect(String(decoding: buffer.prefix(max(0, count)), as: UTF8.self) == "approve? [y/N] ")
  }
}

@Suite("Type-ahead never answers a prompt")
struct TypeAheadTests {
  /// A terminal holding lines typed earlier; discarding drops them.
  final class TypedAheadTerminal: ApprovalTerminal, @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String]
    private(set) var discarded = false
    init(lines: [String]) { self.lines = lines }
    var isInteractive: Bool { true }
    func write(_ text: String) {}
    func discardTypeAhead() {
      lock.withLock {
        lines.removeAll()
        discarded = true
      }
    }
    func readLine(timeout: Duration) async throws -> TerminalInput {
      if let line = lock.withLock({ lines.isEmpty ? nil : lines.removeFirst() }) {
        return .line(line)
      }
      return .closed
    }
  }

  @Test("a 'y' typed before the Red prompt appeared does not approve it")
  func typeAheadIsDropped() async throws {
    try await withWorkspace(environment: .dev) { workspace in
      let terminal = TypedAheadTerminal(lines: ["y"])
      let gate = ApprovalGate(
        store: ApprovalStore(database: try workspace.openDatabase()),
        policy: EnvironmentPolicy(environment: .dev), key: try workspace.loadOperatorKey(),
        approver: "alice", terminal: terminal, pollInterval: .milliseconds(10))
      let outcome = try await gate.request(deployRequest())
      #expect(terminal.discarded)
      guard case .waiting = outcome else {
        Issue.record("the typed-ahead y decided the request: \(outcome)")
        return
      }
    }
  }

  @Test("the standard terminal drops what was typed before, keeps what comes after")
  func standardTerminalDiscards() async throws {
    var fds: [Int32] = [0, 0]
    #expect(pipe(&fds) == 0)
    for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
    defer {
      close(fds[0])
      close(fds[1])
    }
    let terminal = StandardTerminal(input: fds[0], output: STDERR_FILENO)
    _ = "y\nyes\n".withCString { Glibc.write(fds[1], $0, 6) }
    terminal.discardTypeAhead()
    #expect(try await terminal.readLine(timeout: .milliseconds(50)) == .nothing)
    _ = "n\n".withCString { Glibc.write(fds[1], $0, 2) }
    #expect(try await terminal.readLine(timeout: .milliseconds(200)) == .line("n"))
  }
}
