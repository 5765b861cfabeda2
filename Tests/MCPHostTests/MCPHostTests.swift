import Testing

@testable import MCPHost

@Test("the MCP host module links") func mcpHostLinks() {
  #expect(Bool(true))
}
