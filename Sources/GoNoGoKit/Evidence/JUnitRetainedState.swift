/// What the JUnit reader keeps while it reads, in bytes: the figure that must not grow with the
/// number of failing tests, however big their bodies.
///
/// The reader keeps counts per suite, one table entry per named test (at most
/// ``JUnitTestTable/maxTracked``), and of the failing tests only the first
/// ``JUnitScanner/listedPerGroup`` per suite and ``JUnitScanner/listedPerFile`` per file, each with
/// its names (at most ``JUnitScanner/nameBytes`` each) and the first line of its message (at most
/// 200 characters). Failure bodies — stack traces, `<system-out>`, `<system-err>` — are never kept:
/// at most ``JUnitScanner/messageBytes`` of a result's text are looked at for its first line.
/// Beside this state, the ``XMLStream`` holds a fixed input buffer, and libxml2 the element being
/// read (its text capped by libxml2's limits): neither grows with the file.
extension JUnitScanner {
  /// The bytes held by the reading state and the results so far: the capacity of every buffer,
  /// table and list, and the text of every string kept (an estimate of the heap, not a count of
  /// allocator overhead).
  var retainedBytes: Int {
    var bytes = 0
    for test in [current] + suspended {
      bytes += test.classname.capacity + test.name.capacity + test.message.capacity
        + test.flakyMessage.capacity
    }
    for suite in suites { bytes += suite.name.utf8.count + 64 }
    for table in tests { bytes += table.capacity * 9 }
    bytes += listed.capacity * 8
    // A dictionary entry: its key, its value and a hash slot.
    bytes += entries.capacity * 24
    // The keys share their storage with the groups' keys.
    bytes += groupIndex.capacity * 32
    bytes += results.retainedBytes
    return bytes
  }
}

extension JUnitResults {
  /// The bytes of the groups, failing tests and notes kept (see ``JUnitScanner/retainedBytes``).
  var retainedBytes: Int {
    var bytes = groups.capacity * MemoryLayout<JUnitSuiteGroup>.stride
    for group in groups { bytes += group.key.utf8.count }
    bytes += failing.capacity * MemoryLayout<JUnitFailingCase>.stride
    for test in failing {
      bytes += test.suite.utf8.count + test.classname.utf8.count + test.name.utf8.count
        + test.message.utf8.count
    }
    for note in discrepancies { bytes += note.description.utf8.count + 16 }
    return bytes
  }
}
