import Testing

@testable import Sandbox

@Suite("The sandbox launcher")
struct LauncherTests {
  @Test("a program that succeeds is reported as exited with code 0")
  func trueExits() throws {
    let result = try SandboxLauncher.run(
      SandboxRequest(argv: ["/usr/bin/true"], profile: Fixture.probeProfile()))
    #expect(result.ending == .exited(code: 0), "\(result.ending) \(result.stderr.text)")
  }
}
