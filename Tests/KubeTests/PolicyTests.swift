import Testing

@testable import Kube

/// A command line the policy must allow.
struct AllowedLine: Sendable, CustomTestStringConvertible {
  let argv: [String]
  let verb: KubectlVerb
  var testDescription: String { argv.joined(separator: " ") }
}

/// A command line the policy must refuse, with why and what the operator may run instead.
struct RefusedLine: Sendable, CustomTestStringConvertible {
  let argv: [String]
  let reason: PolicyRefusal.Reason
  let operatorCommand: String
  var testDescription: String { argv.joined(separator: " ") }
}

private func allowed(_ line: String, _ verb: KubectlVerb) -> AllowedLine {
  AllowedLine(argv: words(line), verb: verb)
}

private func allowed(_ argv: [String], _ verb: KubectlVerb) -> AllowedLine {
  AllowedLine(argv: argv, verb: verb)
}

/// `operatorCommand` defaults to the same line after `kubectl`.
private func refused(
  _ line: String, _ reason: PolicyRefusal.Reason, operator operatorCommand: String? = nil
) -> RefusedLine {
  RefusedLine(
    argv: words(line), reason: reason, operatorCommand: operatorCommand ?? "kubectl \(line)")
}

/// A refused `--raw` page read: the operator's command quotes the query for the shell.
private func rawPage(_ path: String) -> RefusedLine {
  refused("get --raw \(path)", .rawPath(path), operator: "kubectl get --raw '\(path)'")
}

/// A refusal of a credential flag: the operator's command is `kubectl get pods`, without it.
private func credential(_ line: String, _ flag: String) -> RefusedLine {
  refused(line, .credentialFlag(flag), operator: "kubectl get pods")
}

private func words(_ line: String) -> [String] {
  line.split(separator: " ").map(String.init)
}

