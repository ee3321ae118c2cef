"""Ledger entries as both databases export them for reconciliation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum


class Kind(str, Enum):
    CAPTURE = "capture"
    REFUND = "refund"
    CHARGEBACK = "chargeback"
    FEE = "fee"


@dataclass(frozen=True)
class Entry:
    """One ledger entry. `parent` names the capture a refund or chargeback belongs to.

    Entries written to ledger-mysql have numeric ids ("81234567"); on ledger-pg every entry has
    an id of the form "le_<hex>", and the ones the backfill copied keep their MySQL id in
    `legacy_id`. Amounts are the merchant's view in minor units: captures are positive,
    refunds, chargebacks and fees negative.
    """

    id: str
    merchant: str
    kind: Kind
    amount: int
    currency: str
    booked_at: datetime
    parent: str | None = None
    legacy_id: str | None = None

    @property
    def backfilled(self) -> bool:
        """Copied from ledger-mysql by the backfill rather than written to ledger-pg."""
        return self.legacy_id is not None
