"""Statement files: OFX and the CSV shapes UK banks export, kept once, all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from shared.models import ExternalAccount, ExternalTransaction
from shared.models.enums import ConsentChannel
from shared.openbanking import consents
from shared.openbanking.errors import ConsentError, StatementError
from shared.openbanking.statement_csv import read_csv
from shared.openbanking.statements import detect_format, import_statement, read_statement
from tests.shared.openbanking.conftest import NOW

# ofxparse still calls BeautifulSoup's old findAll; the warning is theirs to fix.
pytestmark = pytest.mark.filterwarnings("ignore:Call to deprecated method findAll")
OFX = (Path(__file__).parent / "data" / "statement.ofx").read_bytes()

SIMPLE = b"""Date,Description,Amount,Balance
01/05/2025,SO RENT FLAT 2,-950.00,1050.00
03/05/2025,CARD PAYMENT TO PRET A MANGER ON 02 MAY,-3.10,1046.90
03/05/2025,CARD PAYMENT TO PRET A MANGER ON 02 MAY,-3.10,1043.80
25/05/2025,FASTER PAYMENT FROM ACME LTD SALARY,"2,450.17",3493.97
"""
# Nationwide-like: a preamble, then "Paid out" and "Paid in" with pound signs, newest first.
PREAMBLE = """"Account Name:","FlexAccount ****4567"
"Account Balance:","\xa31,046.90"
"Available Balance: ","\xa31,046.90"

