import Governance
import Toolsmith

/// Says what a request is, how risky, who handles it, and why, from the words alone:
/// deterministic and offline. A request to change a cluster is never routed to anything
/// that acts; it gets the reason and the commands an operator could run instead.
public struct RequestClassifier: Sendable {
  /// The tool domains (their trigger words decide routing), as the toolsmith knows them.
  public var catalog: CapabilityCatalog

  public init(catalog: CapabilityCatalog = .standard) {
    self.catalog = catalog
  }

  public func classify(_ request: String) -> Classification {
    let reading = RequestReading(request)
    let targets = TargetReading(reading.tokens)
    let capabilities = ToolDetector(catalog: catalog).matches(request: request)
    var decision = ClassificationDecision(
      request: request, reading: reading, targets: targets, catalog: catalog)
    decision.recordWordRules()
    decision.recordCapabilities(capabilities)
    decision.decide(capability: Self.strongest(capabilities))
    return decision.classification()
  }

  /// The capability with the most strong words; on a tie, the first in catalog order.
  private static func strongest(_ matches: [CapabilityMatch]) -> CapabilityEntry? {
    var best: CapabilityMatch?
    for match in matches where match.strongWords.count > (best?.strongWords.count ?? 0) {
      best = match
    }
    return best?.entry
  }
}
