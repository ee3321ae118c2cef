import Foundation

/// Resolves HEAD through loose refs and `packed-refs`, and reads the shallow-boundary list.
struct GitRefs {
  let layout: GitLayout

  /// The commit (or tag) HEAD points at; nil when HEAD names a branch with no commits yet.
  func head() throws -> GitObjectID? {
    let reftable = layout.commonDirectory.appendingPathComponent("reftable")
    if FileManager.default.fileExists(atPath: reftable.path) {
      throw GitReadError.unsupported("the reftable ref storage format")
    }
    return try resolve("HEAD")
  }

  /// Commits listed in `shallow`: their parents are not in the repository.
  func shallowCommits() throws -> Set<GitObjectID> {
    var result: Set<GitObjectID> = []
    for directory in [layout.commonDirectory, layout.gitDirectory] {
      let url = directory.appendingPathComponent("shallow")
      guard let data = try GitFiles.readIfPresent(url, limit: GitLimits.maxMetadataFileSize)
      else { continue }
      for line in data.split(separator: UInt8(ascii: "\n")) {
        let trimmed = line.filter { $0 != UInt8(ascii: "\r") && $0 != UInt8(ascii: " ") }
        guard !trimmed.isEmpty else { continue }
        guard let id = GitObjectID(hexBytes: trimmed) else {
          throw GitReadError.corrupt("the shallow file lists a malformed commit")
        }
        result.insert(id)
      }
    }
    return result
  }

  func resolve(_ start: String) throws -> GitObjectID? {
    var name = start
    for _ in 0...GitLimits.maxIndirections {
      guard GitRefs.isSafe(name) else {
        throw GitReadError.corrupt("the ref name \(name) is invalid")
      }
      let target: String
      if let loose = try looseRef(name) {
        target = loose
      } else if let packed = try packedRef(name) {
        return packed
      } else {
        return nil  // Unborn branch: no commit yet.
      }
      if target.hasPrefix("ref:") {
        name = target.dropFirst(4).trimmingCharacters(in: .whitespaces)
        continue
      }
      guard let id = GitObjectID(hex: target) else {
        throw GitReadError.corrupt("the ref \(name) does not hold a valid object name")
      }
      return id
    }
    throw GitReadError.corrupt("symbolic refs nest too deeply")
  }

  /// The first line of the loose ref file for `name`, or nil when there is none.
  private func looseRef(_ name: String) throws -> String? {
    let url = directory(for: name).appendingPathComponent(name)
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory),
      !isDirectory.boolValue,
      let data = try GitFiles.readIfPresent(url, limit: 64 * 1024)
    else { return nil }
    let text = String(decoding: data, as: UTF8.self)
    return text.split(whereSeparator: \.isNewline).first
      .map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
  }

  private func packedRef(_ name: String) throws -> GitObjectID? {
    let url = layout.commonDirectory.appendingPathComponent("packed-refs")
    guard let data = try GitFiles.readIfPresent(url, limit: GitLimits.maxMetadataFileSize) else {
      return nil
    }
    let wanted = Array(name.utf8)
    for line in data.split(separator: UInt8(ascii: "\n")) {
      guard let first = line.first, first != UInt8(ascii: "#"), first != UInt8(ascii: "^"),
        let space = line.firstIndex(of: UInt8(ascii: " "))
      else { continue }
      var refName = line[line.index(after: space)...]
      if refName.last == UInt8(ascii: "\r") { refName = refName.dropLast() }
      guard refName.elementsEqual(wanted) else { continue }
      guard let id = GitObjectID(hexBytes: line[line.startIndex..<space]) else {
        throw GitReadError.corrupt("packed-refs has a malformed entry for \(name)")
      }
      return id
    }
    return nil
  }

  /// Per-work-tree refs live in the git directory; everything else in the common directory.
  private func directory(for name: String) -> URL {
    let perWorktree =
      !name.hasPrefix("refs/") || name.hasPrefix("refs/worktree/")
      || name.hasPrefix("refs/bisect/") || name.hasPrefix("refs/rewritten/")
    return perWorktree ? layout.gitDirectory : layout.commonDirectory
  }

  /// Rejects names that could escape the refs directories or that git itself would refuse.
  static func isSafe(_ name: String) -> Bool {
    guard name == "HEAD" || name.hasPrefix("refs/") else { return false }
    let parts = name.split(separator: "/", omittingEmptySubsequences: false)
    let partsOK = parts.allSatisfy { part in
      !part.isEmpty && !part.hasPrefix(".") && !part.hasSuffix(".lock")
    }
    let charactersOK = name.unicodeScalars.allSatisfy { scalar in
      scalar.value > 0x20 && scalar.value != 0x7f && !"\\:?*[~^".unicodeScalars.contains(scalar)
    }
    return partsOK && charactersOK && !name.contains("..")
  }
}
