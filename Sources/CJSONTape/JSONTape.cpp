// RapidJSON's SAX reader writing a gonogo_json_tape; see include/JSONTape.h.
#if defined(__SSE2__)
#define RAPIDJSON_SSE2
#endif
#define RAPIDJSON_HAS_STDSTRING 0
#include <rapidjson/encodings.h>
#include <rapidjson/reader.h>

#include <cstdlib>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <cstring>
#include <new>
#include <string_view>
#include <unordered_set>

#include "JSONTape.h"

namespace {

/// Objects with more members than this find a duplicate key through a hash set, not a scan.
constexpr uint32_t kScannedKeys = 16;

struct Frame {
  size_t start;  // index of the container's start event
  size_t firstKey;  // where the object's keys start in the key list
  std::unordered_set<std::string_view> *keys;
  uint64_t seenBits;  // bit (fingerprint % 64) of each key met: a key whose bit is clear is new
};

/// A key of an open object: a fingerprint of it, and its bytes.
struct SeenKey {
  uint64_t print;
  uint32_t length;
  const char *text;
};

/// A key's fingerprint: with the length, its first and last 8 bytes tell most keys of one object
/// apart without reading the rest. A shorter key is read as 8 bytes, masked, when the buffer
/// (which ends at `end`) holds them.
inline uint64_t Fingerprint(const char *text, size_t length, const char *end) {
  uint64_t first = 0;
  if (length >= 8 || end - text >= 8) {
    std::memcpy(&first, text, 8);
    if (length < 8) first &= (uint64_t{1} << (length * 8)) - 1;
  } else {
    std::memcpy(&first, text, length);
  }
  uint64_t last = 0;
  if (length > 8) std::memcpy(&last, text + length - 8, 8);
  return (first ^ (last * 0x9E3779B97F4A7C15ull)) + length;
}

class TapeWriter {
 public:
  TapeWriter(char *text, size_t length, size_t maxDepth, size_t maxEvents, unsigned options)
      : text_(text), end_(text + length + 4), maxDepth_(maxDepth), maxEvents_(maxEvents),
        options_(options) {}

  ~TapeWriter() {
    for (size_t i = 0; i < depth_; i++) delete frames_[i].keys;
    std::free(frames_);
    std::free(events_);
    std::free(seen_);
  }

  /// Records into `events` (room for `capacity`), which the writer now owns.
  void Adopt(gonogo_json_event *events, size_t capacity) {
    events_ = events;
    capacity_ = events ? capacity : 0;
  }

  gonogo_json_event *Release(size_t *count, size_t *capacity) {
    gonogo_json_event *events = events_;
    *count = count_;
    *capacity = capacity_;
    events_ = nullptr;
    return events;
  }

  gonogo_json_status status = GONOGO_JSON_OK;
  size_t errorOffset = 0;

  /// False when the text holds no backslash: then no string has an escape, so none holds NUL.
  bool escapes = true;

  /// Room for the events of `length` bytes of text, as most documents spend them; more is
  /// allocated as needed.
  bool Reserve(size_t length) {
    size_t expected = length / 8 + 256;
    if (expected > maxEvents_) expected = maxEvents_;
    if (capacity_ >= expected) return true;
    void *events = std::realloc(events_, expected * sizeof(gonogo_json_event));
    if (!events) return Fail(GONOGO_JSON_OUT_OF_MEMORY, 0);
    events_ = static_cast<gonogo_json_event *>(events);
    capacity_ = expected;
    return true;
  }

  bool Null() { return Push(GONOGO_JSON_NULL, 0, 0); }
  bool Bool(bool value) { return Push(value ? GONOGO_JSON_TRUE : GONOGO_JSON_FALSE, 0, 0); }
  bool Int(int) { return Unexpected(); }
  bool Uint(unsigned) { return Unexpected(); }
  bool Int64(int64_t) { return Unexpected(); }
  bool Uint64(uint64_t) { return Unexpected(); }
  bool Double(double) { return Unexpected(); }
  bool RawNumber(const char *text, rapidjson::SizeType length, bool) {
    return Push(GONOGO_JSON_NUMBER, length, Offset(text));
  }
  bool String(const char *text, rapidjson::SizeType length, bool) {
    if (!Clean(text, length)) return false;
    return Push(GONOGO_JSON_STRING, length, Offset(text));
  }
  bool Key(const char *text, rapidjson::SizeType length, bool) {
    if (!Clean(text, length)) return false;
    if ((options_ & GONOGO_JSON_REJECT_DUPLICATE_KEYS) && !NewKey(text, length)) return false;
    return Push(GONOGO_JSON_KEY, length, Offset(text));
  }
  bool StartObject() { return Open(GONOGO_JSON_OBJECT); }
  bool EndObject(rapidjson::SizeType members) { return Close(GONOGO_JSON_OBJECT_END, members); }
  bool StartArray() { return Open(GONOGO_JSON_ARRAY); }
  bool EndArray(rapidjson::SizeType items) { return Close(GONOGO_JSON_ARRAY_END, items); }