"Date","Transaction type","Description","Paid out","Paid in","Balance"
"03 May 2025","Visa purchase","PRET A MANGER","\xa33.10","","\xa31,046.90"
"02 May 2025","Direct debit","BRITISH GAS","\xa384.00","","\xa31,050.00"
"01 May 2025","Bank credit","ACME LTD SALARY","","\xa32,450.17","\xa31,134.00"
""".encode("cp1252")
# Lloyds-like: debit and credit columns, an account number column, a type code.
LLOYDS = b"""Transaction Date,Transaction Type,Sort Code,Account Number,Transaction Description,\
Debit Amount,Credit Amount,Balance
05/05/2025,DD,'30-94-57,12345678,BRITISH GAS,84.00,,916.00
01/05/2025,SO,'30-94-57,12345678,RENT FLAT 2,950.00,,1000.00
28/04/2025,FPI,'30-94-57,12345678,ACME LTD SALARY,,2450.17,1950.00
"""
# ISO dates, semicolons, a currency column.
ISO = b"""Booking Date;Narrative;Amount;Currency
2025-05-02;CARREFOUR CITY PARIS;-12.40;EUR
2025-05-03;UBER TRIP;-8.00;EUR
"""


@pytest.fixture
def statement_consent(db_session, scene):
    return consents.grant(db_session, None, scene["customer"].id, consents.STATEMENT,
                          ["accounts", "balances", "transactions"], 30,
                          ConsentChannel.COUNTER, scene["staff"].id, scene["branch"].id, NOW)


def _stored(session, consent_id: int) -> int:
    return session.scalar(
        select(func.count()).select_from(ExternalTransaction)
        .join(ExternalAccount, ExternalAccount.id == ExternalTransaction.account_id)
        .where(ExternalAccount.consent_id == consent_id))


def test_detects_ofx_and_csv():
    assert detect_format(OFX) == "ofx"
    assert detect_format(b'<?xml version="1.0"?>\n<?OFX OFXHEADER="200"?><OFX></OFX>') == "ofx"
    assert detect_format(SIMPLE, "may.csv") == "csv"


def test_an_ofx_statement_is_imported_once(db_session, statement_consent, scene):
    first = import_statement(db_session, statement_consent, OFX, "may.ofx", NOW,
                             staff_id=scene["staff"].id)
    assert (first.format, first.accounts, first.new_transactions) == ("ofx", 1, 5)
    account = db_session.scalars(select(ExternalAccount).where(
        ExternalAccount.consent_id == statement_consent.id)).one()
    assert account.masked_identification == "4567" and "71234567" not in account.remote_id
    assert account.balance_minor == 138960 and account.name == "Harbour Building Society"
    amounts = {t.remote_id: (t.amount_minor, t.kind) for t in db_session.scalars(
        select(ExternalTransaction).where(ExternalTransaction.account_id == account.id))}
    assert amounts["HBS20250525001"] == (245017, "bank_transfer_in")
    assert amounts["HBS20250501001"] == (-95000, "standing_order")
    again = import_statement(db_session, statement_consent, OFX, "may.ofx", NOW)
    assert (again.new_transactions, again.duplicates) == (0, 5)
    assert _stored(db_session, statement_consent.id) == 5


def test_a_simple_csv_keeps_equal_rows_apart_and_is_imported_once(db_session,
                                                                   statement_consent):
    first = import_statement(db_session, statement_consent, SIMPLE, "may.csv", NOW)
    assert (first.format, first.new_transactions) == ("csv", 4)  # the two coffees are two
    account = db_session.scalars(select(ExternalAccount).where(
        ExternalAccount.consent_id == statement_consent.id)).one()
    assert account.balance_minor == 349397 and account.name == "may"
    assert sorted(db_session.scalars(select(ExternalTransaction.amount_minor))) == [
        -95000, -310, -310, 245017]
    again = import_statement(db_session, statement_consent, SIMPLE, "may.csv", NOW)
    assert (again.new_transactions, again.duplicates) == (0, 4)


def test_csv_with_a_preamble_and_paid_in_and_out_columns():
    (account,) = read_csv(PREAMBLE, "FlexAccount")
    amounts = [(t.booked_at.date().isoformat(), t.amount_minor, t.description)
               for t in account.transactions]
    assert amounts == [("2025-05-03", -310, "PRET A MANGER"), ("2025-05-02", -8400, "BRITISH GAS"),
                       ("2025-05-01", 245017, "ACME LTD SALARY")]
    assert account.transactions[1].kind == "direct_debit"
    assert account.balance.amount_minor == 104690  # newest first: the first row's balance


def test_csv_with_debit_and_credit_columns_and_account_numbers():
    (account,) = read_csv(LLOYDS)
    assert account.account.masked_identification == "5678"
    assert "12345678" not in account.account.account_id
    assert [(t.amount_minor, t.kind) for t in account.transactions] == [
        (-8400, "direct_debit"), (-95000, "standing_order"), (245017, "bank_transfer_in")]
    assert account.balance.amount_minor == 91600


def test_csv_with_iso_dates_semicolons_and_a_currency():
    (account,) = read_csv(ISO)
    assert account.account.currency == "EUR"
    assert [(t.booked_at.day, t.amount_minor, t.currency) for t in account.transactions] == [
        (2, -1240, "EUR"), (3, -800, "EUR")]
    assert account.balance is None


def test_csv_with_the_banks_own_ids_keeps_them_and_takes_the_kind_given():
    data = (b"Transaction ID,Date,Time,Type,Name,Amount,Currency,Description\n"
            b"tx_0001,02/05/2025,08:01:00,Card payment,Pret,-3.10,GBP,PRET A MANGER\n"
            b"tx_0002,02/05/2025,08:40:00,Card payment,Pret,-3.10,GBP,PRET A MANGER\n")
    (account,) = read_csv(data, "Card", account_kind="credit_card")
    assert [t.transaction_id for t in account.transactions] == ["id:tx_0001", "id:tx_0002"]
    assert [(t.counterparty, t.kind) for t in account.transactions] == [
        ("Pret", "card_payment")] * 2
    assert account.account.kind == "credit_card"


def test_month_first_dates_are_recognised_when_the_file_shows_them():
    data = b"Date,Description,Amount\n05/02/2025,A,-1.00\n05/13/2025,B,-2.00\n"
    (account,) = read_csv(data)
    assert [t.booked_at.date().isoformat() for t in account.transactions] == [
        "2025-05-02", "2025-05-13"]


@pytest.mark.parametrize("data, code", [
    (OFX[: len(OFX) // 2], "corrupt_ofx"),
    (OFX.replace(b"<TRNAMT>-84.00", b"<TRNAMT>-84.0x"), "corrupt_ofx"),
    (SIMPLE.replace(b"25/05/2025", b"31/02/2025"), "bad_date"),
    (SIMPLE.replace(b"-950.00", b"-950.005"), "bad_amount"),
    (SIMPLE.replace(b"-3.10,1046.90", b"lots,1046.90"), "bad_amount"),
    (b"Name,Colour\nAda,green\n", "no_columns"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "unknown_format"),
    (b"Date,Description,Amount\n", "empty_statement"),
    (b"", "empty_statement"),
])
def test_a_bad_file_is_refused_whole_and_writes_nothing(db_session, statement_consent, data,
                                                        code):
    with pytest.raises(StatementError) as caught:
        import_statement(db_session, statement_consent, data, "upload", NOW)
    assert caught.value.code == code
    assert _stored(db_session, statement_consent.id) == 0
    assert db_session.scalar(select(func.count()).select_from(ExternalAccount).where(
        ExternalAccount.consent_id == statement_consent.id)) == 0


def test_the_bad_row_is_named():
    with pytest.raises(StatementError) as caught:
        read_statement(SIMPLE.replace(b"25/05/2025", b"31/02/2025"), "may.csv")
    assert caught.value.message.startswith("Row 5: '31/02/2025' is not a date")


def test_statements_need_a_statement_consent_still_active(db_session, statement_consent,
                                                          ob_client, scene):
    with pytest.raises(ConsentError) as caught:
        import_statement(db_session, statement_consent, SIMPLE, "may.csv",
                         statement_consent.expires_at)
    assert caught.value.code == "consent_inactive"
    bank_consent = consents.grant(db_session, ob_client, scene["customer"].id, "northwind",
                                  ["accounts"], 1, ConsentChannel.TABLET, None, None, NOW)
    with pytest.raises(ConsentError) as caught:
        import_statement(db_session, bank_consent, SIMPLE, "may.csv", NOW)
    assert caught.value.code == "not_a_statement_consent"


def test_only_what_the_consent_allows_is_kept(db_session, scene):
    consent = consents.grant(db_session, None, scene["customer"].id, consents.STATEMENT,
                             ["accounts", "transactions"], 30, ConsentChannel.KIOSK, None,
                             None, NOW)
    assert import_statement(db_session, consent, SIMPLE, "may.csv", NOW).new_transactions == 4
    account = db_session.scalars(select(ExternalAccount).where(
        ExternalAccount.consent_id == consent.id)).one()
    assert account.balance_minor is None
