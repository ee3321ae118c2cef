import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { formatAmount, summaryRows } from "../src/summary.js";

describe("order summary", () => {
  test("formats euros for a German customer", () => {
    assert.equal(formatAmount(5248, "EUR", "de-DE"), "52,48\u00a0€");
  });

  test("formats yen without minor units", () => {
    assert.equal(formatAmount(7260, "JPY", "en-US"), "¥7,260");
  });

  test("refuses a currency checkout-v2 does not sell in", () => {
    assert.throws(() => formatAmount(100, "XBT", "en-US"), RangeError);
  });

  test("lists the coupon before the delivery charge", () => {
    const quote = {
      currency: "EUR", subtotal: 5248, shipping: 495, tax: 860, total: 4956,
      coupon: { code: "WINTER15", discount: 787 },
    };
    assert.deepEqual(summaryRows(quote, "en-IE"), [
      ["Subtotal", "€52.48"],
      ["Coupon WINTER15", "-€7.87"],
      ["Delivery", "€4.95"],
      ["Total", "€49.56"],
    ]);
  });
});
