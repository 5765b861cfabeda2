import Agent
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Tells the person at stderr what the run is doing: step banners, detail
/// lines, and a spinner for long steps. stdout is left to the report, so
/// `meta-agent run ... > report.md` stays clean. Colour and the spinner only on
/// a terminal, and never with NO_COLOR; `quiet` silences everything but errors.
final class TerminalNarrator: RunNarrator, @unchecked Sendable {
  private let output = FileHandle.standardError
  private let styled: Bool
  private let animated: Bool
  private let quiet: Bool
  private let lock = NSLock()

  init(quiet: Bool, environment: [String: String] = ProcessInfo.processInfo.environment) {
    let terminal = isatty(STDERR_FILENO) == 1 && environment["TERM"] != "dumb"
    self.quiet = quiet
    self.animated = terminal && !quiet
    self.styled = terminal && (environment["NO_COLOR"] ?? "").isEmpty
  }

  func banner(_ step: RunStep, _ headline: String) {
    let title = "[\(step.number)/\(RunStep.count)] \(step.title)"
    let line = styled ? "\u{1B}[1;36m\(title)\u{1B}[0m  \(headline)" : "\(title)  \(headline)"
    write("\n" + line + "\n")
  }

  func note(_ line: String) {
    write("    \(line)\n")
  }

  func progress(_ label: String) -> any RunProgress {
    guard animated else { return SilentProgress() }
    return SpinnerProgress(label: label, narrator: self)
  }

  fileprivate func write(_ text: String) {
    guard !quiet else { return }
    lock.lock()
    defer { lock.unlock() }
    output.write(Data(text.utf8))
  }

  private struct SilentProgress: RunProgress {
    func finish(_ result: String) {}
  }
}

/// A one-line spinner, redrawn in place until the operation finishes.
private final class SpinnerProgress: RunProgress, @unchecked Sendable {
  private static let frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]
  private let label: String
  private let narrator: TerminalNarrator
  private let started = ContinuousClock.now
  private let timer: DispatchSourceTimer
  private let lock = NSLock()
  private var frame = 0
  private var finished = false

  init(label: String, narrator: TerminalNarrator) {
    self.label = label
    self.narrator = narrator
    timer = DispatchSource.makeTimerSource(queue: DispatchQueue.global())
    timer.schedule(deadline: .now(), repeating: .milliseconds(100))
    timer.setEventHandler { [weak self] in self?.tick() }
    timer.resume()
  }

  private func tick() {
    lock.lock()
    defer { lock.unlock() }
    guard !finished else { return }
    frame = (frame + 1) % Self.frames.count
    narrator.write("\r    \(Self.frames[frame]) \(label)…")
  }

  func finish(_ result: String) {
    lock.lock()
    defer { lock.unlock() }
    guard !finished else { return }
    finished = true
    timer.cancel()
    let seconds =
      Double((ContinuousClock.now - started).components.attoseconds) / 1e18
      + Double((ContinuousClock.now - started).components.seconds)
    narrator.write(
      "\r\u{1B}[2K    \(label): \(result) (\(String(format: "%.1f", seconds)) s)\n")
  }
}
