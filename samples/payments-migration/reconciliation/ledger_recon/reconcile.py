"""Compares the ledger on both sides of the cutover and explains every difference."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .entries import Entry, Kind
from .idmap import IdMap


@dataclass
class Report:
    totals_mysql: dict[str, int] = field(default_factory=dict)
    totals_pg: dict[str, int] = field(default_factory=dict)
    missing_on_pg: list[str] = field(default_factory=list)
    amount_mismatches: list[str] = field(default_factory=list)
    orphaned: list[str] = field(default_factory=list)
    over_refunded: list[str] = field(default_factory=list)

    @property
    def balanced(self) -> bool:
        return (
            self.totals_mysql == self.totals_pg
            and not self.missing_on_pg
            and not self.amount_mismatches
            and not self.orphaned
            and not self.over_refunded
        )


def totals(entries: list[Entry]) -> dict[str, int]:
    """Sum of amounts per currency."""
    sums: dict[str, int] = defaultdict(int)
    for entry in entries:
        sums[entry.currency] += entry.amount
    return dict(sorted(sums.items()))


def compare_backfill(mysql: list[Entry], pg: list[Entry], ids: IdMap) -> Report:
    """Entries written before the switch: every MySQL entry must exist on ledger-pg unchanged."""
    report = Report(totals_mysql=totals(mysql), totals_pg=totals(pg))
    by_id = {entry.id: entry for entry in pg}
    for entry in mysql:
        pg_id = ids.to_pg(entry.id)
        copy = by_id.get(pg_id) if pg_id else None
        if copy is None:
            report.missing_on_pg.append(entry.id)
        elif (copy.amount, copy.currency, copy.merchant) != (
            entry.amount,
            entry.currency,
            entry.merchant,
        ):
            report.amount_mismatches.append(entry.id)
    return report


def check_refunds(entries: list[Entry], ids: IdMap) -> Report:
    """Every refund and chargeback on ledger-pg must point at a capture, and no capture may be
    refunded beyond its amount. Entries may have been written on either side of the switch."""
    report = Report(totals_pg=totals(entries), totals_mysql=totals(entries))
    captures = {entry.id: entry for entry in entries if entry.kind is Kind.CAPTURE}
    refunded: dict[str, int] = defaultdict(int)
    for entry in entries:
        if entry.kind not in (Kind.REFUND, Kind.CHARGEBACK):
            continue
        parent = _resolve_parent(entry, ids)
        if parent not in captures:
            report.orphaned.append(entry.id)
            continue
        refunded[parent] += -entry.amount
        if refunded[parent] > captures[parent].amount:
            report.over_refunded.append(entry.id)
    return report


def _resolve_parent(entry: Entry, ids: IdMap) -> str | None:
    """The ledger-pg id of the capture a refund belongs to."""
    if entry.parent is None:
        return None
    if entry.backfilled:
        # Copied from MySQL: the parent is a MySQL id and needs mapping.
        return ids.to_pg(entry.parent)
    # Written to ledger-pg after the switch: ledger-writer stores ledger-pg ids.
    return entry.parent
