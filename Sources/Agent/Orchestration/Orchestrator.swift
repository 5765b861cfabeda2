import Diagnosis
import Foundation
import Governance
import Kube
import MCPHost
import Sandbox
import Toolsmith

/// Opens the deployed tools for the execution step: read-only calls, each in
/// its sandbox, audited. Closed with `shutdown()` when the step ends.
public protocol ToolSession: ToolCaller {
  func shutdown() async
}

/// Walks a request through the flow of docs/agent.md as a persisted run:
/// classify → discover → draft (Yellow) → authenticate → deploy (Red) →
/// execute (Green calls in the sandbox) → diagnose. Each step ends with the run
/// saved, so a run stopped at an approval (or killed) continues at the step it
/// had not finished, in this or another terminal, without repeating or skipping one.
public struct Orchestrator: Sendable {
  public typealias SessionFactory =
    @Sendable (
      _ workspace: Workspace, _ request: RunRequest, _ namespace: String?,
      _ environment: [String: String]
    ) async throws -> any ToolSession

  public let workspace: Workspace
  private let terminal: any ApprovalTerminal
  private let narrator: any RunNarrator
  private let catalog: CapabilityCatalog
  private let environment: [String: String]
  private let openTools: SessionFactory
  private let pollInterval: Duration

  /// - Parameters:
  ///   - terminal: where approvals and "Ready" are asked; a non-interactive one
  ///     makes the run stop with `.waitingForApproval` / `.credentialsNeeded`.
  ///   - environment: the operator's environment (HOME, PATH) for the credential check.
  ///   - openTools: starts the deployed tools for the execution step.
  public init(
    workspace: Workspace, terminal: any ApprovalTerminal, narrator: any RunNarrator,
    catalog: CapabilityCatalog = .standard,
    environment: [String: String] = ProcessInfo.processInfo.environment,
    pollInterval: Duration = .milliseconds(500),
    openTools: @escaping SessionFactory
  ) {
    self.workspace = workspace
    self.terminal = terminal
    self.narrator = narrator
    self.catalog = catalog
    self.environment = environment
    self.pollInterval = pollInterval
    self.openTools = openTools
  }

  /// Starts a new run of `request`.
  public func start(_ request: RunRequest) async throws -> RunOutcome {
    let runs = try runStore()
    var run = try runs.create(request: request.request, step: RunStep.classify.rawValue)
    try run.encodeContext(RunContext(request: request))
    run = try runs.save(run)
    narrator.note("run \(run.id) (resume with: meta-agent resume \(run.id))")
    return try await advance(run, runs)
  }

  /// Continues a run where it stopped. A finished run with a diagnosis shows it again.
  public func resume(runID: String) async throws -> RunOutcome {
    let runs = try runStore()
    let run = try runs.load(id: runID)
    let context = try run.decodeContext(RunContext.self)
    switch run.state {
    case .done:
      if let report = context.report { return .diagnosed(runID: run.id, report: report) }
      throw RunError.alreadyFinished(runID: run.id, state: run.state.rawValue)
    case .denied, .failed:
      throw RunError.alreadyFinished(runID: run.id, state: run.state.rawValue)
    case .running, .waitingForApproval, .waitingForCredentials:
      narrator.note("resuming run \(run.id) at \(RunStep(rawValue: run.step)?.title ?? run.step)")
      return try await advance(run, runs)
    }
  }

  // MARK: - The state machine

  /// What a step decided.
  enum StepResult {
    case next(RunStep)
    case stop(RunOutcome, RunState)
  }

