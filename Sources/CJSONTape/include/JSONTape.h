// A JSON document as a flat list of parse events (a "tape"), read by RapidJSON's SAX parser.
//
// The text is parsed in place: strings and keys are unescaped inside the caller's buffer, and
// every event names its bytes there. Containers are linked to their ends, so a reader skips a
// value of any size in one step. Nothing here knows what the document means.
#ifndef GONOGO_JSON_TAPE_H
#define GONOGO_JSON_TAPE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// What an event is.
typedef enum {
  GONOGO_JSON_NULL = 0,
  GONOGO_JSON_FALSE = 1,
  GONOGO_JSON_TRUE = 2,
  /// A number, as written (`length` bytes at `offset`).
  GONOGO_JSON_NUMBER = 3,
  /// A string, unescaped (`length` bytes at `offset`).
  GONOGO_JSON_STRING = 4,
  /// An object member's key, unescaped; its value is the next event.
  GONOGO_JSON_KEY = 5,
  /// An object starts: `offset` is the index of its GONOGO_JSON_OBJECT_END event, `length` its
  /// number of members.
  GONOGO_JSON_OBJECT = 6,
  /// An object ends: `offset` is the index of its GONOGO_JSON_OBJECT event.
  GONOGO_JSON_OBJECT_END = 7,
  /// An array starts: `offset` is the index of its GONOGO_JSON_ARRAY_END event, `length` its
  /// number of items.
  GONOGO_JSON_ARRAY = 8,
  /// An array ends: `offset` is the index of its GONOGO_JSON_ARRAY event.
  GONOGO_JSON_ARRAY_END = 9,
} gonogo_json_kind;

typedef struct {
  uint32_t kind;
  uint32_t length;
  uint64_t offset;
} gonogo_json_event;

/// Why a parse failed.
typedef enum {
  GONOGO_JSON_OK = 0,
  /// Not JSON (RFC 8259): `syntax` holds RapidJSON's error code.
  GONOGO_JSON_SYNTAX = 1,
  /// Bytes that are not UTF-8.
  GONOGO_JSON_INVALID_UTF8 = 2,
  /// Containers nested deeper than the limit.
  GONOGO_JSON_TOO_DEEP = 3,
  /// More events than the limit.
  GONOGO_JSON_TOO_MANY_VALUES = 4,
  /// A key written twice in one object (with GONOGO_JSON_REJECT_DUPLICATE_KEYS).
  GONOGO_JSON_DUPLICATE_KEY = 5,
  /// A string or key that holds U+0000 (with GONOGO_JSON_REJECT_NUL).
  GONOGO_JSON_NUL_IN_STRING = 6,
  GONOGO_JSON_OUT_OF_MEMORY = 7,
} gonogo_json_status;

/// Options.
enum {
  GONOGO_JSON_REJECT_DUPLICATE_KEYS = 1,
  GONOGO_JSON_REJECT_NUL = 2,
};

typedef struct {
  /// The events in document order (allocated; release with gonogo_json_tape_free).
  gonogo_json_event *events;
  size_t count;
  gonogo_json_status status;
  /// For a failure: the byte offset where it was found (for a duplicate key or a NUL, the first
  /// byte of the key or string, after its quote).
  size_t error_offset;
  /// For GONOGO_JSON_SYNTAX: RapidJSON's ParseErrorCode.
  int syntax;
  /// Room allocated at `events`, in events.
  size_t capacity;
} gonogo_json_tape;

/// Parses `length` bytes of `text` in place. `text` must hold `length + 4` bytes, the last four
/// zero. Containers nest at most `max_depth` deep; at most `max_events` events are recorded.
/// Returns the status, also stored in `tape`; on failure `tape->events` is NULL.
gonogo_json_status gonogo_json_parse(
    char *text, size_t length, size_t max_depth, size_t max_events, unsigned options,
    gonogo_json_tape *tape);

/// gonogo_json_parse, recording into `events` (malloc'd room for `capacity` events, or NULL),
/// which the parse takes over: on success `tape->events` is it or what it was reallocated to,
/// with `tape->capacity`; on failure it is freed. Lets a caller reading many documents reuse one
/// buffer.
gonogo_json_status gonogo_json_parse_into(
    char *text, size_t length, size_t max_depth, size_t max_events, unsigned options,
    gonogo_json_event *events, size_t capacity, gonogo_json_tape *tape);

/// Frees the events of a tape.
void gonogo_json_tape_free(gonogo_json_tape *tape);

#ifdef __cplusplus
}
#endif

#endif
