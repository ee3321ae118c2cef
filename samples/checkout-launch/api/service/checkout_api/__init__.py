"""checkout-v2: prices a cart, authorises the payment and places the order."""

__version__ = "2.4.0"
