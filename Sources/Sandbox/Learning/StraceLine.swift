/// One line of `strace -ff` output, split into the syscall's name, its
/// top-level arguments and its result, or the process's ending.
///
/// With `-ff` every file holds one thread, so calls never interleave and the
/// `<unfinished ...>` / `resumed` pairs of `-f` output only appear when a
/// process is killed in the middle of a call.
enum StraceLine: Equatable {
  /// A system call: `name(arguments) = result`. `result` is nil when the call
  /// never returned (the process died in it).
  case call(name: String, arguments: [String], result: String?)
  /// `+++ exited with N +++`
  case exited(code: Int32)
  /// `+++ killed by SIGNAME +++` (optionally `(core dumped)`).
  case killed(signal: String)
  /// Signals delivered, strace's own notes and anything else we do not use.
  case other

  init(_ line: Substring) {
    let text = line.drop { $0 == " " }
    if text.hasPrefix("+++ ") {
      self = StraceLine.ending(text)
      return
    }
    guard let open = text.firstIndex(of: "("), open != text.startIndex else {
      self = .other
      return
    }
    let name = text[..<open]
    guard name.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }),
      name.first?.isNumber == false
    else {
      self = .other
      return
    }
    let (arguments, close) = StraceLine.splitArguments(text, from: text.index(after: open))
    var result: String? = nil
    if let close {
      let rest = text[text.index(after: close)...].drop { $0 == " " }
      if rest.hasPrefix("= ") { result = String(rest.dropFirst(2)) }
    }
    self = .call(name: String(name), arguments: arguments, result: result)
  }

  private static func ending(_ text: Substring) -> StraceLine {
    let body = text.dropFirst(4)
    if body.hasPrefix("exited with ") {
      let digits = body.dropFirst("exited with ".count).prefix { $0.isNumber }
      return .exited(code: Int32(digits) ?? -1)
    }
    if body.hasPrefix("killed by ") {
      let signal = body.dropFirst("killed by ".count).prefix { $0.isLetter || $0.isNumber }
      return .killed(signal: String(signal))
    }
    return .other
  }

  /// The top-level arguments between the opening parenthesis and its match, and
  /// where that match is (nil when the line ends first: an unfinished call).
  private static func splitArguments(_ text: Substring, from start: Substring.Index)
    -> ([String], Substring.Index?)
  {
    var arguments: [String] = []
    var current = ""
    var depth = 0
    var inString = false
    var escaped = false
    var index = start
    while index < text.endIndex {
      let character = text[index]
      defer { index = text.index(after: index) }
      if inString {
        current.append(character)
        if escaped {
          escaped = false
        } else if character == "\\" {
          escaped = true
        } else if character == "\"" {
          inString = false
        }
        continue
      }
      switch character {
      case "\"":
        inString = true
        current.append(character)
      case "(", "[", "{":
        depth += 1
        current.append(character)
      case ")" where depth == 0:
        let last = current.trimmingSpaces()
        if !last.isEmpty || !arguments.isEmpty { arguments.append(last) }
        return (arguments, index)
      case ")", "]", "}":
        depth -= 1
        current.append(character)
      case "," where depth == 0:
        arguments.append(current.trimmingSpaces())
        current = ""
      default:
        current.append(character)
      }
    }
    let last = current.trimmingSpaces()
    if !last.isEmpty { arguments.append(last) }
    return (arguments, nil)
  }

  /// The text of a C string literal as strace prints it (`"/etc/x"`, with
  /// `\"`, `\\`, `\n`, `\t` and `\xNN` or octal escapes), or nil if `argument`
  /// is not a complete string literal (a pointer, or a string cut short by `...`).
  static func stringLiteral(_ argument: String) -> String? {
    guard argument.count >= 2, argument.hasPrefix("\""), argument.hasSuffix("\"") else {
      return nil
    }
    var bytes: [UInt8] = []
    let body = Array(argument.utf8.dropFirst().dropLast())
    var index = 0
    while index < body.count {
      let byte = body[index]
      index += 1
      guard byte == UInt8(ascii: "\\"), index < body.count else {
        bytes.append(byte)
        continue
      }
      let code = body[index]
      index += 1
      switch code {
      case UInt8(ascii: "n"): bytes.append(10)
      case UInt8(ascii: "t"): bytes.append(9)
      case UInt8(ascii: "r"): bytes.append(13)
      case UInt8(ascii: "v"): bytes.append(11)
      case UInt8(ascii: "f"): bytes.append(12)
      case UInt8(ascii: "x"):
        var value: UInt8 = 0
        var digits = 0
        while digits < 2, index < body.count, let digit = hexValue(body[index]) {
          value = value &* 16 &+ digit
          index += 1
          digits += 1
        }
        bytes.append(value)
      case UInt8(ascii: "0")...UInt8(ascii: "7"):
        var value = code - UInt8(ascii: "0")
        var digits = 1
        while digits < 3, index < body.count,
          (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(body[index])
        {
          value = value &* 8 &+ (body[index] - UInt8(ascii: "0"))
          index += 1
          digits += 1
        }
        bytes.append(value)
      default: bytes.append(code)
      }
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  private static func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
    default: return nil
    }
  }
}

extension String {
  fileprivate func trimmingSpaces() -> String {
    var view = Substring(self)
    while view.first == " " { view = view.dropFirst() }
    while view.last == " " { view = view.dropLast() }
    return String(view)
  }
}
