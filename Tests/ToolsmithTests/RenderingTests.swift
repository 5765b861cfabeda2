import Testing

@testable import Toolsmith

@Suite("Rendering fills vetted templates deterministically")
struct RenderingTests {
  @Test("the same entry renders byte-identical code with a stable digest")
  func deterministic() throws {
    for entry in CapabilityCatalog.standard.entries {
      let first = try ToolRenderer.render(entry)
      let second = try ToolRenderer.render(entry)
      #expect(first == second)
      #expect(first.digest.count == 64)
      #expect(first.fileName == "\(entry.name)_tools.py")
    }
    #expect(try ToolRenderer.render(KubectlCapability.entry).fileName == "kubectl_tools.py")
  }

  @Test("the kubectl binary and timeout are template parameters")
  func parameters() throws {
    var entry = KubectlCapability.entry
    entry.binary = "/opt/bin/kubectl"
    entry.timeoutSeconds = 7
    let code = try ToolRenderer.render(entry).code
    #expect(code.contains("KUBECTL = \"/opt/bin/kubectl\"\n"))
    #expect(code.contains("TIMEOUT_SECONDS = 7\n"))
    #expect(!code.contains("{{"))
    #expect(
      try ToolRenderer.render(entry).digest != ToolRenderer.render(KubectlCapability.entry).digest)
  }

  @Test("an unknown template or an unsafe parameter is refused, not rendered")
  func refusals() {
    var unknown = KubectlCapability.entry
    unknown.template.version = "9.9.9"
    #expect(throws: ToolsmithError.self) { try ToolRenderer.render(unknown) }
    var relative = KubectlCapability.entry
    relative.binary = "kubectl"
    #expect(throws: ToolsmithError.self) { try ToolRenderer.render(relative) }
    var noBinary = KubectlCapability.entry
    noBinary.binary = nil
    #expect(throws: ToolsmithError.self) { try ToolRenderer.render(noBinary) }
  }
}
