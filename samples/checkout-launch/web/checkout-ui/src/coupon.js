// Coupon codes as customers paste them from emails: spaces, dashes and lower case are common.

const CODE = /^[A-Z0-9]{4,16}$/;

/** WINTER-15, " winter 15 " and "winter15" are all WINTER15. */
export function normalizeCoupon(value) {
  return value.toUpperCase().replace(/[\s-]+/g, "");
}

/** The code to send to POST /sessions, or an error to show in the aria-live region. */
export function parseCoupon(value) {
  const code = normalizeCoupon(value);
  if (code === "") return { error: "Enter a coupon code" };
  if (!CODE.test(code)) return { error: "Coupon codes have 4 to 16 letters and digits" };
  return { code };
}
