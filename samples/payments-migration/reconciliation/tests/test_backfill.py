from ledger_recon.entries import Entry, Kind
from ledger_recon.idmap import IdMap
from ledger_recon.reconcile import compare_backfill, totals

from .conftest import at


def test_totals_per_currency_match_after_the_backfill(mysql_entries, pg_backfill, ids):
    report = compare_backfill(mysql_entries, pg_backfill, ids)
    assert report.totals_mysql == {"EUR": 12_320, "GBP": 4_999, "JPY": 78_000}
    assert report.totals_pg == report.totals_mysql
    assert report.balanced


def test_a_missing_entry_is_reported_by_its_mysql_id(mysql_entries, pg_backfill, ids):
    report = compare_backfill(mysql_entries, pg_backfill[:-1], ids)
    assert report.missing_on_pg == ["81234575"]
    assert not report.balanced


def test_an_unmapped_entry_counts_as_missing(mysql_entries, pg_backfill):
    report = compare_backfill(mysql_entries, pg_backfill, IdMap())
    assert len(report.missing_on_pg) == len(mysql_entries)


def test_an_amount_changed_by_the_copy_is_reported(mysql_entries, pg_backfill, ids):
    changed = list(pg_backfill)
    jpy = changed[2]
    changed[2] = Entry(jpy.id, jpy.merchant, jpy.kind, 97_999, jpy.currency, jpy.booked_at)
    report = compare_backfill(mysql_entries, changed, ids)
    assert report.amount_mismatches == ["81234570"]


def test_jpy_amounts_have_no_minor_units_to_round():
    entries = [Entry("1", "m_7702", Kind.CAPTURE, 333, "JPY", at(30))] * 3
    assert totals(entries) == {"JPY": 999}


def test_an_id_cannot_map_to_two_ledger_pg_ids(ids):
    try:
        ids.add("81234567", "le_ffffffff")
    except ValueError as error:
        assert "81234567" in str(error)
    else:
        raise AssertionError("a second mapping was accepted")
    assert ids.to_mysql("le_0c6f0f4e") == "81234567"
    assert len(ids) == 5
