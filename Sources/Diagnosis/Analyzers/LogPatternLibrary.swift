import Foundation

/// The log patterns the engine knows, most specific first (the first match of a line wins).
enum LogPatternLibrary {
  static let patterns: [LogPattern] = [
    LogPattern(
      id: "jvm-heap-space", matcher: .contains("java.lang.OutOfMemoryError: Java heap space"),
      meaning: "the JVM ran out of heap (java.lang.OutOfMemoryError: Java heap space)",
      recommendation:
        "Size the heap to the container (-XX:MaxRAMPercentage=75 instead of a fixed -Xmx) and give the container room for it, or reduce what the application keeps in memory.",
      findingKind: .outOfMemory, priority: 90, contextBefore: 2, contextAfter: 1,
      example: "java.lang.OutOfMemoryError: Java heap space"),
    LogPattern(
      id: "jvm-metaspace", matcher: .contains("java.lang.OutOfMemoryError: Metaspace"),
      meaning: "the JVM ran out of metaspace (class metadata)",
      recommendation:
        "Raise -XX:MaxMetaspaceSize and the memory limit, or find the class-loader leak.",
      findingKind: .outOfMemory, priority: 90, contextBefore: 1, contextAfter: 1,
      example: "Exception in thread \"main\" java.lang.OutOfMemoryError: Metaspace"),
    LogPattern(
      id: "jvm-gc-overhead",
      matcher: .contains("java.lang.OutOfMemoryError: GC overhead limit exceeded"),
      meaning: "the JVM spends nearly all its time collecting garbage (GC overhead limit exceeded)",
      recommendation: "Give the heap more room or reduce the live data the application holds.",
      findingKind: .outOfMemory, priority: 90, contextBefore: 1, contextAfter: 1,
      example: "java.lang.OutOfMemoryError: GC overhead limit exceeded"),
    LogPattern(
      id: "jvm-out-of-memory", matcher: .contains("java.lang.OutOfMemoryError"),
      meaning: "the JVM ran out of memory",
      recommendation: "Check the JVM memory settings against the container's memory limit.",
      findingKind: .outOfMemory, priority: 85, contextBefore: 1, contextAfter: 1,
      example: "java.lang.OutOfMemoryError: unable to create native thread"),
    LogPattern(
      id: "node-heap",
      matcher: .any([.contains("JavaScript heap out of memory"), .contains("Reached heap limit")]),
      meaning: "Node.js ran out of heap (JavaScript heap out of memory)",
      recommendation:
        "Set --max-old-space-size in NODE_OPTIONS to about 75% of the memory limit, and raise the limit if the application needs more.",
      findingKind: .outOfMemory, priority: 90, contextBefore: 1,
      example: "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory"),
    LogPattern(
      id: "go-out-of-memory", matcher: .contains("fatal error: runtime: out of memory"),
      meaning: "the Go runtime could not allocate memory (fatal error: runtime: out of memory)",
      recommendation: "Raise the memory limit or set GOMEMLIMIT below it; find what allocates.",
      findingKind: .outOfMemory, priority: 90, contextAfter: 1,
      example: "fatal error: runtime: out of memory"),
    LogPattern(
      id: "python-memory-error", matcher: .prefix("MemoryError"),
      meaning: "Python could not allocate memory (MemoryError)",
      recommendation: "Raise the memory limit or process the data in smaller pieces.",
      findingKind: .outOfMemory, priority: 88, contextBefore: 1,
      example: "MemoryError: Unable to allocate 3.2 GiB for an array"),
    LogPattern(
      id: "python-missing-environment-variable", matcher: .prefix("KeyError: '"),
      requiresBefore: "environ",
      meaning: "the application reads an environment variable that is not set",
      recommendation: "Set the variable in the container's env (or the ConfigMap/Secret it loads).",
      findingKind: .missingEnvironmentVariable, priority: 95, contextBefore: 0,
      detail: { lines, index in quotedValue(in: lines[index], after: "KeyError: ") },
      example: "KeyError: 'PAYMENT_GATEWAY_URL'"),
    LogPattern(
      id: "missing-environment-variable",
      matcher: .all([
        .any([.contains("environment variable"), .contains("env var")]),
        .any([
          .contains("not set"), .contains("missing"), .contains("required"),
          .contains("undefined"), .contains("is empty"),
        ]),
      ]),
      meaning: "an environment variable the application needs is not set",
      recommendation: "Set the variable in the container's env (or the ConfigMap/Secret it loads).",
      findingKind: .missingEnvironmentVariable, priority: 92,
      example: "Error: required environment variable DATABASE_URL is not set"),
    LogPattern(
      id: "go-panic", matcher: .prefix("panic: "),
      meaning: "the Go program panicked",
      recommendation: "Fix the panic at the top of the goroutine trace that follows it.",
      priority: 70, contextAfter: 2,
      detail: { lines, index in
        String(lines[index].drop { $0 == " " }.dropFirst("panic: ".count))
      },
      example: "panic: runtime error: invalid memory address or nil pointer dereference"),
    LogPattern(
      id: "python-traceback", matcher: .contains("Traceback (most recent call last)"),
      meaning: "the Python program raised an exception",
      recommendation: "Fix the exception the traceback ends with.",
      priority: 60,
      detail: { lines, index in pythonException(lines, after: index) },
      example: "Traceback (most recent call last):"),
    LogPattern(
      id: "java-exception",
      matcher: .any([.contains("Exception in thread \""), .prefix("Caused by: ")]),
      meaning: "the Java program threw an exception",
      recommendation: "Fix the exception at the top of the stack trace.",
      priority: 55, contextAfter: 1,
      example: "Exception in thread \"main\" java.lang.IllegalStateException: no datasource"),
    LogPattern(
      id: "dns-failure",
      matcher: .any([
        .contains("bad address '"), .contains("no such host"),
        .contains("Name or service not known"), .contains("Temporary failure in name resolution"),
        .contains("getaddrinfo ENOTFOUND"), .contains("Could not resolve host"),
        .contains("UnknownHostException"),
      ]),
      meaning: "a host name does not resolve (DNS)",
      recommendation:
        "Check that the Service (or external host) exists and is spelled right: kubectl get svc -A.",
      priority: 80,
      detail: { lines, index in hostName(in: lines[index]) },
      example: "nc: bad address 'warehouse-db.data.svc.cluster.local'"),
    LogPattern(
      id: "connection-refused", matcher: .contains("connection refused"),
      meaning: "a connection was refused: nothing listens at the address it dials",
      recommendation:
        "Check that the dependency it connects to is running and its Service has endpoints.",
      priority: 65,
      detail: { lines, index in upstream(in: lines[index]) },
      example:
        "connect() failed (111: Connection refused) while connecting to upstream, upstream: \"http://172.20.14.9:8081/ready\""
    ),
    LogPattern(
      id: "address-in-use",
      matcher: .any([.contains("address already in use"), .contains("EADDRINUSE")]),
      meaning: "the port the program binds is already taken",
      recommendation: "Give the program a free port, or stop the other process (sidecar) using it.",
      priority: 75, example: "listen tcp :8080: bind: address already in use"),
    LogPattern(
      id: "permission-denied",
      matcher: .any([.contains("permission denied"), .contains("EACCES")]),
      meaning: "the program was denied access to a file or resource",
      recommendation:
        "Check the file permissions and the securityContext (runAsUser, fsGroup, readOnlyRootFilesystem).",
      priority: 62, example: "open /var/lib/app/state.db: permission denied"),
    LogPattern(
      id: "no-such-file",
      matcher: .any([.contains("No such file or directory"), .contains("ENOENT")]),
      meaning: "a file or directory the program needs does not exist",
      recommendation: "Check the path, the image contents and the volume mounts.",
      priority: 61,
      example: "FileNotFoundError: [Errno 2] No such file or directory: '/config/app.yaml'"),
  ]

