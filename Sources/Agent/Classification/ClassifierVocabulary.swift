/// The classifier's own word lists (the tool domains' words come from the capability
/// catalog); every entry is lowercase and compared with a token's `norm`.
enum ClassifierVocabulary {
  /// Words and phrases that describe a problem to diagnose, symptoms included.
  static let diagnosisPhrases: [[String]] = [
    ["what", "wrong"], ["what", "is", "wrong"], ["went", "wrong"], ["is", "wrong"],
    ["root", "cause"], ["not", "starting"], ["not", "ready"], ["not", "running"],
    ["not", "working"], ["keep", "restarting"], ["keeps", "restarting"],
    ["keep", "crashing"], ["keeps", "crashing"], ["crash", "loop"], ["crash", "looping"],
  ]
  static let diagnosisWords: Set<String> = [
    "crash", "crashes", "crashed", "crashing", "crashloop", "crashloopbackoff", "crash-looping",
    "crashlooping", "fail", "fails", "failed", "failing", "failure", "failures", "error", "errors",
    "erroring", "broken", "break", "breaking", "down", "pending", "oom", "oomkilled", "oom-killed",
    "killed", "evicted", "diagnose", "diagnosis", "diagnosing", "debug", "debugging", "why",
    "troubleshoot", "troubleshooting", "investigate", "investigating", "logs", "log", "restarting",
    "restarted", "unhealthy", "stuck", "hanging", "hung", "timeout", "timeouts", "slow", "latency",
    "issue", "issues", "problem", "problems", "wrong", "imagepullbackoff", "errimagepull",
    "unreachable", "unavailable", "notready", "panic", "panicking", "exception", "exceptions",
    "502", "503", "504", "500", "healthy", "health", "degraded",
  ]
  /// "down" right after these is part of a change ("scale down"), not a symptom.
  static let notASymptomBeforeDown: Set<String> = [
    "scale", "shut", "spin", "bring", "take", "turn", "wind", "cool", "slow", "step",
  ]

  /// Words and phrases that ask for information.
  static let queryPhrases: [[String]] = [
    ["how", "many"], ["tell", "me"], ["status", "of"], ["is", "there"], ["are", "there"],
    ["rollout", "status"], ["rollout", "history"],
  ]
  static let queryWords: Set<String> = [
    "list", "ls", "show", "get", "display", "describe", "what", "which", "status", "count",
    "find", "view", "check", "where", "inspect", "see", "overview", "summary", "summarize", "top",
    "usage", "how", "tail", "read", "grep", "search", "look", "print",
  ]

  /// Right before a verb these say it did not happen: "won't scale" is a symptom, not a request.
  static let symptomNegators: Set<String> = [
    "doesn't", "doesnt", "won't", "wont", "can't", "cant", "cannot", "didn't", "didnt", "isn't",
    "aren't", "wasn't", "weren't", "couldn't", "wouldn't", "hasn't", "haven't",
  ]
  /// Two-word forms of the same ("does not scale", "failed to restart").
  static let symptomNegatorPairs: Set<[String]> = [
    ["does", "not"], ["did", "not"], ["is", "not"], ["are", "not"], ["was", "not"],
    ["were", "not"], ["fails", "to"], ["failed", "to"], ["failing", "to"], ["unable", "to"],
    ["refuses", "to"], ["refused", "to"], ["trying", "to"], ["tries", "to"], ["tried", "to"],
  ]
  /// Earlier in the same clause these cancel a change verb: "don't delete anything".
  static let commandNegators: Set<String> = [
    "don't", "dont", "not", "never", "no", "without", "nothing", "neither", "nor", "avoid",
    "shouldn't", "mustn't",
  ]

  /// A base-form verb right after one of these is asked for: "please restart", "and scale",
  /// "can you delete", "I want to drain", "how do I scale".
  static let requestPrefixes: Set<String> = [
    "please", "pls", "plz", "kindly", "just", "now", "then", "and", "also", "or", "but", "so",
    "quickly", "immediately", "simply", "first", "finally", "let", "lets", "us", "you", "to", "i",
    "we", "i'll", "we'll", "go", "asap", "kubectl", "helm",
  ]
  /// "do a restart", "trigger a rollout": a noun that still asks for the action.
  static let nounRequestVerbs: Set<String> = [
    "do", "perform", "trigger", "run", "initiate", "start", "need", "needs", "want", "issue",
    "schedule", "kick", "force", "use", "requires", "require",
  ]
  static let articles: Set<String> = ["a", "an", "the"]
  static let nounModifiers: Set<String> = [
    "rolling", "quick", "full", "graceful", "forced", "hard",
  ]

  /// In the same clause before the verb, these make it a question about a change.
  static let questionOpeners: Set<String> = [
    "how", "what", "which", "whether", "why", "when", "safe", "ok", "okay", "should",
  ]
  /// Modals that make "can I delete ..." a question rather than an order.
  static let questionModals: Set<String> = [
    "can", "could", "may", "might", "should", "would", "do", "does", "shall",
  ]

