import Testing

@testable import Governance

@Test("the governance module links") func governanceLinks() {
  #expect(Bool(true))
}
