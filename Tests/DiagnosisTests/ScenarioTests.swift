import Diagnosis
import Foundation
import Testing

/// Every captured scenario gets the root cause its README names.
@Suite("Scenario root causes")
struct ScenarioTests {
  func diagnose(_ name: String) throws -> DiagnosisReport {
    try ScenarioLoader.diagnose(name)
  }

  func finding(_ report: DiagnosisReport, kind: String) throws -> Finding {
    try #require(
      report.findings.first { $0.kind == kind },
      "no \(kind) finding in \(report.findings.map(\.kind))")
  }

  func text(_ finding: Finding) -> String {
    ([finding.title, finding.rootCause]
      + finding.evidence.flatMap { [$0.fact, $0.source] + $0.excerpt })
      .joined(separator: "\n")
  }

  func deployment(_ namespace: String, _ name: String) -> ObjectReference {
    ObjectReference(kind: "Deployment", namespace: namespace, name: name)
  }

  @Test("reference: OOMKilled pods of payment-service are one finding: -Xmx2g heap vs 512Mi limit")
  func referenceOOMCrashLoop() throws {
    let report = try diagnose("reference-oom-crashloop")
    #expect(!report.healthy)
    let oom = try #require(report.findings.first)
    #expect(oom.kind == "oom-killed")
    #expect(oom.severity == .critical)
    #expect(oom.confidence == .high)
    #expect(oom.affected.first == deployment("production", "payment-service"))
    let pods = [
      "payment-service-7d9f8b6c5-m8qzt", "payment-service-7d9f8b6c5-r5wnj",
      "payment-service-7d9f8b6c5-x2k4p",
    ]
    #expect(oom.affected.dropFirst().map(\.name) == pods)
    #expect(oom.rootCause.contains("-Xmx2g"))
    #expect(oom.rootCause.contains("512Mi"))
    #expect(oom.rootCause.contains("OOMKilled"))
    #expect(oom.rootCause.contains("137"))
    #expect(oom.rootCause.contains("CrashLoopBackOff"))
    let heapLine = try #require(
      oom.evidence.first { $0.excerpt.contains("java.lang.OutOfMemoryError: Java heap space") })
    #expect(heapLine.source.hasSuffix("payment-service.previous.log line 21"))
    // Six logs (three pods, current and previous) hold the line: it is shown once, counted.
    #expect(
      oom.evidence.filter { $0.excerpt.contains("java.lang.OutOfMemoryError: Java heap space") }
        .count == 1)
    #expect(heapLine.fact.contains("6 logs of 3 pods"))
    #expect(
      oom.evidence.contains {
        $0.fact.contains("OOMKilled") && $0.source.contains("lastState.terminated")
      })
    for pod in pods { #expect(text(oom).contains(pod)) }

    let limitPatch = try #require(oom.recommendations.compactMap(\.patch).first)
    #expect(limitPatch.target == deployment("production", "payment-service"))
    #expect(limitPatch.yaml.contains("- name: payment-service"))
    #expect(limitPatch.yaml.contains("memory: 2560Mi"))
    #expect(oom.recommendations[0].action.contains("from 512Mi to 2560Mi"))
    #expect(
      oom.recommendations.contains { $0.patch?.yaml.contains("-XX:MaxRAMPercentage=75") == true })

    let secondary = try finding(report, kind: "image-pull-transient")
    #expect(secondary.severity < .info && oom.severity < secondary.severity)
    #expect(secondary.title.contains("secondary"))
    #expect(
      secondary.affected == [
        deployment("production", "payment-service"),
        ObjectReference(
          kind: "Pod", namespace: "production", name: "payment-service-7d9f8b6c5-r5wnj"),
      ])
    #expect(secondary.rootCause.contains("i/o timeout"))
    #expect(
      secondary.evidence.contains {
        $0.excerpt.first?.hasPrefix("Successfully pulled image") == true
      })
    #expect(report.findings.count == 2)
    #expect(report.pods.map(\.status) == Array(repeating: "CrashLoopBackOff", count: 3))
    #expect(
      report.pods.allSatisfy { $0.lastTermination == "OOMKilled (exit 137)" && $0.restarts == 15 })
  }

  @Test("image-not-found: the tag v3.2.0-rc1 does not exist")
  func imageNotFound() throws {
    let report = try diagnose("image-not-found")
    let image = try #require(report.findings.first)
    #expect(image.kind == "image-not-found")
    #expect(image.affected.first == deployment("shop", "checkout"))
    #expect(image.affected.count == 3)
    #expect(image.rootCause.contains("tag v3.2.0-rc1"))
    #expect(image.rootCause.contains("not found"))
    #expect(report.findings.count == 1)
  }

  @Test("image-pull-unauthorized: the registry refuses the acme-registry pull secret")
  func imagePullUnauthorized() throws {
    let report = try diagnose("image-pull-unauthorized")
    let image = try #require(report.findings.first)
    #expect(image.kind == "image-pull-unauthorized")
    #expect(image.affected.first == deployment("analytics", "report-builder"))
    #expect(image.rootCause.contains("401 Unauthorized"))
    #expect(image.rootCause.contains("acme-registry"))
    #expect(
      image.recommendations.flatMap(\.commands).contains {
        $0.contains("create secret docker-registry acme-registry")
      })
  }

  @Test("missing-secret: invoice-db-credentials does not exist")
  func missingSecret() throws {
    let report = try diagnose("missing-secret")
    let missing = try #require(report.findings.first)
    #expect(missing.kind == "missing-secret")
    #expect(missing.affected.first == deployment("billing", "invoice-api"))
    #expect(missing.rootCause.contains("invoice-db-credentials"))
    #expect(missing.rootCause.contains("DATABASE_URL"))
    #expect(
      missing.recommendations[0].commands.contains(
        "kubectl create secret generic invoice-db-credentials -n billing --from-literal=url=<value>"
      ))
  }

  @Test("missing-configmap: storefront-env was never created, storefront-settings exists")
  func missingConfigMap() throws {
    let report = try diagnose("missing-configmap")
    let missing = try #require(report.findings.first)
    #expect(missing.kind == "missing-configmap")
    #expect(missing.affected.first == deployment("web", "storefront"))
    #expect(missing.rootCause.contains("storefront-env"))
    #expect(missing.rootCause.contains("envFrom"))
    #expect(missing.rootCause.contains("storefront-settings"))
    #expect(
      missing.recommendations[0].commands[0].hasPrefix(
        "kubectl create configmap storefront-env -n web"))
  }

  @Test("bad-command: celery-worker is not in python:3.12-slim (exit 127)")
  func badCommand() throws {
    let report = try diagnose("bad-command")
    let command = try #require(report.findings.first)
    #expect(command.kind == "command-not-found")
    #expect(command.affected.first == deployment("jobs", "queue-worker"))
    #expect(command.rootCause.contains("celery-worker"))
    #expect(command.rootCause.contains("python:3.12-slim"))
    #expect(command.rootCause.contains("127"))
  }

  @Test("app-error: KeyError 'PAYMENT_GATEWAY_URL', the variable is not set")
  func appError() throws {
    let report = try diagnose("app-error")
    let crash = try #require(report.findings.first)
    #expect(crash.kind == "missing-environment-variable")
    #expect(crash.affected.first == deployment("api", "orders-api"))
    #expect(crash.rootCause.contains("PAYMENT_GATEWAY_URL"))
    #expect(
      crash.evidence.contains {
        $0.excerpt.contains("KeyError: 'PAYMENT_GATEWAY_URL'")
          && $0.source.contains("previous.log line 16")
      })
    let patch = try #require(crash.recommendations.compactMap(\.patch).first)
    #expect(patch.yaml.contains("- name: PAYMENT_GATEWAY_URL"))
  }

  @Test("liveness-probe-failing: /healthz returns 500 and the kubelet restarts the container")
  func livenessProbe() throws {
    let report = try diagnose("liveness-probe-failing")
    let probe = try #require(report.findings.first)
    #expect(probe.kind == "liveness-probe-failing")
    #expect(probe.affected.first == deployment("search", "search-indexer"))
    #expect(probe.rootCause.contains("/healthz"))
    #expect(probe.rootCause.contains("statuscode: 500"))
    #expect(probe.rootCause.contains("merge queue stuck"))
    let patch = try #require(probe.recommendations.compactMap(\.patch).first)
    #expect(patch.yaml.contains("livenessProbe:"))
    #expect(patch.yaml.contains("failureThreshold: 6"))
    #expect(report.pods.allSatisfy { $0.restarts == 12 && $0.status == "Running" })
  }

  @Test("readiness-probe-failing: /ready returns 503, upstream connection refused")
  func readinessProbe() throws {
    let report = try diagnose("readiness-probe-failing")
    let probe = try #require(report.findings.first)
    #expect(probe.kind == "readiness-probe-failing")
    #expect(probe.severity == .critical)
    #expect(probe.affected.first == deployment("frontend", "web-gateway"))
    #expect(probe.rootCause.contains("/ready"))
    #expect(probe.rootCause.contains("503"))
    #expect(probe.rootCause.lowercased().contains("connection was refused"))
    #expect(probe.evidence.contains { $0.excerpt.contains { $0.contains("Connection refused") } })
    #expect(report.pods.allSatisfy { $0.ready == "0/1" && $0.restarts == 0 })
  }

  @Test("init-container-failing: nc cannot resolve warehouse-db.data.svc.cluster.local")
  func initContainer() throws {
    let report = try diagnose("init-container-failing")
    let initFailure = try #require(report.findings.first)
    #expect(initFailure.kind == "init-container-failing")
    #expect(initFailure.affected.first == deployment("data", "etl-runner"))
    #expect(initFailure.rootCause.contains("wait-for-db"))
    #expect(initFailure.rootCause.contains("bad address"))
    #expect(initFailure.rootCause.contains("Service warehouse-db"))
    #expect(report.pods.first?.status == "Init:CrashLoopBackOff")
  }

  @Test("pending-insufficient-cpu: 6 CPUs requested, the largest node has 3920m")
  func insufficientCPU() throws {
    let report = try diagnose("pending-insufficient-cpu")
    let pending = try #require(report.findings.first)
    #expect(pending.kind == "insufficient-resources")
    #expect(pending.affected.first == deployment("ml", "model-trainer"))
    #expect(pending.rootCause.contains("6 CPU"))
    #expect(pending.rootCause.contains("3920m"))
    let patch = try #require(pending.recommendations.compactMap(\.patch).first)
    #expect(patch.yaml.contains("cpu: 3500m"))
    #expect(pending.recommendations.contains { $0.action.contains("m5.2xlarge") })
  }

  @Test("pending-node-selector-taint: no g5.xlarge node, the other node is tainted for monitoring")
  func nodeSelectorTaint() throws {
    let report = try diagnose("pending-node-selector-taint")
    let pending = try #require(report.findings.first)
    #expect(pending.kind == "unschedulable")
    #expect(pending.affected.first == deployment("gpu", "inference-server"))
    #expect(pending.rootCause.contains("g5.xlarge"))
    #expect(pending.rootCause.contains("dedicated: monitoring"))
    #expect(pending.rootCause.contains("no node has that label"))
  }

  @Test("unbound-pvc: StorageClass fast-ssd does not exist, only gp3")
  func unboundClaim() throws {
    let report = try diagnose("unbound-pvc")
    let claim = try #require(report.findings.first)
    #expect(claim.kind == "unbound-volume-claim")
    #expect(
      claim.affected.first
        == ObjectReference(kind: "StatefulSet", namespace: "db", name: "postgres"))
    #expect(
      claim.affected.contains(
        ObjectReference(kind: "PersistentVolumeClaim", namespace: "db", name: "data-postgres-0")))
    #expect(claim.rootCause.contains("fast-ssd"))
    #expect(claim.rootCause.contains("gp3"))
    #expect(claim.evidence.contains { $0.source.contains("ProvisioningFailed") })
    #expect(report.findings.count == 1)
  }

  @Test("evicted: node low on memory, 2.7Gi used against a 128Mi request, patch adds a limit")
  func evicted() throws {
    let report = try diagnose("evicted")
    let eviction = try #require(report.findings.first)
    #expect(eviction.kind == "evicted")
    #expect(eviction.severity == .warning)
    #expect(eviction.affected.first == deployment("reports", "pdf-renderer"))
    #expect(eviction.affected.count == 4)
    #expect(eviction.rootCause.contains("MemoryPressure"))
    #expect(eviction.rootCause.contains("2.7Gi"))
    #expect(eviction.rootCause.contains("128Mi"))
    let patch = try #require(eviction.recommendations.compactMap(\.patch).first)
    #expect(patch.yaml.contains("limits:"))
    #expect(patch.yaml.contains("memory: 3072Mi"))
    #expect(report.pods.filter { $0.status == "Evicted" }.count == 3)
    #expect(report.findings.count == 1)
  }

  @Test("healthy: all pods running and ready, nothing alarming")
  func healthy() throws {
    let report = try diagnose("healthy")
    #expect(report.healthy)
    #expect(report.findings.allSatisfy { $0.severity == .info })
    #expect(report.summary.hasPrefix("Healthy"))
    #expect(report.pods.count == 7)
    #expect(report.pods.allSatisfy { !$0.unhealthy })
  }

  @Test("every unhealthy scenario reports its problem first and is not healthy")
  func everyScenarioHasAFinding() throws {
    for name in ScenarioLoader.names where name != "healthy" {
      let report = try diagnose(name)
      #expect(!report.healthy, "\(name)")
      #expect(report.findings.first?.severity != .info, "\(name)")
      #expect(
        report.findings.allSatisfy { !$0.evidence.isEmpty && !$0.recommendations.isEmpty },
        "\(name)")
      for evidence in report.findings.flatMap(\.evidence) {
        #expect(!evidence.fact.isEmpty && !evidence.source.isEmpty, "\(name): \(evidence)")
      }
    }
  }

  @Test("the same input gives the same report")
  func deterministic() throws {
    for name in ScenarioLoader.names {
      let data = try ScenarioLoader.load(name)
      #expect(DiagnosisEngine.diagnose(data) == DiagnosisEngine.diagnose(data), "\(name)")
    }
  }
}
