import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { normalizePostcode, postcodeError } from "../src/postcode.js";

describe("postcode validation", () => {
  test("accepts a German postcode", () => {
    assert.equal(postcodeError("DE", "10115"), null);
  });

  test("rejects a German postcode with four digits", () => {
    assert.equal(
      postcodeError("DE", "1011"),
      "Enter a postcode in the format used in the selected country",
    );
  });

  test("accepts a British postcode typed without the space", () => {
    assert.equal(postcodeError("GB", "sw1a1aa"), null);
    assert.equal(normalizePostcode("GB", "sw1a1aa"), "SW1A 1AA");
  });

  test("accepts a US ZIP+4 code", () => {
    assert.equal(postcodeError("US", "10001-2345"), null);
  });

  test("rejects a Spanish postcode for a province that does not exist", () => {
    assert.notEqual(postcodeError("ES", "53001"), null);
  });

  test("asks for a postcode when the field is empty", () => {
    assert.equal(postcodeError("FR", "  "), "Enter a postcode");
  });

  test("does not check markets without a known format", () => {
    assert.equal(postcodeError("IE", "D02 X285"), null);
  });
});
