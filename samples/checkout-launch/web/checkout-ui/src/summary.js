// The order summary: amounts arrive in minor units (see the API contract) and are shown in the
// customer's locale.

const EXPONENT = { EUR: 2, USD: 2, GBP: 2, SEK: 2, JPY: 0 };

/** Formats an amount in minor units, e.g. 5248 EUR in de-DE as "52,48 €". */
export function formatAmount(minor, currency, locale) {
  const exponent = EXPONENT[currency];
  if (exponent === undefined) throw new RangeError(`unsupported currency ${currency}`);
  return new Intl.NumberFormat(locale, {
    style: "currency",
    currency,
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent,
  }).format(minor / 10 ** exponent);
}

/** The rows of the order summary for a quote from POST /sessions. */
export function summaryRows(quote, locale) {
  const rows = [["Subtotal", formatAmount(quote.subtotal, quote.currency, locale)]];
  if (quote.coupon) {
    rows.push([`Coupon ${quote.coupon.code}`, formatAmount(-quote.coupon.discount, quote.currency, locale)]);
  }
  rows.push([
    "Delivery",
    quote.shipping === 0 ? "Free" : formatAmount(quote.shipping, quote.currency, locale),
  ]);
  rows.push(["Total", formatAmount(quote.total, quote.currency, locale)]);
  return rows;
}
