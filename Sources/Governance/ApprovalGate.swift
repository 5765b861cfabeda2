import Foundation

/// How a gated action may proceed.
public enum ApprovalOutcome: Sendable, Equatable {
  /// Green: no request was needed.
  case notRequired
  /// Approved by a person, or automatically by the environment policy (see `decisionMode`).
  case approved(Approval)
  case denied(Approval)
  /// Nobody could be asked here: the request is pending. Show `approveCommand`
  /// and stop with the "waiting for approval" exit code.
  case waiting(Approval)
}

/// The one door every gated action goes through. The orchestrator asks it for
/// an approval; it applies the environment policy, and when a person must
/// decide it prompts on the terminal while also watching the store, so an
/// approval from another terminal is noticed. Without a terminal it returns
/// `.waiting`. It never auto-approves Red.
public struct ApprovalGate: Sendable {
  public let store: ApprovalStore
  public let policy: EnvironmentPolicy
  private let key: OperatorKey
  /// The person recorded when someone answers the inline prompt.
  public let approver: String
  private let terminal: (any ApprovalTerminal)?
  private let pollInterval: Duration

  public init(
    store: ApprovalStore, policy: EnvironmentPolicy, key: OperatorKey, approver: String,
    terminal: (any ApprovalTerminal)?, pollInterval: Duration = .milliseconds(500)
  ) {
    self.store = store
    self.policy = policy
    self.key = key
    self.approver = approver
    self.terminal = terminal
    self.pollInterval = pollInterval
  }

  /// Records the request and decides it as far as can be done here.
  public func request(_ request: ApprovalRequest) async throws -> ApprovalOutcome {
    let requirement = policy.requirement(for: request.risk)
    if requirement == .none { return .notRequired }
    var request = request
    if request.reason == nil { request.reason = policy.reason(for: request.risk) }
    let pending = try store.request(request)
    if requirement == .automatic {
      return .approved(try store.approveAutomatically(id: pending.id, policy: policy, key: key))
    }
    return try await waitForPerson(pending)
  }

  /// Continues waiting on an existing request, e.g. when a run is resumed.
  public func resume(id: String) async throws -> ApprovalOutcome {
    let approval = try store.approval(id: id)
    if let outcome = try settled(approval) { return outcome }
    return try await waitForPerson(approval)
  }

  private func waitForPerson(_ approval: Approval) async throws -> ApprovalOutcome {
    guard let terminal, terminal.isInteractive else { return .waiting(approval) }
    terminal.discardTypeAhead()
    terminal.write(Self.prompt(for: approval))
    while true {
      try Task.checkCancellation()
      if let outcome = try settled(try store.approval(id: approval.id)) {
        terminal.write("\n\(Self.describe(outcome, id: approval.id)) (from another terminal)\n")
        return outcome
      }
      switch try await terminal.readLine(timeout: pollInterval) {
      case .nothing:
        continue
      case .closed:
        terminal.write("\nno answer; run `\(approval.approveCommand)` to approve\n")
        return .waiting(try store.approval(id: approval.id))
      case .line(let answer):
        let yes = ["y", "yes"].contains(answer.trimmingCharacters(in: .whitespaces).lowercased())
        do {
          let decided =
            yes
            ? try store.approve(
              id: approval.id, by: approver, note: "approved at the prompt", key: key)
            : try store.deny(
              id: approval.id, by: approver, reason: "declined at the prompt", key: key)
          let outcome: ApprovalOutcome = yes ? .approved(decided) : .denied(decided)
          terminal.write("\(Self.describe(outcome, id: approval.id))\n")
          return outcome
        } catch GovernanceError.alreadyDecided {
          // Someone else was faster; their decision stands.
          if let outcome = try settled(try store.approval(id: approval.id)) {
            terminal.write("\(Self.describe(outcome, id: approval.id)) (from another terminal)\n")
            return outcome
          }
        }
      }
    }
  }

  /// The outcome for a decided request, nil while it is pending.
  private func settled(_ approval: Approval) throws -> ApprovalOutcome? {
    switch approval.state {
    case .pending: return nil
    case .approved, .executed: return .approved(approval)
    case .denied: return .denied(approval)
    case .expired: throw GovernanceError.approvalExpired(id: approval.id, at: approval.expiresAt)
    }
  }

  static func describe(_ outcome: ApprovalOutcome, id: String) -> String {
    switch outcome {
    case .approved(let approval): "approval \(id) approved by \(approval.decidedBy ?? "?")"
    case .denied(let approval): "approval \(id) denied by \(approval.decidedBy ?? "?")"
    case .waiting: "approval \(id) is waiting"
    case .notRequired: "no approval needed"
    }
  }

  /// What, risk and why, then the question.
  public static func prompt(for approval: Approval) -> String {
    """

    ── approval needed: \(approval.id) ── \(approval.risk.rawValue.uppercased())
    what:  \(approval.action)
           \(approval.summary)
    why:   \(approval.reason)
    digest \(approval.digest)
    \(approval.details)
    (or from another terminal: \(approval.approveCommand))

    """ + "approve? [y/N] "
  }
}
