import ArgumentParser
import Foundation
import Governance

struct AuditCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "audit",
    abstract: "Read the hash-chained audit log, or verify it.",
    subcommands: [List.self, Verify.self],
    defaultSubcommand: List.self)

  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "list", abstract: "Audit entries, oldest first (the default).")

    @OptionGroup var workspaceOptions: WorkspaceOptions

    @Flag(help: "Print JSON.")
    var json = false

    @Option(help: "Only this kind: \(AuditKind.allCases.map(\.rawValue).joined(separator: ", ")).")
    var kind: String?

    @Option(help: "Only entries since a time: 30m, 2h, 7d, or an ISO 8601 date or date-time.")
    var since: String?

    @Option(help: "Only entries about this subject (an approval ID, a run ID, a tool).")
    var subject: String?

    @Option(help: "Only the newest N entries.")
    var limit: Int?

    func validate() throws {
      if let kind, AuditKind(rawValue: kind) == nil {
        throw ValidationError(
          "--kind '\(kind)' is not one of \(AuditKind.allCases.map(\.rawValue).joined(separator: ", "))"
        )
      }
      if let since, Self.parseSince(since, now: Date()) == nil {
        throw ValidationError(
          "--since '\(since)' is not a time: use 30m, 2h, 7d, 2025-01-31 or 2025-01-31T12:00:00Z")
      }
      if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
      try reportingFailures {
        let log = AuditLog(database: try workspaceOptions.resolve().openDatabase())
        let entries = try log.entries(
          AuditQuery(
            kind: kind.flatMap(AuditKind.init(rawValue:)),
            since: since.flatMap { Self.parseSince($0, now: Date()) }, subject: subject,
            limit: limit))
        if json {
          print(try jsonText(entries))
          return
        }
        if entries.isEmpty { print("no audit entries match") }
        for entry in entries {
          let fields = entry.detailFields.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
          print(
            (["#\(entry.seq)", entry.time, entry.kind, entry.actor, entry.subject] + fields)
              .joined(separator: "  "))
        }
      }
    }

    /// A relative age (`45s`, `30m`, `2h`, `7d`) or an ISO 8601 date or date-time.
    static func parseSince(_ text: String, now: Date) -> Date? {
      let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86400]
      if let unit = text.last, let seconds = units[unit], let amount = Double(text.dropLast()),
        amount >= 0
      {
        return now.addingTimeInterval(-amount * seconds)
      }
      if let date = try? Date(text, strategy: .iso8601) { return date }
      let day = Date.ISO8601FormatStyle(timeZone: .gmt).year().month().day()
      return try? Date(text, strategy: day)
    }
  }

  struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "verify",
      abstract: "Walk the hash chain; name the first edited, dropped or reordered entry.")

    @OptionGroup var workspaceOptions: WorkspaceOptions

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
      try reportingFailures {
        let result = try AuditLog(database: try workspaceOptions.resolve().openDatabase()).verify()
        if json {
          print(
            try jsonText(
              VerifyReport(
                intact: result.isIntact, entries: result.entryCount, head: result.headHash,
                firstBadSeq: result.firstBad?.seq, reason: result.firstBad?.reason)))
        } else if result.isIntact {
          print("audit log intact: \(result.entryCount) entries, head \(result.headHash ?? "-")")
        }
        if let bad = result.firstBad {
          if !json {
            printError(
              GovernanceError.auditChainBroken(seq: bad.seq, reason: bad.reason).description)
          }
          throw ExitCode.error
        }
      }
    }
  }
}

private struct VerifyReport: Encodable {
  let intact: Bool
  let entries: Int
  let head: String?
  let firstBadSeq: Int64?
  let reason: String?
}
