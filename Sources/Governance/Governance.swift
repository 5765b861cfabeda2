/// Risk levels, approvals, environments, audit and the workspace (issue: Governance).
public enum Governance {}
