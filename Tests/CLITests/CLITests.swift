import Testing

@Test("the CLI module links") func cliLinks() {
  #expect(Bool(true))
}
