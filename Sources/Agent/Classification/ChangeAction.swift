/// A change a request can ask for; each maps to an intent and to the command an operator could run.
enum ChangeAction: String, Sendable, CaseIterable {
  case restart, rolloutUndo, scale, stop, autoscale
  case delete, uninstall
  case apply, create, deploy, redeploy, install, upgrade
  case patch, edit, set, setImage
  case exec, attach, portForward
  case cordon, uncordon, drain, taint, untaint, label, annotate, expose
  /// "fix it for me": a change whose command depends on the diagnosis.
  case fix

  var intent: Intent {
    switch self {
    case .delete, .uninstall: .delete
    case .deploy, .redeploy, .install, .upgrade, .rolloutUndo: .deploy
    default: .change
    }
  }

  /// The phrases that ask for this action, in base (imperative) form only: "restarting",
  /// "crashed" or "deleted" describe what happened and are never here.
  static let phrases: [(words: [String], action: ChangeAction)] = [
    (["rollout", "restart"], .restart), (["rolling", "restart"], .restart),
    (["restart"], .restart), (["reboot"], .restart), (["bounce"], .restart),
    (["recycle"], .restart),
    (["rollout", "undo"], .rolloutUndo), (["roll", "back"], .rolloutUndo),
    (["rollback"], .rolloutUndo), (["downgrade"], .rolloutUndo), (["revert"], .rolloutUndo),
    (["roll", "out"], .deploy), (["rollout"], .deploy),
    (["scale"], .scale), (["autoscale"], .autoscale),
    (["shut", "down"], .stop), (["shutdown"], .stop), (["stop"], .stop),
    (["get", "rid", "of"], .delete), (["clean", "up"], .delete), (["cleanup"], .delete),
    (["delete"], .delete), (["remove"], .delete), (["kill"], .delete), (["terminate"], .delete),
    (["destroy"], .delete), (["purge"], .delete), (["evict"], .delete), (["wipe"], .delete),
    (["uninstall"], .uninstall),
    (["apply"], .apply), (["create"], .create), (["deploy"], .deploy),
    (["redeploy"], .redeploy), (["install"], .install), (["upgrade"], .upgrade),
    (["patch"], .patch),
    (["edit"], .edit), (["modify"], .edit), (["change"], .edit), (["update"], .edit),
    (["increase"], .edit), (["decrease"], .edit), (["bump"], .edit), (["raise"], .edit),
    (["adjust"], .edit), (["tweak"], .edit), (["configure"], .edit),
    (["set", "image"], .setImage), (["set"], .set),
    (["exec"], .exec), (["ssh"], .exec), (["shell", "into"], .exec),
    (["attach"], .attach),
    (["port-forward"], .portForward), (["port", "forward"], .portForward),
    (["portforward"], .portForward),
    (["cordon"], .cordon), (["uncordon"], .uncordon), (["drain"], .drain),
    (["taint"], .taint), (["untaint"], .untaint), (["label"], .label),
    (["annotate"], .annotate), (["expose"], .expose),
    (["fix"], .fix), (["repair"], .fix), (["resolve"], .fix), (["remediate"], .fix),
  ]
}
