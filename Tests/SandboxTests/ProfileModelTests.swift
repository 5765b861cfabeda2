import Testing

@testable import Sandbox

@Test("a profile defaults to no network") func defaultsToNoNetwork() {
  #expect(SandboxProfile(name: "x").network == .none)
}
