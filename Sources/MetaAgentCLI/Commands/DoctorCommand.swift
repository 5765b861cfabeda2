import ArgumentParser
import Foundation
import Governance
import Sandbox

/// `meta-agent doctor [--json] [--cluster]`: what this host offers and what is missing.
struct DoctorCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "doctor",
    abstract: "Check what this host offers meta-agent and what is missing, with the fix for each.",
    discussion: """
      Checks, one line each: user namespaces (by starting a sandbox), seccomp (kernel,
      libseccomp, SECCOMP_RET_KILL_PROCESS), cgroup v2 delegation, kubectl, the system
      Python 3 (/usr/bin/python3) and the python3 on PATH, the kubeconfig (found and
      resolved, not contacted unless --cluster), and the workspace when there is one
      (config, environment, operator key permissions, database, audit chain).

      Every line that is not ok is followed by a "fix:" line. A warning means
      meta-agent works but something is weaker than it could be; FAIL means a
      required piece is missing. Each check has a timeout, so doctor cannot hang.

      Exit status: 0 when nothing failed (warnings allowed), 1 when a check failed,
      2 for a usage error. --json prints an array of {check, status, detail, fix}.

      Examples:
        meta-agent doctor
        meta-agent doctor --json | jq '.[] | select(.status != "ok")'
        meta-agent doctor --cluster --context prod
        meta-agent doctor --print-apparmor-profile | sudo tee /etc/apparmor.d/meta-agent
      """)

  @Flag(help: "Print a JSON array of {check, status, detail, fix} instead of the table.")
  var json = false

  @Flag(help: "Also ask the cluster (the `auth check` for Kubernetes, with its 5 s timeout).")
  var cluster = false

  @Option(help: "The kubeconfig context to check (default: the current one).")
  var context: String?

  @Flag(
    help: ArgumentHelp(
      "Print the AppArmor profile that lets this binary create user namespaces, and exit.",
      discussion: "For Ubuntu 23.10+ with kernel.apparmor_restrict_unprivileged_userns=1."))
  var printApparmorProfile = false

  @OptionGroup var workspaceOptions: WorkspaceOptions

  func validate() throws {
    if printApparmorProfile && (json || cluster) {
      throw ValidationError("--print-apparmor-profile prints a file; drop --json and --cluster")
    }
    if let context, context.isEmpty {
      throw ValidationError("--context needs a context name, e.g. --context prod")
    }
  }

  func run() throws {
    if printApparmorProfile {
      print(
        UserNamespaceRemedy.appArmorProfile(executable: BoundedProcess.realPath("/proc/self/exe")),
        terminator: "")
      return
    }
    var checks: [any DoctorCheck] = [
      UserNamespaceCheck(), SeccompCheck(), CgroupCheck(), KubectlCheck(),
    ]
    var workspaceFinding: DoctorFinding?
    var workspace: Workspace?
    do {
      workspace = try workspaceOptions.resolve()
    } catch GovernanceError.workspaceNotFound(let directory) {
      workspaceFinding = .warn(
        "workspace", "no workspace at or above \(directory); workspace checks skipped",
        fix: "run `meta-agent init` in the directory you work in, or pass --workspace DIR")
    } catch {
      workspaceFinding = .fail(
        "workspace", "\(error)",
        fix: "run `meta-agent init DIR` to make DIR a workspace, or point --workspace "
          + "(or META_AGENT_WORKSPACE) at an existing one")
    }
    checks.append(PythonCheck(workspace: workspace?.root.path))
    checks.append(KubeconfigCheck(context: context, clusterChecked: cluster))
    if cluster { checks.append(ClusterCheck(context: context)) }
    if let workspace { checks.append(WorkspaceCheck(workspace: workspace)) }

    var findings = DoctorRunner.run(checks)
    if let workspaceFinding { findings.append(workspaceFinding) }

    if json {
      do {
        print(try DoctorTable.json(findings))
      } catch {
        printError("could not encode the findings as JSON: \(error)")
        throw ExitCode.error
      }
    } else {
      print(DoctorTable.forStandardOutput().render(findings))
    }
    if findings.contains(where: { $0.status == .fail }) { throw ExitCode.error }
  }
}
