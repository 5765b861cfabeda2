/// How one doctor check came out.
enum DoctorStatus: String, Codable, Sendable {
  /// The host offers it.
  case ok
  /// Missing or weaker than it could be, but meta-agent still works (or works safely without it).
  case warn
  /// Required and missing: meta-agent cannot do its job safely until it is fixed.
  case fail
}

/// One line of `meta-agent doctor`: what was checked, how it came out, what was
/// found, and for anything not ok what to do about it.
struct DoctorFinding: Codable, Equatable, Sendable {
  /// A stable identifier, such as `user-namespaces` (scripts key on it).
  let check: String
  let status: DoctorStatus
  /// What was found, in one line.
  let detail: String
  /// What to run or change; nil only when the status is ok.
  let fix: String?

  static func ok(_ check: String, _ detail: String) -> DoctorFinding {
    DoctorFinding(check: check, status: .ok, detail: detail, fix: nil)
  }

  static func warn(_ check: String, _ detail: String, fix: String) -> DoctorFinding {
    DoctorFinding(check: check, status: .warn, detail: detail, fix: fix)
  }

  static func fail(_ check: String, _ detail: String, fix: String) -> DoctorFinding {
    DoctorFinding(check: check, status: .fail, detail: detail, fix: fix)
  }

  private enum CodingKeys: String, CodingKey { case check, status, detail, fix }

  // Written by hand so that `fix` is an explicit null, keeping every object's keys the same.
  func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(check, forKey: .check)
    try container.encode(status, forKey: .status)
    try container.encode(detail, forKey: .detail)
    try container.encode(fix, forKey: .fix)
  }
}
