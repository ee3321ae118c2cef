"""Reconciliation of the payments ledger between ledger-mysql and ledger-pg."""

__version__ = "3.0.0"
