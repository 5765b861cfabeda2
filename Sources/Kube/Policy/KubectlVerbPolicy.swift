/// Decides, before anything runs, whether a kubectl command line only reads.
///
/// Allowed: get, describe, logs, top, events, explain, api-resources,
/// api-versions, version, cluster-info and auth can-i, with flags the policy
/// knows. Everything else is refused with the command an operator could run.
public enum KubectlVerbPolicy {
  /// Checks `argv`, with or without a leading `kubectl` (or a path ending in it).
  public static func check(argv: [String]) -> Result<KubectlCommand, PolicyRefusal> {
    let tokens = argumentsAfterProgram(argv)
    do {
      return .success(try parse(tokens))
    } catch {
      return .failure(
        PolicyRefusal(reason: error, operatorCommand: KubectlOperatorCommand.render(tokens)))
    }
  }

  private static func argumentsAfterProgram(_ argv: [String]) -> [String] {
    guard let first = argv.first, first.split(separator: "/").last == "kubectl" else {
      return argv
    }
    return Array(argv.dropFirst())
  }

  /// The flags kubectl knows before the verb is known.
  private static let globalTable = KubectlFlagTable(
    specs: KubectlFlags.global + KubectlFlags.credential + KubectlFlags.hostFile)

  private static func parse(_ tokens: [String]) throws(PolicyRefusal.Reason) -> KubectlCommand {
    var scanner = KubectlArgvScanner(tokens)
    var flags: [KubectlFlag] = []
    var words: [String] = []

    // Global flags may come before the verb (`kubectl -n prod get pods`).
    while words.isEmpty, let item = try scanner.next(using: globalTable) {
      take(item, into: &flags, &words)
    }
    guard let word = words.first else { throw .noVerb }
    let verb = try resolveVerb(word, scanner: &scanner, flags: &flags)

    let table = globalTable.adding(KubectlFlags.local(for: verb))
    var arguments: [String] = []
    while let item = try scanner.next(using: table) {
      take(item, into: &flags, &arguments)
    }
    for flag in flags {
      if let reason = FlagRule.check(flag, verb: verb) { throw reason }
    }
    try checkArguments(arguments, verb: verb)
    return KubectlCommand(verb: verb, arguments: arguments, flags: flags, argv: tokens)
  }

  private static func take(
    _ item: KubectlArgvItem, into flags: inout [KubectlFlag], _ positionals: inout [String]
  ) {
    switch item {
    case .flags(let more): flags += more
    case .positional(let word): positionals.append(word)
    }
  }

  /// The allowed verb `word` starts, reading `auth`'s subcommand; throws for anything else.
  private static func resolveVerb(
    _ word: String, scanner: inout KubectlArgvScanner, flags: inout [KubectlFlag]
  ) throws(PolicyRefusal.Reason) -> KubectlVerb {
    if word == "auth" {
      var sub: [String] = []
      while sub.isEmpty, let item = try scanner.next(using: globalTable) {
        take(item, into: &flags, &sub)
      }
      guard sub.first == "can-i" else {
        throw .refusedVerb(
          (["auth"] + sub).joined(separator: " "),
          sub.first == "reconcile" ? .changesCluster : .notNeeded)
      }
      return .authCanI
    }
    if let verb = KubectlVerb(rawValue: word), verb != .authCanI { return verb }
    if let category = RefusedVerbs.category(of: word) { throw .refusedVerb(word, category) }
    throw .plugin(word)
  }

  private static func checkArguments(_ arguments: [String], verb: KubectlVerb)
    throws(PolicyRefusal.Reason)
  {
    switch verb {
    case .get, .describe:
      if let secret = SecretResourceRule.firstSecret(in: arguments) { throw .secrets(secret) }
    case .clusterInfo:
      if let sub = arguments.first {
        throw .refusedVerb("cluster-info \(sub)", sub == "dump" ? .dumpsEverything : .notNeeded)
      }
    default:
      break
    }
  }
}
