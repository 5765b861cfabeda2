import Diagnosis
import Testing

@Suite("Exit code meanings")
struct ExitCodeMeaningTests {
  @Test(
    "each exit code has its meaning",
    arguments: [
      (0, nil, ExitCodeMeaning.success),
      (1, nil, .applicationError(1)),
      (2, "Error", .applicationError(2)),
      (126, nil, .notExecutable),
      (127, "StartError", .commandNotFound),
      (137, "OOMKilled", .oomKilled),
      (137, "Error", .killed),
      (139, nil, .segmentationFault),
      (143, "Error", .terminated),
      (134, nil, .signal(6)),
    ] as [(Int, String?, ExitCodeMeaning)])
  func meaning(exitCode: Int, reason: String?, expected: ExitCodeMeaning) {
    #expect(ExitCodeMeaning(exitCode: exitCode, reason: reason) == expected)
  }

  @Test("137 is OOMKilled only when the reason says so, otherwise a kill from outside")
  func sigkill() {
    #expect(
      ExitCodeMeaning(exitCode: 137, reason: "OOMKilled").explanation.contains("memory limit"))
    let killed = ExitCodeMeaning(exitCode: 137).explanation
    #expect(killed.contains("liveness") && killed.contains("eviction"))
    #expect(!killed.contains("OOMKilled"))
  }

  @Test("explanations name the signal or the missing command")
  func explanations() {
    #expect(ExitCodeMeaning(exitCode: 139).explanation.hasPrefix("SIGSEGV"))
    #expect(ExitCodeMeaning(exitCode: 143).explanation.hasPrefix("SIGTERM"))
    #expect(ExitCodeMeaning(exitCode: 127).explanation.contains("not in the image"))
    #expect(ExitCodeMeaning(exitCode: 126).explanation.contains("permission"))
    #expect(ExitCodeMeaning(exitCode: 1).explanation.contains("application error"))
  }
}
