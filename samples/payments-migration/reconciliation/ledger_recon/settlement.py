"""Settlement batch totals, which finance compares with the bank files."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from .entries import Entry


def batch_totals(entries: list[Entry], start: datetime, end: datetime) -> dict[tuple[str, str], int]:
    """Net amount per (merchant, currency) booked in [start, end)."""
    if end <= start:
        raise ValueError("a settlement batch must end after it starts")
    sums: dict[tuple[str, str], int] = defaultdict(int)
    for entry in entries:
        if start <= entry.booked_at < end:
            sums[(entry.merchant, entry.currency)] += entry.amount
    return dict(sorted(sums.items()))


def payout(entries: list[Entry], merchant: str, currency: str) -> int:
    """What the merchant is paid; a negative net is carried over, never paid out."""
    net = sum(e.amount for e in entries if e.merchant == merchant and e.currency == currency)
    return max(net, 0)
