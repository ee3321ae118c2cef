import Foundation

/// Shell-style globs over the evidence root: `*`, `?`, `[abc]`, and `**` for any depth.
public struct Glob: Sendable, Equatable {
  /// The pattern as written.
  public let pattern: String
  private let segments: [Substring]

  /// Most directory entries one expansion visits before giving up.
  static let maxVisited = 200_000

  /// Creates a glob from a relative pattern.
  public init(_ pattern: String) {
    self.pattern = pattern
    self.segments = EvidenceRoot.normalize(pattern).split(separator: "/")
  }

  /// True when the pattern has wildcard characters.
  public static func isPattern(_ text: String) -> Bool {
    text.utf8.contains {
      $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "[")
    }
  }

  /// The relative paths of regular files under `root` that match, sorted.
  /// Symbolic links to directories are not followed; `.git` is skipped.
  public func expand(in root: URL) throws(EvidenceError) -> [String] {
    var results: [String] = []
    var visited = 0
    try walk(root, relative: "", index: 0, results: &results, visited: &visited)
    return results.sorted()
  }

  private func walk(
    _ directory: URL, relative: String, index: Int, results: inout [String], visited: inout Int
  ) throws(EvidenceError) {
    guard index < segments.count else { return }
    let segment = segments[index]
    let isLast = index == segments.count - 1
    if segment == "**" {
      // Zero directories…
      try walk(
        directory, relative: relative, index: index + 1, results: &results, visited: &visited)
      // …or one more, then `**` again.
      for entry in entries(of: directory, visited: &visited) where entry.isDirectory {
        if visited > Glob.maxVisited { break }
        try walk(
          directory.appendingPathComponent(entry.name), relative: relative + entry.name + "/",
          index: index, results: &results, visited: &visited)
      }
    } else if !Glob.isPattern(String(segment)) {
      let child = directory.appendingPathComponent(String(segment))
      let (exists, isDirectory, isLink) = Glob.kind(of: child)
      guard exists else { return }
      if isLast {
        if !isDirectory { results.append(relative + segment) }
      } else if isDirectory && !isLink {
        try walk(
          child, relative: relative + segment + "/", index: index + 1, results: &results,
          visited: &visited)
      }
    } else {
      for entry in entries(of: directory, visited: &visited)
      where Glob.match(segment[...], entry.name[...]) {
        if isLast {
          if !entry.isDirectory { results.append(relative + entry.name) }
        } else if entry.isDirectory {
          try walk(
            directory.appendingPathComponent(entry.name), relative: relative + entry.name + "/",
            index: index + 1, results: &results, visited: &visited)
        }
      }
    }
    if visited > Glob.maxVisited {
      throw EvidenceError(
        "the pattern \(pattern) visits more than \(Glob.maxVisited) entries; make it more specific")
    }
  }

  private struct Entry {
    let name: String
    let isDirectory: Bool
  }

  private func entries(of directory: URL, visited: inout Int) -> [Entry] {
    guard
      let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path)
    else { return [] }
    visited += names.count
    return names.sorted().compactMap { name in
      if name == ".git" { return nil }
      let (exists, isDirectory, isLink) = Glob.kind(of: directory.appendingPathComponent(name))
      guard exists else { return nil }
      return Entry(name: name, isDirectory: isDirectory && !isLink)
    }
  }

  private static func kind(of url: URL) -> (exists: Bool, isDirectory: Bool, isLink: Bool) {
    guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path) else {
      return (false, false, false)
    }
    let type = attributes[.type] as? FileAttributeType
    if type == .typeSymbolicLink {
      var isDirectory: ObjCBool = false
      let exists = FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory)
      return (exists, isDirectory.boolValue, true)
    }
    return (true, type == .typeDirectory, false)
  }

  /// Matches one path segment against one pattern segment.
  static func match(_ pattern: Substring, _ name: Substring) -> Bool {
    var p = pattern.unicodeScalars[...]
    var n = name.unicodeScalars[...]
    // Leading dots must be matched explicitly, as in shells.
    if n.first == ".", p.first != "." { return false }
    var star: (Substring.UnicodeScalarView.SubSequence, Substring.UnicodeScalarView.SubSequence)?
    while true {
      if let pc = p.first {
        if pc == "*" {
          p = p.dropFirst()
          star = (p, n)
          continue
        }
        if let nc = n.first {
          if pc == "?" {
            p = p.dropFirst()
            n = n.dropFirst()
            continue
          }
          if pc == "[", let (matched, rest) = matchClass(p, nc) {
            if matched {
              p = rest
              n = n.dropFirst()
              continue
            }
          } else if pc == nc {
            p = p.dropFirst()
            n = n.dropFirst()
            continue
          }
        }
      } else if n.isEmpty {
        return true
      }
      guard let (starP, starN) = star, !starN.isEmpty else { return false }
      let nextN = starN.dropFirst()
      star = (starP, nextN)
      p = starP
      n = nextN
    }
  }

  /// `[abc]`, `[a-z]`, `[!x]`: whether `c` matches, and the pattern after the class.
  private static func matchClass(
    _ pattern: Substring.UnicodeScalarView.SubSequence, _ c: Unicode.Scalar
  ) -> (Bool, Substring.UnicodeScalarView.SubSequence)? {
    var rest = pattern.dropFirst()
    var negate = false
    if rest.first == "!" || rest.first == "^" {
      negate = true
      rest = rest.dropFirst()
    }
    var matched = false
    var first = true
    while let current = rest.first {
      if current == "]" && !first { return (matched != negate, rest.dropFirst()) }
      first = false
      rest = rest.dropFirst()
      if rest.first == "-", let upper = rest.dropFirst().first, upper != "]" {
        if current <= c && c <= upper { matched = true }
        rest = rest.dropFirst(2)
      } else if current == c {
        matched = true
      }
    }
    return nil
  }
}
