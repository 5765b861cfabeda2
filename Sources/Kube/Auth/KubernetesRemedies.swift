/// Turns a Kubernetes credential problem into the exact commands that fix it,
/// naming the EKS cluster and region when the kubeconfig or server reveals them.
enum KubernetesRemedies {
  static let installAWSCLI = RemedyStep(
    "curl -fsSL https://awscli.amazonaws.com/awscli-exe-linux-$(uname -m).zip -o awscliv2.zip "
      + "&& unzip -q awscliv2.zip && sudo ./aws/install",
    "install the AWS CLI v2, which EKS kubeconfigs run to get a token (aws --version checks it)")

  static let installKubectl = RemedyStep(
    "curl -fsSLO \"https://dl.k8s.io/release/$(curl -fsSL https://dl.k8s.io/release/stable.txt)"
      + "/bin/linux/amd64/kubectl\" && sudo install -m 0755 kubectl /usr/local/bin/kubectl",
    "install kubectl")

  static func remedy(for problem: CredentialProblem, target: KubeTarget?) -> CredentialRemedy {
    let eks = target.flatMap(EKSClusterReference.detect)
    let (summary, steps) = explain(problem, target: target, eks: eks)
    return CredentialRemedy(kind: .kubernetes, problem: problem, summary: summary, steps: steps)
  }

  private static func explain(
    _ problem: CredentialProblem, target: KubeTarget?, eks: EKSClusterReference?
  ) -> (String, [RemedyStep]) {
    let eksOrPlaceholder = eks ?? EKSClusterReference()
    let updateEKS = RemedyStep(
      eksOrPlaceholder.updateKubeconfigCommand,
      "write or refresh the context for the EKS cluster (from your AWS credentials)")
    let contextName = target?.contextName ?? "<context>"
    switch problem {
    case .noKubeconfig(let searched, let fromEnvironment):
      let place =
        searched.isEmpty
        ? "HOME is not set and KUBECONFIG is empty"
        : "looked at \(searched.joined(separator: ", "))"
          + (fromEnvironment ? " (from KUBECONFIG)" : "")
      return (
        "no kubeconfig found (\(place))",
        [
          updateEKS,
          RemedyStep(
            "export KUBECONFIG=/path/to/kubeconfig",
            "for any other cluster: point KUBECONFIG at the kubeconfig your cluster's admin gave you"
          ),
        ]
      )
    case .invalidKubeconfig(let path, let reason):
      return (
        "kubeconfig \(path) is unusable: \(reason)",
        [
          RemedyStep("kubectl config view --kubeconfig \(path)", "see what kubectl makes of it"),
          eks.map { _ in updateEKS }
            ?? RemedyStep("mv \(path) \(path).broken", "set it aside and write a new one"),
        ]
      )
    case .noCurrentContext(let available):
      return (
        "the kubeconfig has no current context"
          + (available.isEmpty
            ? " and no contexts" : " (contexts: \(available.joined(separator: ", ")))"),
        contextSteps(available: available, eks: eks, updateEKS: updateEKS)
      )
    case .contextNotFound(let name, let available):
      return (
        "context \(name) is not in the kubeconfig"
          + (available.isEmpty ? "" : " (contexts: \(available.joined(separator: ", ")))"),
        contextSteps(available: available, eks: eks, updateEKS: updateEKS)
      )
    case .clusterNotFound(let context, let cluster):
      return (
        "context \(context) names cluster \(cluster), which the kubeconfig does not define",
        [
          eks.map { _ in updateEKS }
            ?? RemedyStep(
              "kubectl config set-cluster \(cluster) --server=https://<api-server>:6443 "
                + "--certificate-authority=<ca.crt> --embed-certs",
              "define the cluster"),
          RemedyStep("kubectl config get-contexts", "list the contexts and their clusters"),
        ]
      )
    case .clusterWithoutServer(let cluster):
      return (
        "cluster \(cluster) has no server URL",
        [
          eks.map { _ in updateEKS }
            ?? RemedyStep(
              "kubectl config set-cluster \(cluster) --server=https://<api-server>:6443",
              "set the API server address")
        ]
      )
    case .userNotFound(let context, let user):
      return (
        "context \(context) names user \(user), which the kubeconfig does not define",
        [
          eks.map { _ in updateEKS }
            ?? RemedyStep(
              "kubectl config set-credentials \(user) --token=<token>",
              "define the user (or ask your cluster's admin for a kubeconfig)"),
          RemedyStep("kubectl config get-contexts", "list the contexts and their users"),
        ]
      )
    case .kubectlMissing(let path):
      return ("kubectl is not installed at \(path)", [installKubectl])
    case .serverUnreachable(let server, let detail):
      return (
        "context \(contextName) cannot reach \(server): \(detail)",
        reachabilitySteps(eks: eks, updateEKS: updateEKS, contextName: contextName)
      )
    case .timedOut(let server):
      return (
        "context \(contextName): \(server) did not answer in time",
        reachabilitySteps(eks: eks, updateEKS: updateEKS, contextName: contextName)
      )
    case .tls(let server, let detail):
      return (
        "context \(contextName): TLS with \(server) failed: \(detail)",
        [
          eks.map { _ in updateEKS }
            ?? RemedyStep(
              "kubectl config set-cluster \(target?.clusterName ?? "<cluster>") "
                + "--certificate-authority=<ca.crt> --embed-certs",
              "give the kubeconfig the cluster's CA certificate")
        ]
      )
    case .unauthorized(let server, let detail):
      if let eks {
        return (
          "context \(contextName): \(server) rejected the credentials (\(detail))",
          [
            RemedyStep(
              eks.loginCommand, "refresh your AWS login if it uses IAM Identity Center (SSO)"),
            RemedyStep("aws sts get-caller-identity", "check which AWS identity you are"),
            updateEKS,
          ]
        )
      }
      return (
        "context \(contextName): \(server) rejected the credentials (\(detail))",
        [
          RemedyStep(
            "kubectl config set-credentials \(target?.userName ?? "<user>") --token=<new-token>",
            "replace an expired token (or get a fresh kubeconfig from your cluster's admin)"),
          RemedyStep(
            "kubectl --context \(contextName) get --raw /version", "try again by hand"),
        ]
      )
    case .forbidden(let server, let detail):
      return (
        "context \(contextName): \(server) knows you but refuses access (\(detail))",
        [
          RemedyStep(
            "kubectl --context \(contextName) auth can-i --list", "see what you may do"),
          RemedyStep(
            "kubectl create clusterrolebinding <you>-view --clusterrole=view --user=<you>",
            "a cluster admin grants read-only access (the view role)"),
        ]
      )
    case .execPluginMissing(let command):
      var steps: [RemedyStep] = []
      if command.split(separator: "/").last == "aws" { steps.append(installAWSCLI) }
      if case .exec(let plugin) = target?.authentication, let hint = plugin.installHint {
        steps.append(RemedyStep(hint, "the kubeconfig's own install hint"))
      }
      if steps.isEmpty {
        steps.append(RemedyStep("command -v \(command)", "install \(command) and put it on PATH"))
      }
      if eks != nil { steps.append(updateEKS) }
      return (
        "context \(contextName) gets its token from `\(command)`, which is not installed", steps
      )
    case .execPluginFailed(let command, let detail):
      let steps =
        eks.map {
          [
            RemedyStep($0.loginCommand, "log in again if your AWS session expired (SSO)"),
            RemedyStep("aws configure", "or set up access keys"),
            updateEKS,
          ]
        } ?? [
          RemedyStep(
            "kubectl --context \(contextName) get --raw /version",
            "see the plugin's full error and fix its login")
        ]
      return ("context \(contextName): the credential plugin `\(command)` failed: \(detail)", steps)
    case .verificationFailed(let detail):
      return (
        "context \(contextName): kubectl could not reach the cluster: \(detail)",
        [RemedyStep("kubectl --context \(contextName) version", "see the full error")]
      )
    case .awsNoCredentials, .awsProfileNotFound, .awsProfileWithoutCredentials,
      .awsIncompleteEnvironment:
      return ("not a Kubernetes problem", [])
    }
  }

