import Glibc

/// The file the kernel itself opens to run a program: an ELF program's
/// dynamic loader (PT_INTERP) or a script's `#!` interpreter. The trace never
/// shows these opens, so the learner adds them to the paths a program needed.
enum ProgramInterpreter {
  /// The interpreter of the host file at `path`, or nil for a static ELF
  /// program, an unreadable file or anything else.
  static func of(_ path: String) -> String? {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    guard let header = readBytes(fd, offset: 0, count: 64), header.count >= 4 else { return nil }
    if header[0] == UInt8(ascii: "#") && header[1] == UInt8(ascii: "!") {
      return shebang(fd)
    }
    return elfInterpreter(fd, header: header)
  }

  /// `#! /usr/bin/env python3` → `/usr/bin/env`.
  private static func shebang(_ fd: Int32) -> String? {
    guard let line = readBytes(fd, offset: 2, count: 256) else { return nil }
    let text = String(decoding: line.prefix { $0 != 10 }, as: UTF8.self)
    let program = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).first
    return program.map(String.init).flatMap { $0.hasPrefix("/") ? $0 : nil }
  }

  /// The PT_INTERP string of a 64-bit little-endian ELF file (x86_64, aarch64).
  private static func elfInterpreter(_ fd: Int32, header: [UInt8]) -> String? {
    let magic: [UInt8] = [0x7f, 0x45, 0x4c, 0x46]
    guard Array(header.prefix(4)) == magic, header[4] == 2, header[5] == 1 else { return nil }
    let tableOffset = Int(littleEndian(header, at: 0x20, size: 8))
    let entrySize = Int(littleEndian(header, at: 0x36, size: 2))
    let entryCount = Int(littleEndian(header, at: 0x38, size: 2))
    guard entrySize >= 56, entryCount < 4096,
      let table = readBytes(fd, offset: tableOffset, count: entrySize * entryCount)
    else { return nil }
    for index in 0..<entryCount {
      let base = index * entrySize
      guard littleEndian(table, at: base, size: 4) == 3 else { continue }  // PT_INTERP
      let offset = Int(littleEndian(table, at: base + 8, size: 8))
      let size = Int(littleEndian(table, at: base + 32, size: 8))
      guard size > 1, size < 4096, let bytes = readBytes(fd, offset: offset, count: size) else {
        return nil
      }
      return String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
    }
    return nil
  }

  private static func littleEndian(_ bytes: [UInt8], at offset: Int, size: Int) -> UInt64 {
    var value: UInt64 = 0
    for index in (0..<size).reversed() where offset + index < bytes.count {
      value = value << 8 | UInt64(bytes[offset + index])
    }
    return value
  }

  private static func readBytes(_ fd: Int32, offset: Int, count: Int) -> [UInt8]? {
    guard offset >= 0, count > 0 else { return nil }
    var buffer = [UInt8](repeating: 0, count: count)
    let got = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, off_t(offset)) }
    guard got > 0 else { return nil }
    return Array(buffer.prefix(got))
  }
}
