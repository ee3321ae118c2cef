from ledger_recon.entries import Entry, Kind
from ledger_recon.reconcile import check_refunds

from .conftest import SWITCH, at


def test_refunds_backfilled_from_mysql_find_their_capture(pg_backfill, ids):
    report = check_refunds(pg_backfill, ids)
    assert report.orphaned == []
    assert report.over_refunded == []


def test_a_refund_written_after_the_switch_finds_a_capture_written_after_it(ids):
    capture = Entry("le_9d8c7b6a", "m_4411", Kind.CAPTURE, 7_000, "EUR", SWITCH)
    refund = Entry("le_9d8c7b6b", "m_4411", Kind.REFUND, -7_000, "EUR", SWITCH, parent=capture.id)
    report = check_refunds([capture, refund], ids)
    assert report.orphaned == []


def test_reconcile_refunds_across_cutover(pg_backfill, ids):
    # A merchant refunds, after the switch, a payment captured on ledger-mysql before it. The
    # refund API takes the payment id the merchant knows, which is the MySQL id.
    refund = Entry("le_3f2e1d0c", "m_4411", Kind.REFUND, -2_500, "EUR", SWITCH, parent="81234567")
    report = check_refunds(pg_backfill + [refund], ids)
    assert report.orphaned == [], "refunds across the cutover lost their capture"
    assert report.totals_pg["EUR"] == 9_820


def test_a_refund_beyond_the_captured_amount_is_flagged(pg_backfill, ids):
    refund = Entry("le_77aa88bb", "m_7702", Kind.REFUND, -80_000, "JPY", SWITCH, parent="le_1a2b3c4d")
    report = check_refunds(pg_backfill + [refund], ids)
    assert report.over_refunded == ["le_77aa88bb"]


def test_a_chargeback_without_a_parent_is_orphaned(pg_backfill, ids):
    chargeback = Entry("le_cb000001", "m_0913", Kind.CHARGEBACK, -4_999, "GBP", at(30, 18))
    report = check_refunds(pg_backfill + [chargeback], ids)
    assert report.orphaned == ["le_cb000001"]