private let allowedLines: [AllowedLine] = [
  allowed("get pods", .get),
  allowed("kubectl get pods -n prod", .get),
  allowed("/usr/bin/kubectl get pods", .get),
  allowed("-n prod get pods", .get),
  allowed("--namespace=prod get pods -o wide", .get),
  allowed("get pods -nprod", .get),
  allowed("get pods -n=prod", .get),
  allowed("get pods -A -o json", .get),
  allowed("get pods -Ao json", .get),
  allowed("get pods -ojson", .get),
  allowed("get pods -o=yaml", .get),
  allowed("get pods -o name", .get),
  allowed("get pods --output=jsonpath={.items[*].metadata.name}", .get),
  allowed("get pods -o jsonpath-as-json={.items[0].status}", .get),
  allowed("get pods -o custom-columns=NAME:.metadata.name,NODE:.spec.nodeName", .get),
  allowed("get deploy,rs,pods -l app=web", .get),
  allowed("get pods --field-selector status.phase!=Running", .get),
  allowed("get pod/web-1 svc/web", .get),
  allowed("get all -n prod", .get),
  allowed("get pods secret", .get),
  allowed("get pods --watch=false", .get),
  allowed("get deploy web --subresource=status", .get),
  allowed("get --raw /healthz", .get),
  allowed("get --raw /readyz?verbose", .get),
  allowed("get --raw=/livez/etcd", .get),
  allowed("get --raw /version", .get),
  allowed("get --raw /api", .get),
  allowed("get --raw /apis/apps/v1", .get),
  allowed("get --raw /api/v1/pods?limit=500", .get),
  allowed(
    "get --raw /api/v1/namespaces/prod/pods?limit=500&continue=eyJ2IjoibWV0YS5rOHMuaW8vdjEifQ", .get
  ),
  allowed("get --raw /api/v1/namespaces/prod/events?continue=replay-offset-500&limit=5000", .get),
  allowed("get pods --context staging", .get),
  allowed("--context=staging --request-timeout=10s get pods", .get),
  allowed("get pods -- web-1", .get),
  allowed("get pods --show-labels --no-headers --sort-by=.metadata.name", .get),
  allowed("describe pod web-1 -n prod", .describe),
  allowed("describe nodes", .describe),
  allowed("describe deploy -l app=web --show-events=false", .describe),
  allowed("logs web-1 -c app --tail 100", .logs),
  allowed("logs web-1 --previous", .logs),
  allowed("logs -p web-1 -c app", .logs),
  allowed("logs web-1 -pcapp", .logs),
  allowed("logs deploy/web --since=1h --timestamps", .logs),
  allowed("logs web-1 --follow=false --tail -1", .logs),
  allowed("logs -l app=web --all-containers --prefix", .logs),
  allowed("top pods -A", .top),
  allowed("top node --sort-by cpu", .top),
  allowed("events -n prod --for pod/web-1", .events),
  allowed("events -A --types=Warning -o yaml", .events),
  allowed("explain pods.spec.containers --recursive", .explain),
  allowed("explain secrets", .explain),
  allowed("api-resources --namespaced=true -o wide", .apiResources),
  allowed("api-resources --verbs=list --api-group=apps", .apiResources),
  allowed("api-versions", .apiVersions),
  allowed("version -o json", .version),
  allowed("version --client", .version),
  allowed("cluster-info", .clusterInfo),
  allowed("auth can-i list pods -n prod", .authCanI),
  allowed("auth can-i get secrets", .authCanI),
  allowed("-n prod auth can-i --list", .authCanI),
  allowed(
    ["get", "pods", "-o", #"jsonpath={range .items[*]}{.metadata.name}{"\n"}{end}"#], .get),
]

private let refusedVerbLines: [RefusedLine] = [
  // Every built-in verb that is not read-only.
  refused("delete pod web-1 -n prod", .refusedVerb("delete", .changesCluster)),
  refused("apply -f deploy.yaml", .refusedVerb("apply", .changesCluster)),
  refused("create deployment web --image=nginx", .refusedVerb("create", .changesCluster)),
  refused("edit deploy web", .refusedVerb("edit", .changesCluster)),
  refused(
    "patch deploy web -p {}", .refusedVerb("patch", .changesCluster),
    operator: "kubectl patch deploy web -p '{}'"),
  refused("replace -f deploy.yaml", .refusedVerb("replace", .changesCluster)),
  refused("scale deploy web --replicas=0 -n prod", .refusedVerb("scale", .changesCluster)),
  refused("autoscale deploy web --max=5", .refusedVerb("autoscale", .changesCluster)),
  refused("rollout restart deploy/web", .refusedVerb("rollout", .changesCluster)),
  refused("rollout undo deploy/web", .refusedVerb("rollout", .changesCluster)),
  refused("set image deploy/web app=nginx:2", .refusedVerb("set", .changesCluster)),
  refused("label pod web-1 tier=x", .refusedVerb("label", .changesCluster)),
  refused("annotate pod web-1 a=b", .refusedVerb("annotate", .changesCluster)),
  refused("taint nodes n1 k=v:NoSchedule", .refusedVerb("taint", .changesCluster)),
  refused("cordon n1", .refusedVerb("cordon", .changesCluster)),
  refused("uncordon n1", .refusedVerb("uncordon", .changesCluster)),
  refused("drain n1 --ignore-daemonsets", .refusedVerb("drain", .changesCluster)),
  refused("expose deploy web --port=80", .refusedVerb("expose", .changesCluster)),
  refused("run debug --image=busybox", .refusedVerb("run", .changesCluster)),
  refused("certificate approve csr-1", .refusedVerb("certificate", .changesCluster)),
  refused("auth reconcile -f rbac.yaml", .refusedVerb("auth reconcile", .changesCluster)),
  refused("auth whoami", .refusedVerb("auth whoami", .notNeeded)),
  refused("exec web-1 -- sh -c id", .refusedVerb("exec", .reachesIntoWorkloads)),
  refused("exec -it web-1 -n prod -- sh", .refusedVerb("exec", .reachesIntoWorkloads)),
  refused("attach web-1", .refusedVerb("attach", .reachesIntoWorkloads)),
  refused("port-forward web-1 8080:80", .refusedVerb("port-forward", .reachesIntoWorkloads)),
  refused("proxy --port=8001", .refusedVerb("proxy", .reachesIntoWorkloads)),
  refused("cp web-1:/etc/passwd ./passwd", .refusedVerb("cp", .reachesIntoWorkloads)),
  refused("debug node/n1 --image=busybox", .refusedVerb("debug", .reachesIntoWorkloads)),
  refused("config view --raw", .refusedVerb("config", .touchesCredentials)),
  refused("config use-context prod", .refusedVerb("config", .touchesCredentials)),
  refused("plugin list", .refusedVerb("plugin", .readsHostFiles)),
  refused("kustomize ./overlays/prod", .refusedVerb("kustomize", .readsHostFiles)),
  refused("diff -f deploy.yaml", .refusedVerb("diff", .readsHostFiles)),
  refused("wait --for=condition=Ready pod/web-1", .refusedVerb("wait", .blocks)),
  refused("cluster-info dump", .refusedVerb("cluster-info dump", .dumpsEverything)),
  refused("completion bash", .refusedVerb("completion", .notNeeded)),
  // Writes through --raw are refused by their verb.
  refused("create --raw /api/v1/namespaces -f ns.json", .refusedVerb("create", .changesCluster)),
  refused(
    "replace --raw /api/v1/namespaces/x -f ns.json", .refusedVerb("replace", .changesCluster)),
  refused("delete --raw /api/v1/namespaces/prod", .refusedVerb("delete", .changesCluster)),
  // Plugins: anything that is not a built-in.
  refused("foo bar", .plugin("foo")),
  refused("-n prod neat get pod web-1", .plugin("neat")),
  refused("krew install neat", .plugin("krew")),
  // No verb.
  refused("", .noVerb, operator: "kubectl"),
  refused("-n prod", .noVerb),
]

private let refusedFlagLines: [RefusedLine] = [
  // Credential flags, in both forms, before and after the verb; never echoed.
  credential("get pods --kubeconfig=/root/.kube/admin", "--kubeconfig"),
  credential("get pods --kubeconfig /root/.kube/admin", "--kubeconfig"),
  credential("get pods --token=planted-token", "--token"),
  credential("get pods --token planted-token", "--token"),
  credential("--token planted-token get pods", "--token"),
  credential("get pods --server=https://evil:6443", "--server"),
  credential("get pods --server https://evil:6443", "--server"),
  credential("get pods -s https://evil:6443", "--server"),
  credential("-shttps://evil:6443 get pods", "--server"),
  credential("get pods --as=system:admin", "--as"),
  credential("get pods --as system:admin", "--as"),
  credential("get pods --as-group=system:masters", "--as-group"),
  credential("get pods --as-group system:masters", "--as-group"),
  credential("get pods --as-uid=0", "--as-uid"),
  credential("get pods --as-uid 0", "--as-uid"),
  credential("get pods --username=admin", "--username"),
  credential("get pods --username admin", "--username"),
  credential("get pods --password=planted-password", "--password"),
  credential("get pods --password planted-password", "--password"),
  credential("get pods --client-key=/k.pem", "--client-key"),
  credential("get pods --client-key /k.pem", "--client-key"),
  credential("get pods --client-certificate=/c.pem", "--client-certificate"),
  credential("get pods --client-certificate /c.pem", "--client-certificate"),
  credential("get pods --certificate-authority=/ca.pem", "--certificate-authority"),
  credential("get pods --certificate-authority /ca.pem", "--certificate-authority"),
  credential("get pods --insecure-skip-tls-verify", "--insecure-skip-tls-verify"),
  credential("get pods --insecure-skip-tls-verify=true", "--insecure-skip-tls-verify"),
  credential("get pods --cluster=prod", "--cluster"),
  credential("get pods --cluster prod", "--cluster"),
  credential("get pods --user=admin", "--user"),
  credential("get pods --user admin", "--user"),
  credential("get pods --tls-server-name=other", "--tls-server-name"),
  refused(
    "logs web-1 --insecure-skip-tls-verify-backend",
    .credentialFlag("--insecure-skip-tls-verify-backend")),
  // Output templates and formats read from host files.
  refused(
    "get pods -o go-template={{.}}", .outputTemplate("-o go-template"),
    operator: "kubectl get pods -o 'go-template={{.}}'"),
  refused("get pods -ogo-template-file=/t.tmpl", .outputTemplate("-o go-template-file")),
  refused(
    "get pods -o template={{.}}", .outputTemplate("-o template"),
    operator: "kubectl get pods -o 'template={{.}}'"),
  refused(
    "get pods -o go-template --template={{.}}", .outputTemplate("-o go-template"),
    operator: "kubectl get pods -o go-template '--template={{.}}'"),
  refused(
    "get pods --template {{.}}", .outputTemplate("--template"),
    operator: "kubectl get pods --template '{{.}}'"),
  refused("get pods -o jsonpath-file=/t.jsonpath", .hostFileFlag("-o jsonpath-file")),
  refused("get pods -o custom-columns-file=/c.txt", .hostFileFlag("-o custom-columns-file")),
  refused("get pods -o toml", .unknownOutput("-o toml")),
  // Streams that never end.
  refused("logs -f web-1", .streaming("--follow")),
  refused("logs --follow web-1 -n prod", .streaming("--follow")),
  refused("logs web-1 -pf", .streaming("--follow")),
  refused("get pods -w", .streaming("--watch")),
  refused("get pods --watch", .streaming("--watch")),
  refused("get pods --watch-only", .streaming("--watch-only")),
  refused("events -w", .streaming("--watch")),
  // Host files and URLs.
  refused("get -f pod.yaml", .hostFileFlag("--filename")),
  refused("get -f https://example.com/pod.yaml", .hostFileFlag("--filename")),
  refused("describe -k ./dir", .hostFileFlag("--kustomize")),
  refused("get pods --cache-dir=/tmp/cache", .hostFileFlag("--cache-dir")),
  // Flags the policy cannot read, and malformed lines.
  refused("get pods --foo", .unknownFlag("--foo")),
  refused("get pods -x", .unknownFlag("-x")),
  refused("--v=9 get pods", .unknownFlag("--v")),
  refused("version --output json --raw /x", .unknownFlag("--raw")),
  refused("get pods -n", .missingValue("-n")),
  refused("get sa default --subresource=token", .subresource("token")),
]

private let refusedReadLines: [RefusedLine] = [
  // Secrets in every spelling.
  refused("get secret", .secrets("secret")),
  refused("get secrets -n prod", .secrets("secrets")),
  refused("get Secret db-password", .secrets("Secret")),
  refused("get secrets.v1.", .secrets("secrets.v1.")),
  refused("get SECRETS.v1", .secrets("SECRETS.v1")),
  refused("get pods,secrets", .secrets("secrets")),
  refused("get secret/db-password -o yaml", .secrets("secret")),
  refused("get pod/web-1 secrets/db -o json", .secrets("secrets")),
  refused("-n prod get secrets", .secrets("secrets")),
  refused("get -A secrets", .secrets("secrets")),
  refused("describe secret db-password", .secrets("secret")),
  refused("describe secrets -A", .secrets("secrets")),
  // --raw outside the allow-list.
  refused("get --raw /api/v1/secrets", .rawPath("/api/v1/secrets")),
  refused("get --raw /api/v1/namespaces/prod/pods", .rawPath("/api/v1/namespaces/prod/pods")),
  refused("get --raw=/metrics", .rawPath("/metrics")),
  // Pages of pods and events only: bounded, whole lists, no other parameter.
  refused("get --raw /api/v1/pods", .rawPath("/api/v1/pods")),
  rawPage("/api/v1/pods?limit=0"),
  rawPage("/api/v1/pods?limit=5001"),
  rawPage("/api/v1/pods?limit=10&limit=9"),
  rawPage("/api/v1/pods?continue=abc"),
  rawPage("/api/v1/pods?limit=10&watch=true"),
  rawPage("/api/v1/pods?limit=10&continue=a%26watch%3Dtrue"),
  rawPage("/api/v1/secrets?limit=10"),
  rawPage("/api/v1/namespaces/prod/configmaps?limit=10"),
  rawPage("/api/v1/namespaces/prod/pods/web-1?limit=10"),
  rawPage("/api/v1/namespaces/Prod/pods?limit=10"),
  rawPage("/apis/apps/v1/deployments?limit=10"),
  refused("get --raw /healthz/../api/v1/secrets", .rawPath("/healthz/../api/v1/secrets")),
  refused(
    "get --raw /api/v1/namespaces/x/pods/y/exec", .rawPath("/api/v1/namespaces/x/pods/y/exec")),
  refused("get --raw /api/v1/%73ecrets", .rawPath("/api/v1/%73ecrets")),
]

private let refusedLines = refusedVerbLines + refusedFlagLines + refusedReadLines

@Test("allows read-only kubectl commands and parses them as kubectl does", arguments: allowedLines)
func allowsReads(line: AllowedLine) throws {
  let command = try KubectlVerbPolicy.check(argv: line.argv).get()
  #expect(command.verb == line.verb)
}

@Test(
  "refuses everything else with the reason and the operator's own command",
  arguments: refusedLines)
func refusesTheRest(line: RefusedLine) {
  guard case .failure(let refusal) = KubectlVerbPolicy.check(argv: line.argv) else {
    Issue.record("allowed: \(line.argv)")
    return
  }
  #expect(refusal.reason == line.reason)
  #expect(refusal.operatorCommand == line.operatorCommand)
  #expect(refusal.description.contains("run: \(line.operatorCommand)"))
  #expect(refusal.description.contains("read-only by design"))
  #expect(!refusal.description.contains("planted"))
}

@Test("the tables hold at least sixty command lines")
func tableSize() {
  #expect(allowedLines.count + refusedLines.count >= 60)
}

@Test("a refusal reads as one message naming the thing, why, and what to run")
func refusalMessage() throws {
  let refusal = try #require(
    KubectlVerbPolicy.check(argv: ["kubectl", "delete", "pod", "web-1", "-n", "prod"])
      .failureValue)
  #expect(
    refusal.description
      == "refused `kubectl delete`: it changes the cluster. meta-agent is read-only by design; "
      + "to do it yourself, run: kubectl delete pod web-1 -n prod")
}

@Test("the operator command is quoted for a shell")
func operatorCommandQuoting() throws {
  let refusal = try #require(
    KubectlVerbPolicy.check(argv: ["exec", "web-1", "--", "sh", "-c", "echo 'hi' && id"])
      .failureValue)
  #expect(refusal.operatorCommand == #"kubectl exec web-1 -- sh -c 'echo '\''hi'\'' && id'"#)
}

@Test("an allowed command keeps its flags, arguments and namespace")
func parsedCommand() throws {
  let argv = ["-nprod", "get", "pods", "-Ao", "json", "--", "-web"]
  let command = try KubectlVerbPolicy.check(argv: argv).get()
  #expect(command.arguments == ["pods", "-web"])
  #expect(command.namespace == "prod")
  #expect(command.allNamespaces)
  #expect(command.value(of: "output") == "json")
  #expect(command.argv == argv)
}

extension Result {
  /// The failure, or nil on success.
  var failureValue: Failure? {
    if case .failure(let failure) = self { return failure }
    return nil
  }
}
