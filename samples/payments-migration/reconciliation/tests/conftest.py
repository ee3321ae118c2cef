from datetime import datetime, timezone

import pytest

from ledger_recon.entries import Entry, Kind
from ledger_recon.idmap import IdMap

SWITCH = datetime(2026, 12, 1, 23, 10, tzinfo=timezone.utc)


def at(day, hour=12):
    return datetime(2026, 11, day, hour, tzinfo=timezone.utc)


@pytest.fixture
def mysql_entries():
    return [
        Entry("81234567", "m_4411", Kind.CAPTURE, 12_500, "EUR", at(28)),
        Entry("81234568", "m_4411", Kind.FEE, -180, "EUR", at(28)),
        Entry("81234570", "m_7702", Kind.CAPTURE, 98_000, "JPY", at(29)),
        Entry("81234571", "m_7702", Kind.REFUND, -20_000, "JPY", at(30), parent="81234570"),
        Entry("81234575", "m_0913", Kind.CAPTURE, 4_999, "GBP", at(30)),
    ]


@pytest.fixture
def ids():
    return IdMap(
        {
            "81234567": "le_0c6f0f4e",
            "81234568": "le_0c6f0f4f",
            "81234570": "le_1a2b3c4d",
            "81234571": "le_1a2b3c4e",
            "81234575": "le_5e6f7a8b",
        }
    )


@pytest.fixture
def pg_backfill(mysql_entries, ids):
    """The same entries as the backfill wrote them to ledger-pg."""
    copies = []
    for entry in mysql_entries:
        copies.append(
            Entry(
                ids.to_pg(entry.id),
                entry.merchant,
                entry.kind,
                entry.amount,
                entry.currency,
                entry.booked_at,
                parent=entry.parent,
                legacy_id=entry.id,
            )
        )
    return copies
