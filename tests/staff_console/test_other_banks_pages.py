"""The 360's other-bank forms over HTTP: link with consent (fetched at once from a simulated
bank on a real port), revoke (what was fetched is gone), import a statement, correct a
category; refused without the customer's confirmation or the capability."""

import pytest
from sqlalchemy import func, select

from shared.models import (
    Account,
    CategoryCorrection,
    CustomerInsight,
    DataSharingConsent,
    ExternalTransaction,
    LedgerTransaction,
    Posting,
)
from shared.models.enums import AccountKind, Role
from shared.openbanking.consents import CONSENT_TEXT_VERSION
from shared.openbanking.simulated_bank import serve_simulated_bank
from shared.settings import OpenBankingProvider
from tests.factories import make_branch, make_customer, make_staff
from tests.web_helpers import csrf_token, sign_in


@pytest.fixture(scope="module")
def bank():
    handle = serve_simulated_bank(0, seed=3)
    yield handle
    handle.stop()


@pytest.fixture
def app(settings, database, bus, bank):
    from smartbranch.app import create_app

    provider = OpenBankingProvider(name="Northwind Bank (simulated)", base_url=bank.url,
                                   financial_id="0015800001SIMBANK", simulated=True)
    ours = settings.model_copy(update={"openbanking": settings.openbanking.model_copy(
        update={"providers": {"northwind": provider}, "attempts": 1})})
    app = create_app(ours, database=database, bus=bus)
    app.config.update(TESTING=True)
    return app


@pytest.fixture
def customer(db_session):
    branch = make_branch(db_session)
    make_staff(db_session, branch, Role.RELATIONSHIP_MANAGER, username="ob.rm")
    make_staff(db_session, branch, Role.TELLER, username="ob.teller")
    customer = make_customer(db_session, branch)
    db_session.commit()
    return customer


def _signed_in(app, username):
    client = app.test_client()
    sign_in(client, username)
    page = client.get("/staff/")
    return client, csrf_token(page.text)


def _count(session, model, **where):
    query = select(func.count()).select_from(model)
    for key, value in where.items():
        query = query.where(getattr(model, key) == value)
    return session.scalar(query)


def _link(client, token, customer_id, **extra):
    form = {"csrf_token": token, "provider": "northwind", "scope_accounts": "yes",
            "scope_balances": "yes", "scope_transactions": "yes", "days": "90",
            "text_version": CONSENT_TEXT_VERSION, "confirmed": "yes", **extra}
    return client.post(f"/staff/customers/{customer_id}/other-banks", data=form,
                       follow_redirects=True)


def test_link_fetches_at_once_and_revoke_deletes_everything(app, db_session, customer, bank):
    client, token = _signed_in(app, "ob.rm")
    page = _link(client, token, customer.id)
    assert page.status_code == 200 and "Linked: 2 account(s)" in page.text
    fetched = _count(db_session, ExternalTransaction, customer_id=customer.id)
    assert fetched > 100
    assert "Northwind Bank (simulated)" in page.text and "Revoke and delete" in page.text
    assert db_session.get(CustomerInsight, customer.id).stale_since is not None

    consent = db_session.scalar(select(DataSharingConsent).where(
        DataSharingConsent.customer_id == customer.id))
    again = client.post(f"/staff/customers/{customer.id}/other-banks/{consent.id}/refresh",
                        data={"csrf_token": token}, follow_redirects=True)
    assert "Fetched: 0 new transaction(s)." in again.text  # nothing new, nothing twice
    assert _count(db_session, ExternalTransaction, customer_id=customer.id) == fetched

    gone = client.post(f"/staff/customers/{customer.id}/other-banks/{consent.id}/revoke",
                       data={"csrf_token": token}, follow_redirects=True)
    assert f"2 account(s) and {fetched} transaction(s) deleted" in gone.text
    assert _count(db_session, ExternalTransaction, customer_id=customer.id) == 0
    db_session.expire_all()
    assert db_session.get(DataSharingConsent, consent.id).revoked_at is not None
    assert not bank.state.get(consent.remote_consent_id)  # the other bank was told


def test_nothing_is_linked_without_the_customers_confirmation(app, db_session, customer):
    client, token = _signed_in(app, "ob.rm")
    page = _link(client, token, customer.id, confirmed="")
    assert "the customer must read the text and confirm" in page.text
    assert _count(db_session, DataSharingConsent, customer_id=customer.id) == 0


def test_a_slow_bank_leaves_the_consent_and_says_why(app, db_session, customer, bank):
    from shared.openbanking.faults import BankFault

    bank.faults.inject("accounts", BankFault.SERVER_ERROR, times=1)
    client, token = _signed_in(app, "ob.rm")
    page = _link(client, token, customer.id)
    assert "the first fetch failed" in page.text and "had a problem answering" in page.text
    assert _count(db_session, ExternalTransaction, customer_id=customer.id) == 0


def test_a_teller_cannot_link_or_import(app, customer):
    client, token = _signed_in(app, "ob.teller")
    assert _link(client, token, customer.id).status_code == 403


def test_a_statement_is_imported_and_a_bad_one_writes_nothing(app, db_session, customer):
    from io import BytesIO

    client, token = _signed_in(app, "ob.rm")
    good = b"Date,Description,Amount\n01/11/2026,TESCO STORES 2041,-23.40\n" \
           b"02/11/2026,SALARY ACME LTD,2100.00\n"
    page = client.post(f"/staff/customers/{customer.id}/statements", data={
        "csrf_token": token, "text_version": CONSENT_TEXT_VERSION, "confirmed": "yes",
        "statement": (BytesIO(good), "november.csv")}, follow_redirects=True,
        content_type="multipart/form-data")
    assert "Imported 2 transaction(s)" in page.text
    bad = client.post(f"/staff/customers/{customer.id}/statements", data={
        "csrf_token": token, "text_version": CONSENT_TEXT_VERSION, "confirmed": "yes",
        "statement": (BytesIO(b"\x00\x01 not a statement"), "broken.ofx")},
        follow_redirects=True, content_type="multipart/form-data")
    assert "Not imported:" in bad.text
    assert _count(db_session, ExternalTransaction, customer_id=customer.id) == 2


def test_a_category_correction_is_kept_and_marks_the_insights_stale(app, db_session, customer):
    account = Account(number=f"CUR-OB-{customer.id}", customer_id=customer.id,
                      kind=AccountKind.CURRENT, name="Current account")
    db_session.add(account)
    db_session.flush()
    tx = LedgerTransaction(kind="card_payment", description="Card payment to Mystery Ltd",
                           amount_minor=1_500)
    db_session.add(tx)
    db_session.flush()
    db_session.add(Posting(transaction_id=tx.id, account_id=account.id, amount_minor=-1_500))
    db_session.commit()
    client, token = _signed_in(app, "ob.rm")
    page = client.post(f"/staff/customers/{customer.id}/categories", data={
        "csrf_token": token, "ref": f"ledger:{tx.id}", "category": "shopping"},
        follow_redirects=True)
    assert "Category saved" in page.text
    kept = db_session.scalar(select(CategoryCorrection).where(
        CategoryCorrection.ref == f"ledger:{tx.id}"))
    assert (kept.category, kept.amount_minor) == ("shopping", -1_500)
    assert db_session.get(CustomerInsight, customer.id).stale_since is not None
    other = client.post(f"/staff/customers/{customer.id}/categories", data={
        "csrf_token": token, "ref": "ledger:999999", "category": "shopping"},
        follow_redirects=True)
    assert "not this customer" in other.text