 private:
  char *text_;
  const char *end_;  // the end of the buffer: the text and its 4 zero bytes
  size_t maxDepth_, maxEvents_;
  unsigned options_;
  gonogo_json_event *events_ = nullptr;
  size_t count_ = 0, capacity_ = 0;
  Frame *frames_ = nullptr;
  size_t depth_ = 0, frameCapacity_ = 0;
  SeenKey *seen_ = nullptr;
  size_t seenCount_ = 0, seenCapacity_ = 0;

  uint64_t Offset(const char *text) const { return static_cast<uint64_t>(text - text_); }

  bool Fail(gonogo_json_status status, size_t offset) {
    this->status = status;
    errorOffset = offset;
    return false;
  }

  // Numbers arrive as text (kParseNumbersAsStringsFlag): a converted one is a misuse.
  bool Unexpected() { return Fail(GONOGO_JSON_OUT_OF_MEMORY, 0); }

  // A NUL can only come from a \u0000 escape (a NUL byte in the text ends it): strings are
  // searched only when the text has a backslash.
  bool Clean(const char *text, rapidjson::SizeType length) {
    if ((options_ & GONOGO_JSON_REJECT_NUL) && escapes && length > 0 &&
        std::memchr(text, 0, length)) {
      return Fail(GONOGO_JSON_NUL_IN_STRING, Offset(text));
    }
    return true;
  }

  bool Push(gonogo_json_kind kind, uint32_t length, uint64_t offset) {
    if (count_ == capacity_) {
      if (count_ >= maxEvents_) return Fail(GONOGO_JSON_TOO_MANY_VALUES, 0);
      size_t grown = capacity_ ? capacity_ * 2 : 4096;
      if (grown > maxEvents_) grown = maxEvents_;
      void *larger = std::realloc(events_, grown * sizeof(gonogo_json_event));
      if (!larger) return Fail(GONOGO_JSON_OUT_OF_MEMORY, 0);
      events_ = static_cast<gonogo_json_event *>(larger);
      capacity_ = grown;
    }
    events_[count_++] = gonogo_json_event{static_cast<uint32_t>(kind), length, offset};
    return true;
  }

  bool Open(gonogo_json_kind kind) {
    if (depth_ >= maxDepth_) return Fail(GONOGO_JSON_TOO_DEEP, 0);
    if (depth_ == frameCapacity_) {
      size_t grown = frameCapacity_ ? frameCapacity_ * 2 : 32;
      void *larger = std::realloc(frames_, grown * sizeof(Frame));
      if (!larger) return Fail(GONOGO_JSON_OUT_OF_MEMORY, 0);
      frames_ = static_cast<Frame *>(larger);
      frameCapacity_ = grown;
    }
    frames_[depth_++] = Frame{count_, seenCount_, nullptr, 0};
    return Push(kind, 0, 0);
  }

  bool Close(gonogo_json_kind kind, rapidjson::SizeType members) {
    Frame &frame = frames_[--depth_];
    delete frame.keys;
    seenCount_ = frame.firstKey;
    events_[frame.start].offset = count_;
    events_[frame.start].length = members;
    return Push(kind, 0, frame.start);
  }

