"""Reads the nightly CSV exports of both ledgers (ledgerctl export --format csv).

Exercised by the nightly reconciliation job against real exports rather than by unit tests.
"""

from __future__ import annotations

import csv
from datetime import datetime
from typing import Iterable

from .entries import Entry, Kind

COLUMNS = ["id", "merchant", "kind", "amount", "currency", "booked_at", "parent", "legacy_id"]


def read_export(lines: Iterable[str]) -> list[Entry]:
    reader = csv.DictReader(lines)
    if reader.fieldnames is None or [name.strip() for name in reader.fieldnames] != COLUMNS:
        raise ValueError(f"expected the columns {', '.join(COLUMNS)}")
    entries = []
    for row in reader:
        entries.append(
            Entry(
                id=row["id"],
                merchant=row["merchant"],
                kind=Kind(row["kind"]),
                amount=int(row["amount"]),
                currency=row["currency"],
                booked_at=datetime.fromisoformat(row["booked_at"]),
                parent=row["parent"] or None,
                legacy_id=row["legacy_id"] or None,
            )
        )
    return entries