  private func advance(_ start: Run, _ runs: RunStore) async throws -> RunOutcome {
    var run = start
    var context = try run.decodeContext(RunContext.self)
    // Claim the run (compare-and-set on its version): of two resumes racing, one
    // goes on and the other stops here, before doing anything.
    run.state = .running
    run = try save(run, runs)
    while true {
      let step = RunStep(rawValue: run.step) ?? .classify
      let result: StepResult
      do {
        result = try await perform(step, &context, run, runs.database)
      } catch {
        // Saved only if this process still owns the run (its version is current).
        run.state = .failed
        run.waitingFor = nil
        try run.encodeContext(context)
        _ = try? runs.save(run)
        throw error
      }
      try run.encodeContext(context)
      switch result {
      case .next(let next):
        run.step = next.rawValue
        run.state = .running
        run.waitingFor = nil
        run = try save(run, runs)
      case .stop(let outcome, let state):
        run.state = state
        if case .done = state { run.step = RunStep.done.rawValue }
        switch outcome {
        case .waitingForApproval(_, let approval): run.waitingFor = approval.id
        case .credentialsNeeded: run.waitingFor = "credentials"
        default: run.waitingFor = nil
        }
        run = try save(run, runs)
        return outcome
      }
    }
  }

  /// Saves if this process still owns the run; another resume moving it on first
  /// stops this one.
  private func save(_ run: Run, _ runs: RunStore) throws -> Run {
    do {
      return try runs.save(run)
    } catch GovernanceError.runChangedConcurrently {
      throw RunError.resumedElsewhere(runID: run.id)
    }
  }

  /// `database` is the run's own connection, shared by every step of this advance.
  private func perform(
    _ step: RunStep, _ context: inout RunContext, _ run: Run, _ database: StateDatabase
  ) async throws
    -> StepResult
  {
    switch step {
    case .classify: try classify(&context, run, AuditLog(database: database))
    case .discover: try discover(&context)
    case .draft: try await draft(&context, run, ApprovalStore(database: database))
    case .authenticate: await authenticate(&context, run)
    case .deploy: try await deploy(&context, run, ApprovalStore(database: database))
    case .execute: try await execute(&context, run)
    case .diagnose: diagnose(context, run)
    case .done:
      if let report = context.report {
        .stop(.diagnosed(runID: run.id, report: report), .done)
      } else {
        throw RunError.alreadyFinished(runID: run.id, state: "done")
      }
    }
  }

  // MARK: - Steps

  private func classify(_ context: inout RunContext, _ run: Run, _ audit: AuditLog) throws
    -> StepResult
  {
    let classification = RequestClassifier(catalog: catalog).classify(context.request.request)
    context.classification = classification
    narrator.banner(.classify, classification.summary)
    narrator.note(
      "intent \(classification.intent.rawValue.uppercased()) · risk "
        + "\(classification.risk.rawValue.uppercased()) · routed to \(classification.route.rawValue)"
    )
    for evidence in classification.evidence {
      let words = evidence.matched.isEmpty ? "" : " [\(evidence.matched.joined(separator: ", "))]"
      narrator.note("  \(evidence.rule)\(words): \(evidence.explanation)")
    }
    try audit.append(
      .classification, actor: "agent", subject: run.id,
      details: [
        "intent": classification.intent.rawValue, "risk": classification.risk.rawValue,
        "route": classification.route.rawValue,
        "matched": classification.evidence.flatMap(\.matched).joined(separator: ","),
      ])

    switch classification.route {
    case .refuseChange:
      let advice =
        classification.changeAdvice
        ?? ChangeAdvice(
          reason: "meta-agent is read-only by design: it never changes a cluster.", commands: [])
      try audit.append(
        .refusedAction, actor: "agent", subject: run.id,
        details: ["request": context.request.request, "reason": advice.reason])
      return .stop(
        .refusedChange(runID: run.id, classification: classification, advice: advice), .done)
    case .unsupported, .logReader:
      return .stop(.unsupported(runID: run.id, classification: classification), .done)
    case .kubernetesDiagnosis, .kubernetesQuery:
      break
    }
    let request = context.request
    if request.allNamespaces {
      context.namespace = nil
    } else {
      context.namespace =
        request.namespace
        ?? (classification.targets.allNamespaces ? nil : classification.targets.namespace)
    }
    return .next(.discover)
  }

