import Foundation
import Governance

/// One request as the gateway answered it.
public struct GatewayAuditRecord: Sendable, Equatable {
  /// Whether the request reached the cluster.
  public enum Decision: String, Sendable, Equatable {
    case forwarded
    case refused
  }

  public let method: String
  /// The normalized path when it parsed, otherwise the raw one, shortened.
  public let path: String
  public let query: String?
  public let decision: Decision
  /// The rule that refused the request; nil when forwarded.
  public let rule: RefusalRule?
  /// The HTTP status the caller received.
  public let status: Int
  /// Response body bytes sent to the caller.
  public let bytes: Int
  public let durationMillis: Int
  /// Why the answer is not the cluster's own, complete answer (a limit, an
  /// upstream failure); nil when it is.
  public let note: String?

  /// The fields as written to the audit log, every value a string.
  public var details: [String: String] {
    var fields = [
      "method": method, "path": path, "decision": decision.rawValue, "status": String(status),
      "bytes": String(bytes), "duration_ms": String(durationMillis),
    ]
    fields["query"] = query
    fields["rule"] = rule?.rawValue
    fields["note"] = note
    return fields
  }
}

/// Keeps every gateway record in memory and appends it to the Governance
/// audit log; log writes run on their own queue so the event loop never
/// waits for SQLite.
public final class GatewayAudit: @unchecked Sendable {
  private let log: AuditLog?
  private let actor: String
  private let queue = DispatchQueue(label: "meta-agent.gateway.audit")
  private let lock = NSLock()
  private var kept: [GatewayAuditRecord] = []
  private var failures: [String] = []

  /// `actor` names who used the gateway (the tool or run), as the log shows it.
  public init(log: AuditLog? = nil, actor: String = "kube-gateway") {
    self.log = log
    self.actor = actor
  }

  public func record(_ record: GatewayAuditRecord) {
    lock.withLock { kept.append(record) }
    guard let log else { return }
    let actor = actor
    queue.async { [self] in
      do {
        try log.append(
          .gatewayRequest, actor: actor, subject: "\(record.method) \(record.path)",
          details: record.details)
      } catch {
        lock.withLock { failures.append("\(error)") }
      }
    }
  }

  /// Every record so far, oldest first.
  public var records: [GatewayAuditRecord] { lock.withLock { kept } }

  /// Audit log writes that failed, with the error; empty when all landed.
  public var writeFailures: [String] {
    queue.sync {}
    return lock.withLock { failures }
  }

  /// Waits until every record handed over so far is in the audit log.
  public func flush() {
    queue.sync {}
  }
}
