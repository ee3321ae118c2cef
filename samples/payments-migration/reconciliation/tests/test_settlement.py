from datetime import datetime, timezone

import pytest

from ledger_recon.settlement import batch_totals, payout

from .conftest import at


def test_the_batch_holds_entries_booked_inside_its_window(pg_backfill):
    start = datetime(2026, 11, 28, tzinfo=timezone.utc)
    end = datetime(2026, 11, 29, tzinfo=timezone.utc)
    assert batch_totals(pg_backfill, start, end) == {("m_4411", "EUR"): 12_320}


def test_a_batch_must_end_after_it_starts(pg_backfill):
    with pytest.raises(ValueError):
        batch_totals(pg_backfill, at(29), at(28))


def test_payout_is_the_net_per_merchant_and_currency(pg_backfill):
    assert payout(pg_backfill, "m_7702", "JPY") == 78_000
    assert payout(pg_backfill, "m_0000", "EUR") == 0