  private func discover(_ context: inout RunContext) throws -> StepResult {
    let entry = try kubernetesEntry()
    let installed = Set(try ToolRegistry(workspace: workspace).list().map(\.manifest.name))
    let needs = ToolDetector(catalog: catalog).detect(
      request: context.request.request, installed: installed)
    context.toolName = entry.name
    if let need = needs.first(where: { $0.entry.name == entry.name }) {
      narrator.banner(.discover, "missing: \(entry.fileName)")
      narrator.note(need.explanation)
      context.evolving = true
      return .next(.draft)
    }
    narrator.banner(.discover, "\(entry.fileName) is deployed and verified")
    context.evolving = false
    return .next(.authenticate)
  }

  private func draft(_ context: inout RunContext, _ run: Run, _ store: ApprovalStore) async throws
    -> StepResult
  {
    let entry = try tool(context)
    let rendered = try ToolRenderer.render(entry)
    let path = draftURL(entry)
    narrator.banner(.draft, "mcp_servers/\(entry.fileName) from template \(entry.template.name)")
    narrator.note(
      "\(rendered.code.split(separator: "\n").count) lines of standard-library Python; "
        + "functions \(entry.functionNames.joined(separator: ", ")); sha256 \(rendered.digest.prefix(16))…"
    )
    let request = ApprovalRequest(
      risk: .yellow, action: "draft mcp_servers/\(entry.fileName)", digest: rendered.digest,
      summary: "write the \(entry.name) tool (\(entry.functionNames.count) read-only functions) "
        + "from the vetted template \(entry.template.name) \(entry.template.version)",
      details: rendered.code, requester: "agent run \(run.id)", runID: run.id)
    // Killed after writing the draft but before saving the run: the approval was used
    // for exactly this code, which is on disk.
    if let used = try store.list(states: [.executed]).first(where: {
      $0.runID == run.id && $0.digest == rendered.digest && $0.action == request.action
    }), (try? String(contentsOf: path, encoding: .utf8)).map(Digest.sha256) == rendered.digest {
      context.draft = ApprovalBinding(id: used.id, digest: rendered.digest)
      narrator.note("already drafted: \(relative(path)) (approval \(used.id))")
      return .next(.authenticate)
    }
    switch try await decide(request, existing: context.draft, store: store) {
    case .go(let approval):
      context.draft = ApprovalBinding(id: approval.id, digest: rendered.digest)
      // Verified (state, digest, signature) right before the file is written, and used once.
      _ = try store.authorize(
        id: approval.id, digest: rendered.digest, key: try workspace.loadOperatorKey())
      try DraftFile.write(rendered.code, to: path)
      narrator.note("wrote \(relative(path)) (approval \(approval.id))")
      return .next(.authenticate)
    case .stop(let outcome, let state, let approval):
      context.draft = ApprovalBinding(id: approval.id, digest: rendered.digest)
      return .stop(outcome(run.id), state)
    }
  }

  private func authenticate(_ context: inout RunContext, _ run: Run) async -> StepResult {
    narrator.banner(.authenticate, "host inheritance: your own kubeconfig, read-only")
    var environment = self.environment
    if let kubeconfig = context.request.kubeconfig { environment["KUBECONFIG"] = kubeconfig }
    let broker = CredentialBroker(environment: environment)
    let outcome = await broker.waitUntilReady(
      kind: .kubernetes, context: context.request.context, terminal: terminal)
    switch outcome {
    case .ready(let details):
      context.credentials = details.summary
      narrator.note(details.description)
      return .next(context.evolving ? .deploy : .execute)
    case .needed(let remedy), .cancelled(let remedy):
      return .stop(.credentialsNeeded(runID: run.id, remedy: remedy), .waitingForCredentials)
    }
  }

