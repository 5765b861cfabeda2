import Governance

public enum DeployedToolSession {
  public static func open(workspace: Workspace, request: RunRequest, namespace: String?)
    async throws -> any ToolSession
  {
    throw RunError.stepFailed(step: .execute, reason: "stub")
  }
}
