import Agent
import Testing

@Test("the agent module links")
func agentLinks() {
  #expect(String(describing: Agent.self) == "Agent")
}
