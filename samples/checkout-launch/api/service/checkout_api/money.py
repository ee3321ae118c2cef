"""Amounts in minor units (cents), as the API contract carries them."""

from __future__ import annotations

from dataclasses import dataclass

# ISO 4217 exponents for the currencies checkout-v2 sells in.
MINOR_UNITS = {"EUR": 2, "USD": 2, "GBP": 2, "SEK": 2, "JPY": 0}


class CurrencyMismatch(ValueError):
    """Two amounts in different currencies were combined."""


@dataclass(frozen=True, order=True)
class Money:
    """An amount in minor units of one currency."""

    minor: int
    currency: str

    def __post_init__(self) -> None:
        if self.currency not in MINOR_UNITS:
            raise ValueError(f"unsupported currency {self.currency!r}")

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(0, currency)

    def __add__(self, other: Money) -> Money:
        self._same_currency(other)
        return Money(self.minor + other.minor, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same_currency(other)
        return Money(self.minor - other.minor, self.currency)

    def times(self, quantity: int) -> Money:
        return Money(self.minor * quantity, self.currency)

    def percent(self, basis_points: int) -> Money:
        """This amount times basis_points / 10,000, rounded half up to the minor unit."""
        numerator = self.minor * basis_points
        quotient, remainder = divmod(abs(numerator), 10_000)
        if remainder * 2 >= 10_000:
            quotient += 1
        return Money(quotient if numerator >= 0 else -quotient, self.currency)

    def format(self) -> str:
        exponent = MINOR_UNITS[self.currency]
        sign = "-" if self.minor < 0 else ""
        whole, fraction = divmod(abs(self.minor), 10**exponent)
        if exponent == 0:
            return f"{sign}{whole} {self.currency}"
        return f"{sign}{whole}.{fraction:0{exponent}d} {self.currency}"

    def _same_currency(self, other: Money) -> None:
        if other.currency != self.currency:
            raise CurrencyMismatch(f"{self.currency} and {other.currency}")


def parse(text: str) -> Money:
    """Reads '12.50 EUR' (as support tools paste it) into minor units."""
    amount, _, currency = text.strip().partition(" ")
    exponent = MINOR_UNITS.get(currency)
    if exponent is None:
        raise ValueError(f"unsupported currency {currency!r}")
    whole, _, fraction = amount.partition(".")
    if len(fraction) > exponent:
        raise ValueError(f"{text!r} has more decimals than {currency} allows")
    sign = -1 if whole.startswith("-") else 1
    minor = abs(int(whole)) * 10**exponent + int(fraction.ljust(exponent, "0") or 0)
    return Money(sign * minor, currency)
