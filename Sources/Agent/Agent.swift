/// The brain of meta-agent: `RequestClassifier` says what a request is and who
/// handles it; the orchestrator walks the flow (detect, draft, authenticate,
/// deploy, execute, diagnose) as a persisted run that can stop at any approval.
public enum Agent {}
