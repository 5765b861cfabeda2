/// Runs tool servers inside their sandbox and talks MCP to them over stdio.
public enum MCPHost {}
