import Foundation
import Sandbox

/// Whether each sandbox can get its own cgroup v2 group (memory.max, pids.max)
/// or is bounded only per process by rlimits. Missing delegation is a warning:
/// the rlimits still hold, they just bound each process instead of the whole sandbox.
struct CgroupCheck: DoctorCheck {
  let name = "cgroup-delegation"
  let timeoutSeconds = 5.0
  var environment = ProcessInfo.processInfo.environment
  var procRoot = "/proc"

  func run() -> [DoctorFinding] {
    switch CgroupDelegation.detect(environment: environment, procRoot: procRoot) {
    case .success(let delegation):
      return [
        .ok(
          name,
          "each sandbox gets its own cgroup under \(delegation.parent) "
            + "(memory.max, memory.swap.max, pids.max)")
      ]
    case .failure(let unavailable):
      var detail = unavailable.reason
      let v1 = v1Controllers()
      if !v1.isEmpty {
        detail += " (\(v1.joined(separator: " and ")) are on cgroup v1 controllers here)"
      }
      detail += "; rlimits bound each sandboxed process instead of the sandbox as a whole"
      return [
        .warn(
          name, detail,
          fix: """
            run meta-agent in a delegated systemd scope:
              systemd-run --user --scope -p Delegate=yes meta-agent ...
            or set META_AGENT_CGROUP to a cgroup v2 directory you own whose children get memory and pids:
              echo '+memory +pids' > DIR/cgroup.subtree_control; export META_AGENT_CGROUP=DIR
            (on a host with only cgroup v1 controllers, boot with systemd.unified_cgroup_hierarchy=1)
            """)
      ]
    }
  }

  /// The controllers meta-agent wants that this process has on a v1 hierarchy ("4:memory:/...").
  private func v1Controllers() -> [String] {
    guard let text = try? String(contentsOfFile: procRoot + "/self/cgroup", encoding: .utf8) else {
      return []
    }
    var found: Set<String> = []
    for line in text.split(separator: "\n") {
      let fields = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
      guard fields.count == 3, fields[0] != "0" else { continue }
      for controller in fields[1].split(separator: ",")
      where ["memory", "pids"].contains(controller) {
        found.insert(String(controller))
      }
    }
    return found.sorted()
  }
}
