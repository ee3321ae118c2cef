import pytest

from checkout_api.money import Money
from checkout_api.pricing import Cart, Coupon, CouponRejected


def eur_cart(region="eu"):
    cart = Cart(currency="EUR", region=region)
    cart.add("SKU-TEE-M", 1_999, 2)
    cart.add("SKU-MUG", 1_250)
    return cart


def test_eu_prices_include_vat_and_report_its_share():
    quote = eur_cart().quote(tax_rate_bp=2_100)
    assert quote.subtotal == Money(5_248, "EUR")
    assert quote.shipping == Money(0, "EUR")
    assert quote.total == Money(5_248, "EUR")
    assert quote.tax == Money(911, "EUR")


def test_us_sales_tax_is_added_on_top():
    cart = Cart(currency="USD", region="us-ca")
    cart.add("SKU-TEE-M", 2_400)
    quote = cart.quote(tax_rate_bp=725)
    assert quote.shipping == Money(599, "USD")
    assert quote.tax == Money(217, "USD")
    assert quote.total == Money(3_216, "USD")


def test_free_shipping_applies_after_the_discount():
    cart = eur_cart()
    cart.coupon = Coupon("WINTER15", percent_off=1_500)
    quote = cart.quote(tax_rate_bp=2_100)
    assert quote.discount == Money(787, "EUR")
    assert quote.shipping == Money(495, "EUR")
    assert quote.total == Money(4_956, "EUR")


def test_an_amount_off_coupon_never_makes_the_goods_negative():
    cart = Cart(currency="GBP", region="eu")
    cart.add("SKU-SOCKS", 800)
    cart.coupon = Coupon("SORRY10", amount_off=1_000)
    quote = cart.quote(tax_rate_bp=2_000)
    assert quote.discount == Money(800, "GBP")
    assert quote.total == Money(399, "GBP")


def test_a_coupon_below_its_minimum_spend_is_rejected():
    cart = eur_cart()
    cart.coupon = Coupon("BIG50", amount_off=5_000, minimum_spend=10_000)
    with pytest.raises(CouponRejected, match="BIG50 needs a minimum spend of 10000"):
        cart.quote(tax_rate_bp=2_100)


def test_an_empty_cart_cannot_be_priced():
    with pytest.raises(ValueError, match="empty cart"):
        Cart(currency="EUR", region="eu").quote(tax_rate_bp=2_100)


def test_a_line_needs_a_positive_quantity():
    cart = Cart(currency="EUR", region="eu")
    cart.add("SKU-MUG", 1_250, quantity=0)
    with pytest.raises(ValueError, match="quantity of SKU-MUG"):
        cart.quote(tax_rate_bp=2_100)


def test_yen_carts_have_no_minor_units():
    cart = Cart(currency="JPY", region="jp")
    cart.add("SKU-TEE-M", 3_300, 2)
    quote = cart.quote(tax_rate_bp=1_000)
    assert quote.shipping == Money(0, "JPY")
    assert quote.total == Money(7_260, "JPY")
