import Foundation

/// The one line a person sees for a failure that reached the CLI: a typed error's
/// own description, or, for an error from a library (Foundation, GRDB, NIO), its
/// plain words with the step that failed and what to try, never a type dump.
func errorLine(_ error: any Error, step: String) -> String {
  let text = firstLine(String(describing: error))
  if !text.isEmpty, !looksLikeTypeDump(text) { return text }
  if let file = fileProblem(error) {
    return "\(step) failed: \(file); check the path and its directory's permissions"
  }
  var words = firstLine(error.localizedDescription)
  // Foundation's fallback for an error without words names the Swift type: say less.
  if words.isEmpty || words.contains("The operation could not be completed") {
    words = "an unexpected error"
  }
  return "\(step) failed: \(words); run `meta-agent doctor` to check this host, then try again"
}

/// `Module.Type.case(...)`, `Optional(...)` or an NSError dump: what `"\(error)"`
/// prints for an error without words of its own.
private func looksLikeTypeDump(_ text: String) -> Bool {
  text.hasPrefix("Optional(") || text.contains("Error Domain=")
    || text.range(
      of: #"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*(\(|$)"#,
      options: .regularExpression) != nil
}

private func firstLine(_ text: String) -> String {
  String(text.split(separator: "\n").first ?? "")
}

/// "PATH: what went wrong" for Foundation's file errors, which otherwise print
/// as "The operation could not be completed" on Linux.
private func fileProblem(_ error: any Error) -> String? {
  let ns = error as NSError
  guard ns.domain == NSCocoaErrorDomain else { return nil }
  let path =
    (ns.userInfo[NSFilePathErrorKey] as? String) ?? (ns.userInfo[NSURLErrorKey] as? URL)?.path
  guard let path else { return nil }
  if let posix = ns.userInfo[NSUnderlyingErrorKey] as? NSError, posix.domain == NSPOSIXErrorDomain {
    return "\(path): \(String(cString: strerror(Int32(posix.code))).lowercased())"
  }
  switch CocoaError.Code(rawValue: ns.code) {
  case .fileNoSuchFile, .fileReadNoSuchFile: return "\(path): no such file or directory"
  case .fileWriteNoPermission, .fileReadNoPermission: return "\(path): permission denied"
  case .fileWriteOutOfSpace: return "\(path): no space left on the device"
  case .fileWriteFileExists: return "\(path): already exists"
  default: return "\(path): cannot be read or written"
  }
}
