import Testing

@testable import Kube

@Test("the Kube module links") func kubeLinks() {
  #expect(Bool(true))
}