  private static func contextSteps(
    available: [String], eks: EKSClusterReference?, updateEKS: RemedyStep
  ) -> [RemedyStep] {
    var steps = [RemedyStep("kubectl config get-contexts", "list the contexts")]
    if let first = available.first {
      steps.append(
        RemedyStep(
          "kubectl config use-context \(available.count == 1 ? first : "<name>")",
          "make one of them current (or pass --context NAME)"))
    } else {
      steps.append(
        RemedyStep(
          "kubectl config set-context <name> --cluster=<cluster> --user=<user>",
          "define a context"))
    }
    // With no contexts at all, the cluster may be an EKS one nobody has written yet.
    if eks != nil || available.isEmpty { steps.append(updateEKS) }
    return steps
  }

  private static func reachabilitySteps(
    eks: EKSClusterReference?, updateEKS: RemedyStep, contextName: String
  ) -> [RemedyStep] {
    var steps = [
      RemedyStep(
        "kubectl --context \(contextName) cluster-info",
        "check the address; connect the VPN or bastion the cluster needs")
    ]
    if let eks {
      steps.append(
        RemedyStep(
          "aws eks describe-cluster --name \(eks.name ?? "<cluster>") --region "
            + "\(eks.region ?? "<region>") --query cluster.endpoint",
          "compare the cluster's current endpoint with the kubeconfig's"))
      steps.append(updateEKS)
    }
    return steps
  }
}
