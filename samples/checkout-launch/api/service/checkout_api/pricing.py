"""Prices a cart: line totals, one coupon, shipping and tax."""

from __future__ import annotations

from dataclasses import dataclass, field

from .money import Money

# VAT is included in EU shelf prices; US sales tax is added at checkout.
TAX_INCLUDED_REGIONS = {"eu"}
FREE_SHIPPING_FROM = {"EUR": 5_000, "USD": 5_000, "GBP": 4_000, "SEK": 50_000, "JPY": 6_000}
SHIPPING = {"EUR": 495, "USD": 599, "GBP": 399, "SEK": 4_900, "JPY": 700}


class CouponRejected(ValueError):
    """The coupon cannot be applied to this cart."""


@dataclass(frozen=True)
class Line:
    sku: str
    unit_price: Money
    quantity: int

    def total(self) -> Money:
        if self.quantity < 1:
            raise ValueError(f"quantity of {self.sku} must be at least 1")
        return self.unit_price.times(self.quantity)


@dataclass(frozen=True)
class Coupon:
    code: str
    percent_off: int = 0  # basis points: 1500 is 15 %
    amount_off: int = 0  # minor units
    minimum_spend: int = 0  # minor units

    def discount(self, subtotal: Money) -> Money:
        if subtotal.minor < self.minimum_spend:
            raise CouponRejected(f"{self.code} needs a minimum spend of {self.minimum_spend}")
        if self.percent_off:
            return subtotal.percent(self.percent_off)
        return Money(min(self.amount_off, subtotal.minor), subtotal.currency)


@dataclass(frozen=True)
class Quote:
    subtotal: Money
    discount: Money
    shipping: Money
    tax: Money
    total: Money


@dataclass
class Cart:
    currency: str
    region: str
    lines: list[Line] = field(default_factory=list)
    coupon: Coupon | None = None

    def add(self, sku: str, unit_price: int, quantity: int = 1) -> None:
        self.lines.append(Line(sku, Money(unit_price, self.currency), quantity))

    def quote(self, tax_rate_bp: int) -> Quote:
        """Prices the cart; tax_rate_bp is the region's rate in basis points."""
        if not self.lines:
            raise ValueError("an empty cart cannot be priced")
        subtotal = Money.zero(self.currency)
        for line in self.lines:
            subtotal += line.total()
        discount = self.coupon.discount(subtotal) if self.coupon else Money.zero(self.currency)
        goods = subtotal - discount
        if goods.minor >= FREE_SHIPPING_FROM[self.currency]:
            shipping = Money.zero(self.currency)
        else:
            shipping = Money(SHIPPING[self.currency], self.currency)
        if self.region in TAX_INCLUDED_REGIONS:
            # Shelf prices already hold VAT; report the share for the receipt.
            gross = goods + shipping
            tax = gross - Money(gross.minor * 10_000 // (10_000 + tax_rate_bp), self.currency)
            total = gross
        else:
            tax = (goods + shipping).percent(tax_rate_bp)
            total = goods + shipping + tax
        return Quote(subtotal, discount, shipping, tax, total)

    def to_response(self, quote: Quote) -> dict[str, object]:
        """The Session body of POST /sessions (see openapi.yaml); covered by the contract tests."""
        body: dict[str, object] = {
            "currency": self.currency,
            "subtotal": quote.subtotal.minor,
            "shipping": quote.shipping.minor,
            "tax": quote.tax.minor,
            "total": quote.total.minor,
        }
        if self.coupon is not None:
            body["coupon"] = {"code": self.coupon.code, "discount": quote.discount.minor}
        return body
