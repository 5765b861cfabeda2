/// Finds missing tools, writes them from vetted templates, validates, signs and deploys them.
public enum Toolsmith {}
