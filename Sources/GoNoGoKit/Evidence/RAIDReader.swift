import Foundation
import LocatedYAML

/// Reads a RAID log written as YAML or as CSV with a header row (chosen by the `.csv` extension).
///
/// YAML may be a list of items, a mapping with `items:`, or a mapping with `risks:`,
/// `assumptions:`, `issues:` and `dependencies:` lists (the list names the type). Column and key
/// names are matched case-insensitively with spaces and hyphens read as underscores, so a
/// spreadsheet's `Need-By Date` is `need_by_date`. Unknown columns are ignored.
public enum RAIDReader: EvidenceReader {
  public static let format = "raid"

  /// Largest RAID log read.
  static let maxBytes = 16 << 20

  public static func read(_ source: EvidenceSource) -> Result<RAIDLog, EvidenceError> {
    let path = source.file.path
    return source.text().flatMap { text in
      if text.utf8.count > maxBytes {
        return .failure(
          EvidenceError("\(path) is larger than the limit of \(maxBytes) bytes for a RAID log"))
      }
      let items =
        path.lowercased().hasSuffix(".csv")
        ? csvItems(text, file: path) : yamlItems(text, file: path)
      return items.flatMap { items in
        var seen: [String: Int] = [:]
        for item in items {
          if let first = seen[item.id] {
            return .failure(
              EvidenceError(
                "item id \(item.id) appears twice in \(path) (lines \(first) and \(item.line))",
                line: item.line))
          }
          seen[item.id] = item.line
        }
        return .success(RAIDLog(items: items))
      }
    }
  }

  static func csvItems(_ text: String, file: String) -> Result<[RAIDItem], EvidenceError> {
    let table: CSVTable
    switch CSVTable.parse(text) {
    case .success(let parsed): table = parsed
    case .failure(let problem):
      return .failure(
        EvidenceError(
          "\(file) is not valid CSV: \(problem.message)", line: problem.line, column: problem.column
        ))
    }
    var names: [String: Int] = [:]
    for (index, name) in table.header.enumerated() {
      let key = RAIDItemBuilder.normalize(name)
      if key.isEmpty { continue }
      if names[key] != nil {
        return .failure(
          EvidenceError("\(file) has the column '\(name)' twice in its header", line: 1))
      }
      names[key] = index
    }
    var items: [RAIDItem] = []
    for record in table.records {
      var fields: [String: RAIDItemBuilder.Value] = [:]
      for (key, index) in names {
        fields[key] = RAIDItemBuilder.Value(
          text: record.fields[index], line: record.line, column: nil)
      }
      switch RAIDItemBuilder.item(fields, line: record.line, impliedKind: nil, file: file) {
      case .success(let item): items.append(item)
      case .failure(let error): return .failure(error)
      }
    }
    return .success(items)
  }

  static func yamlItems(_ text: String, file: String) -> Result<[RAIDItem], EvidenceError> {
    let root: Node
    do {
      root = try Loader().load(text, file: file)
    } catch {
      return .failure(
        EvidenceError(
          "\(file) is not valid YAML: \(error.message)", line: error.location.line,
          column: error.location.column))
    }
    var lists: [(Node, RAIDItem.Kind?)] = []
    if root.sequence != nil {
      lists = [(root, nil)]
    } else if let items = root["items"] {
      lists = [(items, nil)]
    } else if root.mapping != nil {
      for kind in RAIDItem.Kind.allCases {
        let key = kind == .dependency ? "dependencies" : kind.rawValue + "s"
        if let list = root[key] { lists.append((list, kind)) }
      }
    }
    if lists.isEmpty {
      return .failure(
        EvidenceError(
          "\(file) is not a RAID log: expected a list of items, an 'items' list, or 'risks', "
            + "'assumptions', 'issues' and 'dependencies' lists", line: root.location.line))
    }
    var items: [RAIDItem] = []
    for (list, kind) in lists {
      if list.scalar?.value == .null { continue }
      guard let entries = list.sequence else {
        return .failure(
          EvidenceError(
            "the RAID items in \(file) must be a list, not \(list.kindDescription)",
            line: list.location.line))
      }
      for entry in entries {
        switch item(entry, kind: kind, file: file) {
        case .success(let item): items.append(item)
        case .failure(let error): return .failure(error)
        }
      }
    }
    items.sort { $0.line < $1.line }
    return .success(items)
  }

  private static func item(_ node: Node, kind: RAIDItem.Kind?, file: String) -> Result<
    RAIDItem, EvidenceError
  > {
    let line = node.location.line
    guard let pairs = node.mapping else {
      return .failure(
        EvidenceError(
          "the RAID item on line \(line) of \(file) must be a mapping, not \(node.kindDescription)",
          line: line))
    }
    let known = Set(RAIDItemBuilder.aliases.values.joined())
    var fields: [String: RAIDItemBuilder.Value] = [:]
    for pair in pairs {
      let name = pair.key.scalar?.text ?? ""
      guard let scalar = pair.value.scalar else {
        if known.contains(RAIDItemBuilder.normalize(name)) {
          return .failure(
            EvidenceError(
              "'\(name)' of the RAID item on line \(line) of \(file) must be text, not "
                + pair.value.kindDescription, line: pair.value.location.line,
              column: pair.value.location.column))
        }
        continue
      }
      if scalar.value == .null { continue }
      let key = RAIDItemBuilder.normalize(name)
      if fields[key] != nil {
        return .failure(
          EvidenceError(
            "the RAID item on line \(line) of \(file) spells '\(key)' twice",
            line: pair.key.location.line))
      }
      fields[key] = RAIDItemBuilder.Value(
        text: scalar.text, line: pair.value.location.line, column: pair.value.location.column)
    }
    return RAIDItemBuilder.item(fields, line: line, impliedKind: kind, file: file)
  }
}
