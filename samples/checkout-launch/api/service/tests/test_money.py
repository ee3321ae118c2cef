import pytest

from checkout_api.money import CurrencyMismatch, Money


def test_adds_amounts_in_the_same_currency():
    assert Money(1_250, "EUR") + Money(99, "EUR") == Money(1_349, "EUR")


def test_refuses_to_add_different_currencies():
    with pytest.raises(CurrencyMismatch):
        Money(100, "EUR") + Money(100, "USD")


def test_refuses_an_unsupported_currency():
    with pytest.raises(ValueError, match="unsupported currency 'XBT'"):
        Money(1, "XBT")


@pytest.mark.parametrize(
    ("minor", "basis_points", "expected"),
    [(1_999, 1_500, 300), (1_000, 2_100, 210), (5, 5_000, 3), (-1_999, 1_500, -300)],
)
def test_percent_rounds_half_up_to_the_minor_unit(minor, basis_points, expected):
    assert Money(minor, "EUR").percent(basis_points) == Money(expected, "EUR")


def test_formats_with_the_currency_exponent():
    assert Money(123_456, "EUR").format() == "1234.56 EUR"
    assert Money(-5, "USD").format() == "-0.05 USD"
    assert Money(4_800, "JPY").format() == "4800 JPY"
