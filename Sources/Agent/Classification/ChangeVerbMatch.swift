/// A change word found in the request and how it is used there.
struct ChangeVerbMatch: Sendable, Equatable {
  enum Use: Sendable, Equatable {
    /// An order: "restart it", "please scale", "diagnose and delete", "can you drain".
    case asked
    /// A question about doing it: "how do I scale X?", "is it safe to delete ...?".
    case question
    /// Cancelled in its clause: "don't delete anything".
    case negated
    /// A noun or a name: "after the restart", "pods with label app=web".
    case mentioned
    /// A symptom: "won't scale", "failed to restart".
    case symptom
  }

  var action: ChangeAction
  var range: Range<Int>
  var use: Use
}
