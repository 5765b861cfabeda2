/// Where a run tells a person what it is doing: step banners, detail lines and
/// progress for long steps. The CLI writes to stderr (stdout carries the
/// report) and shows progress only on a terminal.
public protocol RunNarrator: Sendable {
  /// A step starts: "[3/7] Self-evolution: drafting the tool".
  func banner(_ step: RunStep, _ headline: String)
  /// A detail line under the current banner.
  func note(_ line: String)
  /// A long operation starts; `finish` is called when it ends.
  func progress(_ label: String) -> any RunProgress
}

/// A long operation in progress (a spinner on a terminal, nothing elsewhere).
public protocol RunProgress: Sendable {
  func finish(_ result: String)
}

/// Says nothing: for tests and `--output json` in pipelines.
public struct SilentNarrator: RunNarrator {
  public init() {}
  public func banner(_ step: RunStep, _ headline: String) {}
  public func note(_ line: String) {}
  public func progress(_ label: String) -> any RunProgress { SilentProgress() }

  struct SilentProgress: RunProgress {
    func finish(_ result: String) {}
  }
}
