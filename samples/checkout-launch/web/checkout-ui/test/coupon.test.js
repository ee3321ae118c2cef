import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { parseCoupon } from "../src/coupon.js";

describe("coupon entry", () => {
  test("reads a code pasted with spaces, dashes and lower case", () => {
    assert.deepEqual(parseCoupon(" winter-15 "), { code: "WINTER15" });
  });

  test("asks for a code when the field is empty", () => {
    assert.deepEqual(parseCoupon(" - "), { error: "Enter a coupon code" });
  });

  test("rejects a code with punctuation", () => {
    assert.deepEqual(parseCoupon("WIN!TER"), {
      error: "Coupon codes have 4 to 16 letters and digits",
    });
  });
});