  private func deploy(_ context: inout RunContext, _ run: Run, _ store: ApprovalStore) async throws
    -> StepResult
  {
    let entry = try tool(context)
    let registry = ToolRegistry(workspace: workspace)
    // Killed after installing but before saving the run: the tool this run signed is there.
    if let installed = try registry.list().first(where: { $0.manifest.name == entry.name }),
      (try? store.approval(id: installed.manifest.approvalID))?.runID == run.id
    {
      narrator.banner(
        .deploy, "\(entry.fileName) is installed (approval \(installed.manifest.approvalID))")
      return .next(.execute)
    }
    guard let draftBinding = context.draft else { return .next(.draft) }
    let path = draftURL(entry)
    let rendered = try ToolRenderer.render(entry)
    guard let code = try? String(contentsOf: path, encoding: .utf8),
      Digest.sha256(code) == draftBinding.digest, code == rendered.code
    else {
      throw RunError.draftChanged(path: relative(path), approvalID: draftBinding.id)
    }
    narrator.banner(.deploy, "validate, sign and install \(entry.fileName)")
    let progress = narrator.progress("validating in the sandbox (parser, policy, MCP handshake)")
    let validation = try ToolValidator.validate(code: code, entry: entry)
    guard validation.isClean else {
      progress.finish("failed")
      throw RunError.validationFailed(
        tool: entry.fileName, findings: validation.findings.map(\.description))
    }
    progress.finish(
      "clean: tools/list answered \((validation.declaredTools ?? []).joined(separator: ", "))")
    let profileYAML = try profileText(entry.sandboxProfile)
    let digest = ToolDeployer.deploymentDigest(code: code, profile: profileYAML)
    let request = ApprovalRequest(
      risk: .red, action: "deploy \(entry.name)_tools",
      digest: digest,
      summary: "install mcp_servers/\(entry.fileName) under sandbox profile "
        + "\(entry.sandboxProfile), signed with the operator key: the agent gains read-only "
        + (entry.binary.map { URL(fileURLWithPath: $0).lastPathComponent } ?? entry.name),
      details: """
        validation: parser ok, static policy ok, MCP handshake ok in the sandbox
        functions (read-only): \(entry.functionNames.joined(separator: ", "))
        code: mcp_servers/\(entry.fileName), sha256 \(Digest.sha256(code))

        --- sandbox profile \(entry.sandboxProfile) ---
        \(profileYAML)
        --- code ---
        \(code)
        """,
      requester: "agent run \(run.id)", runID: run.id)
    switch try await decide(request, existing: context.deploy, store: store) {
    case .go(let approval):
      context.deploy = ApprovalBinding(id: approval.id, digest: digest)
      let manifest = try ToolDeployer.deploy(
        rendered: rendered, profileName: entry.sandboxProfile, profileYAML: profileYAML,
        approvalID: approval.id, workspace: workspace, approver: approval.decidedBy ?? "operator")
      try? FileManager.default.removeItem(at: path)
      narrator.note(
        "installed \(entry.fileName) + \(entry.sandboxProfile).yaml + manifest, signed "
          + "(approval \(manifest.approvalID), approver \(manifest.approver))")
      return .next(.execute)
    case .stop(let outcome, let state, let approval):
      context.deploy = ApprovalBinding(id: approval.id, digest: digest)
      return .stop(outcome(run.id), state)
    }
  }

  private func execute(_ context: inout RunContext, _ run: Run) async throws -> StepResult {
    let entry = try tool(context)
    let scope = context.namespace.map { "namespace \($0)" } ?? "all namespaces"
    narrator.banner(
      .execute, "read-only \(entry.name) calls over MCP, inside the sandbox (\(scope))")
    var environment = self.environment
    if let kubeconfig = context.request.kubeconfig { environment["KUBECONFIG"] = kubeconfig }
    let session = try await openTools(workspace, context.request, context.namespace, environment)
    let data: ClusterData
    do {
      let collector = ClusterEvidenceCollector(tools: session, narrator: narrator)
      let source =
        "cluster"
        + (context.credentials.map { " (\($0))" } ?? "")
        + " through the sandboxed \(entry.fileName)"
      data = try await collector.collect(namespace: context.namespace, source: source)
    } catch {
      await session.shutdown()
      throw RunError.stepFailed(step: .execute, reason: "\(error)")
    }
    await session.shutdown()
    context.report = DiagnosisEngine.diagnose(data, namespace: context.namespace)
    return .next(.diagnose)
  }