  /// Words that are never a Kubernetes object name, so "pod is crashing" names no pod "is".
  static let notNames: Set<String> = [
    "a", "an", "the", "this", "that", "these", "those", "it", "its", "my", "our", "your", "their",
    "his", "her", "them", "they", "we", "you", "i", "me", "us", "is", "are", "was", "were", "be",
    "been", "being", "am", "has", "have", "had", "do", "does", "did", "will", "would", "can",
    "could", "should", "may", "might", "must", "shall", "keeps", "keep", "kept", "and", "or",
    "but", "so", "then", "in", "on", "at", "of", "for", "to", "from", "with", "by", "into",
    "onto", "about", "as", "if", "not", "no", "all", "any", "some", "every", "each", "other",
    "another", "which", "what", "who", "whose", "where", "when", "why", "how", "named", "called",
    "running", "ready", "new", "old", "same", "one", "two", "three", "many", "more", "most",
    "few", "there", "here", "again", "now", "too", "also", "just", "only", "still", "please",
    "after", "before", "since", "up", "out", "over", "under", "across", "inside", "within",
    "without", "because", "due", "than", "via", "per", "using", "right", "always", "never",
    "seems", "seem", "looks", "look", "got", "gets", "get", "went", "go", "goes", "won't",
    "doesn't", "didn't", "can't", "cannot", "isn't", "aren't", "wasn't", "don't", "namespace",
    "namespaces", "cluster", "clusters", "replicas", "replica", "instead", "yet", "even",
    "account", "accounts", "mesh", "pool", "pools", "group", "groups", "name", "names", "level",
    "type", "types", "restarts", "events", "event", "spec", "yaml", "manifest", "manifests",
    "image", "images", "memory", "cpu", "limits", "limit", "requests", "resources", "config",
    "selector", "labels", "port", "ports", "ip", "health", "probe", "probes", "times", "time",
    "ago", "today", "yesterday", "minutes", "hours", "anything", "everything",
    "something", "nothing", "thing", "things", "stuff", "very", "really", "lot", "lots",
    "like", "i'm", "it's", "logs", "log", "status", "owner", "owners", "container",
    "containers", "state", "details", "info", "information", "output", "version", "versions",
    "past", "until", "beyond", "behind", "near", "around", "toward", "towards", "against",
    "during", "while", "whether", "though", "although", "unless", "once", "returning",
    "showing", "getting", "having", "using", "trying", "throwing", "giving", "saying", "causing",
    "taking", "sending", "receiving", "responding", "serving", "working", "starting", "stopping",
    "waiting", "loading", "hitting", "reporting", "complaining", "producing", "rejecting",
    "refusing", "timing", "pulling", "creating", "terminating", "consuming", "eating", "leaking",
  ]

  /// "remove the finalizer from ...": the thing removed is part of an object, so the change
  /// is an edit, never a delete of the object.
  static let partsOfAnObject: Set<String> = [
    "finalizer", "finalizers", "label", "labels", "annotation", "annotations", "env",
    "variable", "variables", "limit", "limits", "container", "sidecar", "volume", "port",
    "rule", "toleration", "tolerations", "probe", "selector", "owner", "reference",
  ]
  /// Words a pasted command line may trail in a sentence ("kubectl delete pod x for me").
  static let trailingFiller: Set<String> = [
    "do", "does", "please", "now", "for", "me", "it", "then", "first", "again", "safely",
  ]

  /// Environment names that, after "in"/"to"/"into"/"from"/"on"/"for", mean a namespace.
  static let environmentNamespaces: Set<String> = [
    "production", "prod", "staging", "stage", "dev", "development", "qa", "test", "uat",
    "preprod", "sandbox", "default", "kube-system", "kube-public", "kube-node-lease",
  ]
  static let namespacePrepositions: Set<String> = ["in", "to", "into", "from", "on", "for"]
  /// After an environment word these mean a cluster or account, not a namespace.
  static let notNamespaceFollowers: Set<String> = [
    "cluster", "clusters", "context", "account", "region", "kubeconfig",
  ]

  /// Managed Kubernetes services, for the cluster hint.
  static let clusterHints: Set<String> = ["eks", "gke", "aks"]

  /// Resource kinds by every spelling the request may use, mapped to kubectl's singular name.
  static let kinds: [String: String] = [
    "pod": "pod", "pods": "pod", "po": "pod",
    "deployment": "deployment", "deployments": "deployment",
    "statefulset": "statefulset", "statefulsets": "statefulset", "sts": "statefulset",
    "daemonset": "daemonset", "daemonsets": "daemonset",
    "replicaset": "replicaset", "replicasets": "replicaset",
    "service": "service", "services": "service", "svc": "service",
    "node": "node", "nodes": "node",
    "job": "job", "jobs": "job", "cronjob": "cronjob", "cronjobs": "cronjob",
    "configmap": "configmap", "configmaps": "configmap",
    "ingress": "ingress", "ingresses": "ingress",
    "pvc": "persistentvolumeclaim", "persistentvolumeclaim": "persistentvolumeclaim",
    "persistentvolumeclaims": "persistentvolumeclaim",
    "hpa": "horizontalpodautoscaler", "horizontalpodautoscaler": "horizontalpodautoscaler",
  ]
  /// Short kinds accepted only in `kind/name` form, because alone they are English words.
  static let slashOnlyKinds: [String: String] = [
    "deploy": "deployment", "ds": "daemonset", "rs": "replicaset", "no": "node",
    "cj": "cronjob", "cm": "configmap", "ing": "ingress", "ns": "namespace",
  ]
  /// Singular spellings: only these name an object when the name comes first ("web deployment").
  static let singularKinds: Set<String> = [
    "pod", "deployment", "statefulset", "daemonset", "replicaset", "service", "node", "job",
    "cronjob", "configmap", "ingress", "pvc", "hpa",
  ]
  /// Kinds without a namespace: commands about them take no `-n`.
  static let clusterScopedKinds: Set<String> = ["node", "namespace"]
}
