import Testing

@testable import Toolsmith

@Test("the toolsmith module links") func toolsmithLinks() {
  #expect(Bool(true))
}
