"""Balance, mini statement, transfers, bill payments and digital-wallet binding."""

from __future__ import annotations

from sqlalchemy.orm import Session

from kiosk.actions import ActionRecord, ActionStatus
from kiosk.flows import ledger_key, risk
from kiosk.screen import Screen
from kiosk.station import CardHolder, Station
from shared.i18n.text import N_, Text
from shared.models import Account, SignalKind
from shared.models.money import WalletProvider
from shared.money import ledger, payments
from shared.money import wallet as wallets
from shared.money.format import Amount, format_money
from shared.money.ledger import Limits, PostResult

WALLET_CONSENT_VERSION = "wallet-binding-v1"


def _account_id(holder: CardHolder, record: ActionRecord, field: str = "account_id") -> int:
    account_id = record.action.get(field) or holder.card.account_id
    if not holder.owns(account_id):
        raise ledger.AccountUnavailable("that is not one of your accounts")
    return account_id


def _read_balance(session: Session, account_id: int) -> tuple[str, int, int | None]:
    account = session.get(Account, account_id)
    return account.number, account.balance_minor, ledger.available_minor(account)


def balance(station: Station, holder: CardHolder, record: ActionRecord) -> dict:
    number, balance_minor, available = station.unit_of_work(
        _read_balance, _account_id(holder, record))
    return {"kind": "balance", "account_number": number, "balance_minor": balance_minor,
            "available_minor": available,
            "message": Text("Balance %(amount)s", amount=Amount(balance_minor, station.currency)),
            "receipt_lines": [Text("Account %(number)s", number=number),
                              Text("Balance %(amount)s",
                                   amount=Amount(balance_minor, station.currency))]}


def statement(station: Station, holder: CardHolder, record: ActionRecord) -> dict:
    lines = station.unit_of_work(ledger.mini_statement, _account_id(holder, record), limit=10)
    return {"kind": "statement", "lines": lines, "message": N_("Your last transactions"),
            "receipt_lines": [f"{line['posted_at'][:10]} {line['description'][:22]} "
                              f"{format_money(line['amount_minor'], station.currency)}"
                              for line in lines]}


def _paid(kind: str, result: PostResult, **shown) -> dict:
    """What the screen and the action's outcome say about a payment that posted."""
    return {"kind": kind, "transaction_id": result.transaction_id,
            "amount_minor": result.response["amount_minor"], "replayed": result.replayed,
            **shown}


def transfer(station: Station, holder: CardHolder, record: ActionRecord) -> dict:
    action = record.action
    source = _account_id(holder, record, "from_account_id")
    to_id = action.get("to_account_id")
    if to_id is not None and not holder.owns(to_id):
        raise ledger.AccountUnavailable("name another customer's account by its number")
    amount = int(action.get("amount_minor") or 0)
    if to_id is None:  # money to someone else; a move between one's own accounts is no risk
        risk.screen(station, holder, SignalKind.TRANSFER, service="accounts",
                    context={"step": "transfer", "amount_minor": amount,
                             "to_account_number": action.get("to_account_number") or ""},
                    amount_minor=amount,
                    counterparty=str(action.get("to_account_number") or "").replace(" ", ""))
    station.show(Screen.BUSY, N_("Sending your transfer..."))
    result = station.unit_of_work(
        payments.transfer, customer_id=holder.customer_id, from_account_id=source,
        amount_minor=amount,
        idempotency_key=ledger_key(station.kiosk.code, record.key), to_account_id=to_id,
        to_account_number=action.get("to_account_number"),
        reference=action.get("reference") or "", device_id=station.kiosk.device_id,
        limits=Limits.from_settings(station.settings))
    to_number = result.response["to_number"]
    paid = Amount(result.response["amount_minor"], station.currency)
    return _paid("transfer", result, to_number=to_number,
                 message=Text("Sent %(amount)s to %(account)s.", account=to_number, amount=paid),
                 receipt_lines=[Text("Transfer %(amount)s", amount=paid),
                                Text("To %(account)s", account=to_number)])


def bill(station: Station, holder: CardHolder, record: ActionRecord) -> dict:
    action = record.action
    source = _account_id(holder, record, "from_account_id")
    amount = int(action.get("amount_minor") or 0)
    risk.screen(station, holder, SignalKind.BILL, service="accounts",
                context={"step": "bill", "amount_minor": amount,
                         "biller_code": action.get("biller_code") or ""},
                amount_minor=amount, counterparty=action.get("biller_code") or "")
    station.show(Screen.BUSY, N_("Paying your bill..."))
    result = station.unit_of_work(
        payments.pay_bill, customer_id=holder.customer_id, from_account_id=source,
        biller_code=action.get("biller_code") or "", reference=action.get("reference") or "",
        amount_minor=amount,
        idempotency_key=ledger_key(station.kiosk.code, record.key),
        device_id=station.kiosk.device_id, limits=Limits.from_settings(station.settings))
    biller, reference = result.response["biller"], result.response["reference"]
    paid = Amount(result.response["amount_minor"], station.currency)
    return _paid("bill", result, biller=biller,
                 message=Text("Paid %(amount)s to %(biller)s.", biller=biller, amount=paid),
                 receipt_lines=[Text("Bill %(biller)s ref %(reference)s", biller=biller,
                                     reference=reference),
                                Text("Amount %(amount)s", amount=paid)])


def _bind_wallet(session: Session, station: Station, holder: CardHolder, account_id: int,
                 action: dict) -> tuple[int, str, str]:
    token, code = wallets.start_binding(
        session, customer_id=holder.customer_id, account_id=account_id,
        provider=action.get("provider") or "", consent_given=bool(action.get("consent")),
        consent_text_version=WALLET_CONSENT_VERSION, device_id=station.kiosk.device_id,
        card_reference=f"****{holder.card.last4}",
        ttl_seconds=station.settings.ledger.wallet_code_ttl_seconds)
    return token.id, str(token.provider), code


def wallet(station: Station, holder: CardHolder, record: ActionRecord) -> dict:
    """Bind the card to a wallet: the customer consents; the kiosk shows the one-time code."""
    risk.screen(station, holder, SignalKind.WALLET_BIND, service="cards",
                context={"step": "wallet", "provider": record.action.get("provider") or ""},
                counterparty=record.action.get("provider") or "")
    binding_id, provider, code = station.unit_of_work(
        _bind_wallet, station, holder, _account_id(holder, record), record.action)
    # The code is shown on screen only while this customer is here; it is not returned in
    # the action's outcome (replays of the request must not reveal it again).
    name = Text(wallets.PROVIDER_NAMES[WalletProvider(provider)])  # translated where shown
    station.show(Screen.WALLET_CODE, Text("Open your %(wallet)s app and type this code.",
                                          wallet=name), wallet={
                     "binding_id": binding_id, "provider": provider, "code": code,
                     "expires_in_s": station.settings.ledger.wallet_code_ttl_seconds})
    record.finish(ActionStatus.DONE, kind="wallet", binding_id=binding_id, provider=provider)
    next_step = station.next_action(station.timeouts.inactivity_timeout_s)
    station.forget("wallet")
    if next_step is not None:
        next_step.finish(ActionStatus.DONE)
    return {"kind": "wallet", "binding_id": binding_id, "provider": provider,
            "message": N_("Wallet binding started; finish it in your wallet app.")}
