/// Kubernetes access that is read-only by construction: the auth broker, the
/// kubectl verb policy, the read-only gateway and the replay cluster.
public enum Kube {}
