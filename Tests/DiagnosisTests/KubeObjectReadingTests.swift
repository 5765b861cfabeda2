import Foundation
import Testing

@testable import Diagnosis

/// Each struct names the kubectl fields it keeps by hand; a misspelt name would
/// silently drop a field. These documents set every kept field, under the name
/// the Kubernetes API gives it, and every one must arrive.
@Suite("Kubernetes objects: every kept field is read from its API name")
struct KubeObjectReadingTests {
  func document(_ text: String) -> KubeDocument? {
    try? KubeDocumentReader.read(Data(text.utf8), source: "test.json")
  }

  @Test("a Pod: metadata, spec, containers, probes, volumes and status")
  func pod() throws {
    let text = #"""
      {"apiVersion": "v1", "kind": "Pod",
       "metadata": {"name": "p", "namespace": "ns", "uid": "u-1", "labels": {"app": "a"},
         "creationTimestamp": "2025-01-01T00:00:00Z", "deletionTimestamp": "2025-01-02T00:00:00Z",
         "ownerReferences": [{"kind": "ReplicaSet", "name": "rs", "controller": true}],
         "annotations": {"skipped": "x"}, "managedFields": [{"manager": "kubectl"}]},
       "spec": {"nodeName": "n1", "nodeSelector": {"disk": "ssd"}, "restartPolicy": "Always",
         "imagePullSecrets": [{"name": "regcred"}],
         "volumes": [{"name": "v", "persistentVolumeClaim": {"claimName": "c"},
           "configMap": {"name": "cm"}, "secret": {"secretName": "s"}}],
         "initContainers": [{"name": "init", "restartPolicy": "Always"}],
         "containers": [{"name": "app", "image": "img:1", "command": ["java"], "args": ["-jar"],
           "env": [{"name": "A", "value": "1"},
             {"name": "B", "valueFrom": {"secretKeyRef": {"name": "s", "key": "k", "optional": true}}},
             {"name": "C", "valueFrom": {"configMapKeyRef": {"name": "cm", "key": "k2"}}}],
           "envFrom": [{"configMapRef": {"name": "cm2"}}, {"secretRef": {"name": "s2"}}],
           "resources": {"limits": {"memory": "512Mi", "cpu": 1}, "requests": {"cpu": "250m"}},
           "livenessProbe": {"httpGet": {"path": "/h", "port": 8080, "scheme": "HTTPS"},
             "initialDelaySeconds": 1, "periodSeconds": 2, "timeoutSeconds": 3, "failureThreshold": 4},
           "readinessProbe": {"exec": {"command": ["cat", "/ready"]}},
           "startupProbe": {"tcpSocket": {"port": "db"}}}]},
       "status": {"phase": "Running", "reason": "R", "message": "M", "startTime": "2025-01-01T00:00:01Z",
         "conditions": [{"type": "Ready", "status": "False", "reason": "CR", "message": "CM",
           "lastTransitionTime": "2025-01-01T00:00:02Z"}],
         "initContainerStatuses": [{"name": "init", "ready": true}],
         "containerStatuses": [{"name": "app", "ready": false, "started": true, "restartCount": 7,
           "image": "img:1",
           "state": {"waiting": {"reason": "CrashLoopBackOff", "message": "back-off"}},
           "lastState": {"terminated": {"exitCode": 137, "signal": 9, "reason": "OOMKilled",
             "message": "m", "startedAt": "s", "finishedAt": "f"}}}]}}
      """#
    guard case .pod(let pod) = try #require(document(text)?.objects.first) else {
      Issue.record("not read as a pod")
      return
    }
    let meta = pod.metadata
    #expect(meta.name == "p" && meta.namespace == "ns" && meta.uid == "u-1")
    #expect(meta.labels == ["app": "a"] && meta.creationTimestamp != nil)
    #expect(meta.deletionTimestamp != nil)
    #expect(meta.controller?.kind == "ReplicaSet" && meta.controller?.name == "rs")
    #expect(pod.source == "test.json")
    let spec = pod.spec
    #expect(spec.nodeName == "n1" && spec.nodeSelector == ["disk": "ssd"])
    #expect(spec.restartPolicy == "Always" && spec.imagePullSecrets?.first?.name == "regcred")
    let volume = try #require(spec.volumes?.first)
    #expect(volume.name == "v" && volume.persistentVolumeClaim?.claimName == "c")
    #expect(volume.configMap?.name == "cm" && volume.secret?.secretName == "s")
    #expect(spec.initContainers?.first?.restartPolicy == "Always")
    let app = try #require(spec.containers.first)
    #expect(app.name == "app" && app.image == "img:1" && app.command == ["java"])
    #expect(app.args == ["-jar"] && app.env?.first?.value == "1")
    #expect(app.env?[1].valueFrom?.secretKeyRef?.key == "k")
    #expect(app.env?[1].valueFrom?.secretKeyRef?.optional == true)
    #expect(app.env?[2].valueFrom?.configMapKeyRef?.name == "cm")
    #expect(app.envFrom?.first?.configMapRef?.name == "cm2")
    #expect(app.envFrom?.last?.secretRef?.name == "s2")
    #expect(app.resources?.limits == ["memory": "512Mi", "cpu": "1"])
    #expect(app.resources?.requests == ["cpu": "250m"])
    let liveness = try #require(app.livenessProbe)
    #expect(liveness.target == "HTTPS GET /h on port 8080")
    #expect(liveness.initialDelaySeconds == 1 && liveness.periodSeconds == 2)
    #expect(liveness.timeoutSeconds == 3 && liveness.failureThreshold == 4)
    #expect(app.readinessProbe?.target == "exec `cat /ready`")
    #expect(app.startupProbe?.target == "TCP port db")
    let status = pod.status
    #expect(status.phase == "Running" && status.reason == "R" && status.message == "M")
    #expect(status.startTime != nil && status.initContainerStatuses?.first?.ready == true)
    let ready = try #require(status.condition("Ready"))
    #expect(ready.status == "False" && ready.reason == "CR" && ready.message == "CM")
    #expect(ready.lastTransitionTime != nil)
    let container = try #require(status.containerStatuses?.first)
    #expect(container.ready == false && container.started == true)
    #expect(container.restartCount == 7 && container.image == "img:1")
    #expect(container.state?.waiting?.reason == "CrashLoopBackOff")
    #expect(container.state?.waiting?.message == "back-off")
    let terminated = try #require(container.lastState?.terminated)
    #expect(terminated.exitCode == 137 && terminated.signal == 9)
    #expect(terminated.reason == "OOMKilled" && terminated.message == "m")
    #expect(terminated.startedAt == "s" && terminated.finishedAt == "f")
  }

  @Test("Events of both APIs are normalized from their own field names")
  func events() throws {
    let text = #"""
      {"kind": "List", "items": [
        {"kind": "Event", "metadata": {"name": "e1", "namespace": "ns"},
         "involvedObject": {"kind": "Pod", "namespace": "ns", "name": "p", "fieldPath": "spec.containers{app}"},
         "reason": "BackOff", "message": "m", "type": "Warning", "count": 5,
         "firstTimestamp": "2025-01-01T00:00:00Z", "lastTimestamp": "2025-01-01T01:00:00Z"},
        {"apiVersion": "events.k8s.io/v1", "kind": "Event", "metadata": {"name": "e2", "namespace": "ns"},
         "regarding": {"kind": "Pod", "name": "q"}, "reason": "Failed", "note": "n", "type": "Warning",
         "deprecatedCount": 2, "deprecatedFirstTimestamp": "2025-01-01T00:00:00Z",
         "deprecatedLastTimestamp": "2025-01-01T00:30:00Z", "eventTime": "2025-01-01T00:00:00.000000Z",
         "series": {"count": 9, "lastObservedTime": "2025-01-01T02:00:00Z"}}]}
      """#
    let events = try #require(document(text)).objects.compactMap { object -> KubeEvent? in
      guard case .event(let wire) = object else { return nil }
      return wire.normalized(source: "test.json")
    }
    try #require(events.count == 2)
    #expect(events[0].involvedKind == "Pod" && events[0].involvedName == "p")
    #expect(events[0].container == "app" && events[0].count == 5 && events[0].type == "Warning")
    #expect(events[0].message == "m" && events[0].lastSeen == "2025-01-01T01:00:00")
    #expect(events[1].involvedName == "q" && events[1].message == "n" && events[1].count == 9)
    #expect(events[1].lastTimestamp == "2025-01-01T02:00:00Z")
    #expect(events[1].firstTimestamp == "2025-01-01T00:00:00Z")
  }

  @Test("workloads, nodes, claims, storage classes, config objects and services")
  func otherKinds() throws {
    let text = #"""
      {"kind": "List", "items": [
        {"kind": "StatefulSet", "metadata": {"name": "db", "namespace": "ns"},
         "spec": {"replicas": 3, "template": {"spec": {"containers": [{"name": "pg"}]}},
           "volumeClaimTemplates": [{"metadata": {"name": "data"}}]},
         "status": {"replicas": 3, "readyReplicas": 1, "availableReplicas": 2}},
        {"kind": "Node", "metadata": {"name": "n1", "labels": {"node.kubernetes.io/instance-type": "m5.large"}},
         "spec": {"taints": [{"key": "k", "value": "v", "effect": "NoSchedule"}], "unschedulable": true},
         "status": {"allocatable": {"cpu": 2, "memory": "8Gi"},
           "conditions": [{"type": "Ready", "status": "True"}]}},
        {"kind": "PersistentVolumeClaim", "metadata": {"name": "c", "namespace": "ns"},
         "spec": {"storageClassName": "gp3", "volumeName": "pv-1",
           "resources": {"requests": {"storage": "10Gi"}}}, "status": {"phase": "Pending"}},
        {"kind": "StorageClass", "metadata": {"name": "gp3",
           "annotations": {"storageclass.kubernetes.io/is-default-class": "true"}}, "provisioner": "ebs.csi.aws.com"},
        {"kind": "ConfigMap", "metadata": {"name": "cm", "namespace": "ns"}, "data": {"b": "1", "a": "2"},
         "binaryData": {"c": "AA=="}},
        {"kind": "Secret", "metadata": {"name": "s", "namespace": "ns"}, "data": {"password": "c2VjcmV0"},
         "stringData": {"user": "u"}},
        {"kind": "Service", "metadata": {"name": "svc", "namespace": "ns"}, "spec": {"clusterIP": "10.0.0.9"}}]}
      """#
    let objects = try #require(document(text)).objects
    try #require(objects.count == 7)
    if case .workload(let set) = objects[0] {
      #expect(set.kind == "StatefulSet" && set.spec?.replicas == 3)
      #expect(set.spec?.template?.spec?.containers.first?.name == "pg")
      #expect(set.spec?.volumeClaimTemplates?.first?.metadata?.name == "data")
      #expect(set.status?.replicas == 3 && set.status?.readyReplicas == 1)
      #expect(set.status?.availableReplicas == 2)
    } else {
      Issue.record("not a workload")
    }
    if case .node(let node) = objects[1] {
      #expect(node.instanceType == "m5.large" && node.spec?.unschedulable == true)
      #expect(node.spec?.taints?.first?.key == "k" && node.spec?.taints?.first?.value == "v")
      #expect(node.spec?.taints?.first?.effect == "NoSchedule")
      #expect(node.allocatable("cpu") == "2" && node.condition("Ready")?.status == "True")
    } else {
      Issue.record("not a node")
    }
    if case .claim(let claim) = objects[2] {
      #expect(claim.spec?.storageClassName == "gp3" && claim.spec?.volumeName == "pv-1")
      #expect(claim.spec?.resources?.requests == ["storage": "10Gi"])
      #expect(claim.status?.phase == "Pending")
    } else {
      Issue.record("not a claim")
    }
    if case .storageClass(let storageClass) = objects[3] {
      #expect(storageClass.name == "gp3" && storageClass.isDefault)
      #expect(storageClass.provisioner == "ebs.csi.aws.com")
    } else {
      Issue.record("not a storage class")
    }
    if case .configMap(let configMap) = objects[4], case .secret(let secret) = objects[5] {
      #expect(configMap.keys == ["a", "b", "c"] && secret.keys == ["password", "user"])
    } else {
      Issue.record("not a config map and a secret")
    }
    if case .service(let service) = objects[6] {
      #expect(service.metadata.name == "svc" && service.clusterIP == "10.0.0.9")
    } else {
      Issue.record("not a service")
    }
  }
}
