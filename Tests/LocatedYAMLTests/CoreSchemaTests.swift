import Testing

@testable import LocatedYAML

/// Plain scalars are told apart by their bytes: each spelling the core schema names resolves to
/// its value, and every near miss stays a string.
@Suite struct CoreSchemaTests {
  @Test(arguments: [
    ("", ScalarValue.null), ("~", .null), ("null", .null), ("Null", .null), ("NULL", .null),
    ("true", .bool(true)), ("True", .bool(true)), ("TRUE", .bool(true)),
    ("false", .bool(false)), ("False", .bool(false)), ("FALSE", .bool(false)),
    ("0", .int(0)), ("-0", .int(0)), ("+5", .int(5)), ("007", .int(7)), ("-7", .int(-7)),
    ("9223372036854775807", .int(Int.max)), ("-9223372036854775808", .int(Int.min)),
    ("0x1F", .int(31)), ("0xff", .int(255)), ("0o17", .int(15)),
    ("1.5", .float(1.5)), (".5", .float(0.5)), ("-1e3", .float(-1000)),
    ("1E+2", .float(100)), (".inf", .float(.infinity)), ("+.Inf", .float(.infinity)),
    ("-.INF", .float(-.infinity)),
  ])
  func coreSchemaSpellingsResolveToTheirValues(text: String, value: ScalarValue) {
    #expect(CoreSchema.resolve(plain: text) == value)
  }

  @Test func notANumberResolvesToNaN() {
    for text in [".nan", ".NaN", ".NAN"] {
      guard case .float(let double) = CoreSchema.resolve(plain: text) else {
        Issue.record("\(text) is not a float")
        continue
      }
      #expect(double.isNaN)
    }
  }

  @Test(arguments: [
    "~~", "nul", "nulls", "nULL", "NuLL", "none", "tru", "truE", "tRUE", "trues", "t", "f",
    "fals", "falsE", "FALSe", "falsey", "yes", "no", "on", "off", "title", "team-0", "file",
    "no_placeholders", "-", "+", ".", "..", "0o", "0x", "0xG", "0o8", "1_000", "1.0.0",
    "2026-12-15", "99.9%", "1e", "1e+", "--1", "+-1", ".in", "-.nan", "+.nan", "0x-1",
    "9223372036854775808", "-9223372036854775809", "99999999999999999999999",
    "0o7777777777777777777777777", "0xFFFFFFFFFFFFFFFFFF", "über", "naïve",
  ])
  func nearMissesStayStrings(text: String) {
    #expect(CoreSchema.resolve(plain: text) == .string(text))
  }

  @Test func textCutFromALongerStringResolvesTheSame() {
    let long = String(repeating: "x", count: 40) + " true"
    let sliced = String(long.split(separator: " ")[1])
    #expect(CoreSchema.resolve(plain: sliced) == .bool(true))
    let word = String(long.prefix(40))
    #expect(CoreSchema.resolve(plain: word) == .string(word))
  }
}
