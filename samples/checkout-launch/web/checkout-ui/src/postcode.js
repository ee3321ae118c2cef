// Postcode checks for the address step, run as the customer types. The server validates again;
// these only spare the customer a round trip.

const PATTERNS = {
  DE: /^\d{5}$/,
  FR: /^\d{5}$/,
  ES: /^(0[1-9]|[1-4]\d|5[0-2])\d{3}$/,
  GB: /^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$/,
  US: /^\d{5}(-\d{4})?$/,
};

/** Upper-cases and trims a postcode, and puts the space back into a British one. */
export function normalizePostcode(country, value) {
  const compact = value.trim().toUpperCase().replace(/\s+/g, "");
  if (country === "GB" && compact.length > 3) {
    return `${compact.slice(0, -3)} ${compact.slice(-3)}`;
  }
  return compact;
}

/** Returns null when the postcode is valid, else the message shown under the field. */
export function postcodeError(country, value) {
  const pattern = PATTERNS[country];
  if (!pattern) return null; // markets without a postcode format check
  if (value.trim() === "") return "Enter a postcode";
  return pattern.test(normalizePostcode(country, value))
    ? null
    : "Enter a postcode in the format used in the selected country";
}