  private func diagnose(_ context: RunContext, _ run: Run) -> StepResult {
    guard let report = context.report else { return .next(.execute) }
    narrator.banner(.diagnose, report.summary)
    return .stop(.diagnosed(runID: run.id, report: report), .done)
  }

  // MARK: - Approvals

  /// How a gated step goes on.
  enum Decision {
    case go(Approval)
    case stop((String) -> RunOutcome, RunState, Approval)
  }

  /// Asks the gate, reusing the request this run already made for the same digest
  /// (a resumed or killed run never files a second one).
  private func decide(
    _ request: ApprovalRequest, existing: ApprovalBinding?, store: ApprovalStore
  ) async throws
    -> Decision
  {
    let config = try workspace.loadConfig()
    let gate = ApprovalGate(
      store: store, policy: config.policy, key: try workspace.loadOperatorKey(),
      approver: config.approver, terminal: terminal, pollInterval: pollInterval)
    var earlier = existing.flatMap {
      $0.digest == request.digest ? try? store.approval(id: $0.id) : nil
    }
    if earlier == nil {
      earlier = try store.list(states: [.pending, .approved]).first {
        $0.runID == request.runID && $0.digest == request.digest && $0.action == request.action
      }
    }
    let outcome: ApprovalOutcome
    switch earlier?.state {
    case .pending?, .approved?:
      outcome = try await gate.resume(id: earlier!.id)
    case .denied?:
      outcome = .denied(earlier!)
    case .expired?, .executed?, nil:
      // Expired, or used up by an earlier attempt that did not finish: ask again.
      outcome = try await gate.request(request)
    }
    switch outcome {
    case .approved(let approval):
      let how =
        approval.decisionMode == .person ? "by \(approval.decidedBy ?? "?")" : "automatically"
      narrator.note(
        "\(approval.risk.rawValue.uppercased()) approval \(approval.id) approved \(how)"
          + (approval.decisionMode == .person ? "" : " (\(config.environment.rawValue) policy)"))
      return .go(approval)
    case .notRequired:
      throw RunError.stepFailed(step: .draft, reason: "the policy asked for no approval")
    case .waiting(let approval):
      return .stop(
        { .waitingForApproval(runID: $0, approval: approval) }, .waitingForApproval, approval)
    case .denied(let approval):
      return .stop({ .denied(runID: $0, approval: approval) }, .denied, approval)
    }
  }

  // MARK: - Helpers

  private func runStore() throws -> RunStore { RunStore(database: try workspace.openDatabase()) }

  private func kubernetesEntry() throws -> CapabilityEntry {
    guard let entry = catalog.entries.first(where: { $0.authKind == .kubernetes }) else {
      throw RunError.unknownTool(name: "kubectl")
    }
    return entry
  }

  private func tool(_ context: RunContext) throws -> CapabilityEntry {
    let name = context.toolName ?? "kubectl"
    guard let entry = catalog.entries.first(where: { $0.name == name }) else {
      throw RunError.unknownTool(name: name)
    }
    return entry
  }

  /// Drafts wait under mcp_servers/drafts/ until deployed: the registry never loads them.
  private func draftURL(_ entry: CapabilityEntry) -> URL {
    workspace.toolsDirectory.appendingPathComponent(DraftFile.directoryName)
      .appendingPathComponent(entry.fileName)
  }

  private func relative(_ url: URL) -> String {
    let root = workspace.root.standardizedFileURL.path + "/"
    let path = url.standardizedFileURL.path
    return path.hasPrefix(root) ? String(path.dropFirst(root.count)) : path
  }

  /// The workspace's copy of the profile (what `init` put there), else the shipped one.
  private func profileText(_ name: String) throws -> String {
    let file = workspace.profilesDirectory.appendingPathComponent("\(name).yaml")
    if let text = try? String(contentsOf: file, encoding: .utf8) { return text }
    guard let shipped = ShippedProfiles.all[name] else {
      throw RunError.stepFailed(step: .deploy, reason: "no sandbox profile named \(name)")
    }
    return shipped
  }
}
