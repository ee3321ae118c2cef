import Foundation

/// The events the tree builder consumes. For a big file, libyaml runs on a second thread and
/// hands its events over in batches, so that parsing and building the tree overlap; the events,
/// the errors and where they occur are the same either way.
final class EventStream {
  /// Files at least this big are parsed on a second thread when there is more than one core.
  static let pipelineThreshold = 256 << 10

  private let direct: EventParser?
  private let channel: EventChannel?
  @exclusivity(unchecked) private var batch: EventBatch?
  @exclusivity(unchecked) private var failure: YAMLError?
  /// Work for the building thread while it waits for the parsing one; returns false when there
  /// is none left for now.
  private let whileWaiting: (() -> Bool)?

  private let start: SourceLocation

  init(parser: EventParser, file: String, pipelined: Bool, whileWaiting: (() -> Bool)? = nil) {
    start = SourceLocation(file: file, line: 1, column: 1)
    self.whileWaiting = whileWaiting
    if pipelined {
      direct = nil
      channel = EventChannel(parser: parser, file: file)
    } else {
      direct = parser
      channel = nil
    }
  }

  deinit {
    close()
  }

  /// Stops and joins the parsing thread: the bytes being parsed may be released after this.
  func close() {
    channel?.stop()
  }

  /// The next event, or the parser's error at the point it occurred.
  func next() throws(YAMLError) -> Event {
    if let direct { return try direct.next() }
    while true {
      if let batch, !batch.isEmpty { return batch.take() }
      if let failure { throw failure }
      guard let channel else { throw YAMLError(.syntax, at: start, "no YAML parser") }
      if let whileWaiting {
        if let ready = channel.take(waiting: false) {
          (batch, failure) = ready
        } else if !whileWaiting() {
          (batch, failure) = channel.take()
        }
      } else {
        (batch, failure) = channel.take()
      }
    }
  }
}

/// A bounded hand-over of event batches from the parsing thread to the building one.
private final class EventChannel: @unchecked Sendable {
  private static let batchSize = 2048
  private static let maxQueued = 8

  private let condition = NSCondition()
  // Guarded by `condition`.
  private var queue: [(events: EventBatch?, failure: YAMLError?)] = []
  private var stopping = false
  private var finished = false

  private let file: String

  init(parser: EventParser, file: String) {
    self.file = file
    let thread = Thread { [self] in self.produce(parser) }
    thread.name = "gonogo.yaml"
    thread.start()
  }

  private func produce(_ parser: EventParser) {
    var done = false
    while !done {
      let events = EventBatch(capacity: Self.batchSize)
      var failure: YAMLError?
      do {
        while !events.isFull {
          let event = try parser.next()
          events.append(event)
          if case .streamEnd = event.kind {
            done = true
            break
          }
        }
      } catch {
        failure = error
        done = true
      }
      condition.lock()
      while queue.count >= Self.maxQueued && !stopping { condition.wait() }
      if stopping {
        done = true
      } else {
        queue.append((events, failure))
      }
      condition.broadcast()
      condition.unlock()
    }
    condition.lock()
    finished = true
    condition.broadcast()
    condition.unlock()
  }

  /// The next batch, waiting for it; an error batch when the parser stopped without one.
  func take() -> (events: EventBatch?, failure: YAMLError?) {
    // Waiting, the result is never nil.
    take(waiting: true) ?? (nil, nil)
  }

  /// The next batch; without `waiting`, nil when none is ready yet.
  func take(waiting: Bool) -> (events: EventBatch?, failure: YAMLError?)? {
    condition.lock()
    defer { condition.unlock() }
    if !waiting && queue.isEmpty && !finished { return nil }
    while queue.isEmpty && !finished { condition.wait() }
    guard !queue.isEmpty else {
      return (
        nil,
        YAMLError(
          .syntax, at: SourceLocation(file: file, line: 1, column: 1),
          "the YAML event stream ended before the document did")
      )
    }
    condition.broadcast()
    return queue.removeFirst()
  }

  /// Asks the parsing thread to stop and waits until it has.
  func stop() {
    condition.lock()
    stopping = true
    condition.broadcast()
    while !finished { condition.wait() }
    queue = []
    condition.unlock()
  }
}

/// Events handed from one thread to another and moved out one by one, never copied.
final class EventBatch: @unchecked Sendable {
  private let storage: UnsafeMutablePointer<Event>
  private let capacity: Int
  @exclusivity(unchecked) private var start = 0
  @exclusivity(unchecked) private var end = 0

  init(capacity: Int) {
    storage = .allocate(capacity: capacity)
    self.capacity = capacity
  }

  deinit {
    (storage + start).deinitialize(count: end - start)
    storage.deallocate()
  }

  var isEmpty: Bool { start == end }
  var isFull: Bool { end == capacity }

  func append(_ event: consuming Event) {
    (storage + end).initialize(to: event)
    end += 1
  }

  /// Moves the first remaining event out.
  func take() -> Event {
    defer { start += 1 }
    return (storage + start).move()
  }
}