  // False (and the failure recorded) when the open object already has the key.
  bool NewKey(const char *text, rapidjson::SizeType length) {
    Frame &frame = frames_[depth_ - 1];
    std::string_view key(text, length);
    if (frame.keys) {
      if (!frame.keys->insert(key).second) return Fail(GONOGO_JSON_DUPLICATE_KEY, Offset(text));
      return true;
    }
    uint64_t print = Fingerprint(text, length, end_);
    uint64_t bit = uint64_t{1} << ((print ^ (print >> 29)) & 63);
    bool maybeSeen = (frame.seenBits & bit) != 0;
    frame.seenBits |= bit;
    for (size_t index = maybeSeen ? frame.firstKey : seenCount_; index < seenCount_; index++) {
      const SeenKey &seen = seen_[index];
      if (seen.print == print && seen.length == length &&
          std::memcmp(seen.text, text, length) == 0) {
        return Fail(GONOGO_JSON_DUPLICATE_KEY, Offset(text));
      }
    }
    if (seenCount_ - frame.firstKey >= kScannedKeys) {
      frame.keys = new std::unordered_set<std::string_view>();
      for (size_t index = frame.firstKey; index < seenCount_; index++) {
        frame.keys->insert(std::string_view(seen_[index].text, seen_[index].length));
      }
      frame.keys->insert(key);
      return true;
    }
    if (seenCount_ == seenCapacity_) {
      size_t grown = seenCapacity_ ? seenCapacity_ * 2 : 256;
      void *larger = std::realloc(seen_, grown * sizeof(SeenKey));
      if (!larger) return Fail(GONOGO_JSON_OUT_OF_MEMORY, 0);
      seen_ = static_cast<SeenKey *>(larger);
      seenCapacity_ = grown;
    }
    seen_[seenCount_++] = SeenKey{print, length, text};
    return true;
  }
};

// The offset of the first byte that is not UTF-8, or `length` when all are. ASCII is skipped a
// word at a time; RapidJSON's UTF8::Validate judges each multi-byte sequence.
size_t InvalidUTF8(const char *text, size_t length) {
  size_t index = 0;
  while (index < length) {
#if defined(__SSE2__)
    // 32 bytes at a time while they are all ASCII.
    while (index + 32 <= length) {
      __m128i low = _mm_loadu_si128(reinterpret_cast<const __m128i *>(text + index));
      __m128i high = _mm_loadu_si128(reinterpret_cast<const __m128i *>(text + index + 16));
      if (_mm_movemask_epi8(_mm_or_si128(low, high)) != 0) break;
      index += 32;
    }
#endif
    if (index + 8 <= length) {
      uint64_t word;
      std::memcpy(&word, text + index, 8);
      if ((word & 0x8080808080808080ull) == 0) {
        index += 8;
        continue;
      }
    }
    if (!(static_cast<unsigned char>(text[index]) & 0x80)) {
      index++;
      continue;
    }
    rapidjson::StringStream input(text + index);
    struct Discard {
      void Put(char) {}
    } output;
    if (!rapidjson::UTF8<>::Validate(input, output)) return index;
    size_t used = input.Tell();
    if (index + used > length) return index;
    index += used;
  }
  return length;
}

}  // namespace

extern "C" gonogo_json_status gonogo_json_parse(
    char *text, size_t length, size_t max_depth, size_t max_events, unsigned options,
    gonogo_json_tape *tape) {
  return gonogo_json_parse_into(text, length, max_depth, max_events, options, nullptr, 0, tape);
}

extern "C" gonogo_json_status gonogo_json_parse_into(
    char *text, size_t length, size_t max_depth, size_t max_events, unsigned options,
    gonogo_json_event *events, size_t capacity, gonogo_json_tape *tape) {
  *tape = gonogo_json_tape{nullptr, 0, GONOGO_JSON_OK, 0, 0, 0};
  size_t invalid = InvalidUTF8(text, length);
  if (invalid < length) {
    std::free(events);
    tape->status = GONOGO_JSON_INVALID_UTF8;
    tape->error_offset = invalid;
    return tape->status;
  }
  try {
    TapeWriter writer(text, length, max_depth, max_events, options);
    writer.Adopt(events, capacity);
    rapidjson::InsituStringStream input(text);
    writer.escapes = std::memchr(text, '\\', length) != nullptr;
    if (!writer.Reserve(length)) {
      tape->status = writer.status;
      return tape->status;
    }
    rapidjson::Reader reader;
    constexpr unsigned flags = rapidjson::kParseInsituFlag | rapidjson::kParseNumbersAsStringsFlag;
    rapidjson::ParseResult result = reader.Parse<flags>(input, writer);
    if (writer.status != GONOGO_JSON_OK) {
      tape->status = writer.status;
      tape->error_offset = writer.errorOffset ? writer.errorOffset : result.Offset();
    } else if (result.IsError()) {
      tape->status = GONOGO_JSON_SYNTAX;
      tape->syntax = result.Code();
      tape->error_offset = result.Offset();
    } else if (input.Tell() != length) {
      // A NUL byte ended the text early: what follows it is not part of one JSON value.
      tape->status = GONOGO_JSON_SYNTAX;
      tape->syntax = rapidjson::kParseErrorDocumentRootNotSingular;
      tape->error_offset = input.Tell();
    } else {
      tape->events = writer.Release(&tape->count, &tape->capacity);
    }
  } catch (const std::bad_alloc &) {
    tape->status = GONOGO_JSON_OUT_OF_MEMORY;
  }
  return tape->status;
}

extern "C" void gonogo_json_tape_free(gonogo_json_tape *tape) {
  std::free(tape->events);
  tape->events = nullptr;
  tape->count = 0;
  tape->capacity = 0;
}