  /// `'PAYMENT_GATEWAY_URL'` after a prefix → `PAYMENT_GATEWAY_URL`.
  static func quotedValue(in line: Substring, after prefix: String) -> String? {
    guard let range = line.range(of: prefix) else { return nil }
    let rest = line[range.upperBound...]
    guard let quote = rest.first, quote == "'" || quote == "\"" else { return nil }
    let inner = rest.dropFirst()
    guard let close = inner.firstIndex(of: quote) else { return nil }
    return String(inner[..<close])
  }

  /// The exception a traceback ends with: the first unindented line after it.
  static func pythonException(_ lines: [Substring], after index: Int) -> String? {
    var position = index + 1
    while position < lines.count {
      let line = lines[position]
      if let first = line.first, first != " ", first != "\t",
        !line.hasPrefix("Traceback"), !line.hasPrefix("During handling")
      {
        return String(line)
      }
      position += 1
    }
    return nil
  }

  /// `bad address 'HOST'`, `lookup HOST on 10.0.0.10:53: no such host`, `ENOTFOUND HOST`.
  static func hostName(in line: Substring) -> String? {
    if let value = quotedValue(in: line, after: "bad address ") { return value }
    if let range = line.range(of: "lookup ") {
      return line[range.upperBound...].split(separator: " ").first.map {
        String($0.trimmingCharacters(in: CharacterSet(charactersIn: ":")))
      }
    }
    if let range = line.range(of: "ENOTFOUND ") {
      return line[range.upperBound...].split(separator: " ").first.map(String.init)
    }
    return nil
  }

  /// nginx's `upstream: "http://172.20.14.9:8081/ready"`, or `dial tcp HOST:PORT`.
  static func upstream(in line: Substring) -> String? {
    if let value = quotedValue(in: line, after: "upstream: ") { return value }
    if let range = line.range(of: "dial tcp ") {
      return line[range.upperBound...].split(separator: ":", maxSplits: 2).prefix(2).joined(
        separator: ":")
    }
    return nil
  }
}
