/// The steps of a run, in order (docs/agent.md). A run is saved after every
/// step, so a resumed run starts at the step it had not finished.
public enum RunStep: String, Codable, Sendable, CaseIterable {
  case classify
  case discover
  case draft
  case authenticate
  case deploy
  case execute
  case diagnose
  case done

  /// The banner a person sees when the step starts.
  public var title: String {
    switch self {
    case .classify: "Classification"
    case .discover: "Tool discovery"
    case .draft: "Self-evolution: drafting the tool"
    case .authenticate: "Authentication check"
    case .deploy: "Deployment"
    case .execute: "Execution"
    case .diagnose: "Diagnosis"
    case .done: "Done"
    }
  }

  /// 1-based position among the steps a person sees (done has none).
  public var number: Int { (Self.allCases.firstIndex(of: self) ?? 0) + 1 }

  /// How many numbered steps there are.
  public static var count: Int { allCases.count - 1 }
}
