"""Balance, mini statement, transfers, bill payments and digital-wallet binding."""

from __future__ import annotations

from kiosk.agent import ActionRecord, ActionStatus, KioskAgent, Screen
from kiosk.flows import ledger_key
from kiosk.flows.session import CardSession
from shared.models import Account
from shared.money import ledger, payments
from shared.money import wallet as wallets
from shared.money.ledger import Limits

WALLET_CONSENT_VERSION = "wallet-binding-v1"


def _account_id(session: CardSession, record: ActionRecord, field: str = "account_id") -> int:
    account_id = record.action.get(field) or session.card.account_id
    if not session.owns(account_id):
        raise ledger.AccountUnavailable("that is not one of your accounts")
    return account_id


def _money(amount_minor: int) -> str:
    return f"{amount_minor / 100:,.2f}"


def balance(agent: KioskAgent, session: CardSession, record: ActionRecord) -> dict:
    account_id = _account_id(session, record)

    def read(s):
        account = s.get(Account, account_id)
        return account.number, account.balance_minor, ledger.available_minor(account)

    number, balance_minor, available = agent.unit_of_work(read)
    return {"kind": "balance", "account_number": number, "balance_minor": balance_minor,
            "available_minor": available,
            "message": f"Balance {_money(balance_minor)}",
            "receipt_lines": [f"Account {number}", f"Balance {_money(balance_minor)}"]}


def statement(agent: KioskAgent, session: CardSession, record: ActionRecord) -> dict:
    account_id = _account_id(session, record)
    lines = agent.unit_of_work(lambda s: ledger.mini_statement(s, account_id, limit=10))
    return {"kind": "statement", "lines": lines, "message": "Your last transactions",
            "receipt_lines": [f"{line['posted_at'][:10]} {line['description'][:22]} "
                              f"{_money(line['amount_minor'])}" for line in lines]}


def transfer(agent: KioskAgent, session: CardSession, record: ActionRecord) -> dict:
    action = record.action
    source = _account_id(session, record, "from_account_id")
    to_id = action.get("to_account_id")
    to_number = action.get("to_account_number")
    if to_id is not None and not session.owns(to_id):
        raise ledger.AccountUnavailable("name another customer's account by its number")
    agent.show(Screen.BUSY, "Sending your transfer...")
    result = agent.unit_of_work(lambda s: payments.transfer(
        s, customer_id=session.customer_id, from_account_id=source,
        amount_minor=int(action.get("amount_minor") or 0),
        idempotency_key=ledger_key(agent.kiosk.code, record.key),
        to_account_id=to_id, to_account_number=to_number,
        reference=action.get("reference") or "", device_id=agent.kiosk.device_id,
        limits=Limits.from_settings(agent.settings)))
    response = result.response
    return {"kind": "transfer", "transaction_id": result.transaction_id,
            "amount_minor": response["amount_minor"], "to_number": response["to_number"],
            "replayed": result.replayed,
            "message": f"Sent {_money(response['amount_minor'])} to {response['to_number']}.",
            "receipt_lines": [f"Transfer {_money(response['amount_minor'])}",
                              f"To {response['to_number']}"]}


def bill(agent: KioskAgent, session: CardSession, record: ActionRecord) -> dict:
    action = record.action
    source = _account_id(session, record, "from_account_id")
    agent.show(Screen.BUSY, "Paying your bill...")
    result = agent.unit_of_work(lambda s: payments.pay_bill(
        s, customer_id=session.customer_id, from_account_id=source,
        biller_code=action.get("biller_code") or "", reference=action.get("reference") or "",
        amount_minor=int(action.get("amount_minor") or 0),
        idempotency_key=ledger_key(agent.kiosk.code, record.key),
        device_id=agent.kiosk.device_id, limits=Limits.from_settings(agent.settings)))
    response = result.response
    return {"kind": "bill", "transaction_id": result.transaction_id,
            "amount_minor": response["amount_minor"], "biller": response["biller"],
            "replayed": result.replayed,
            "message": f"Paid {_money(response['amount_minor'])} to {response['biller']}.",
            "receipt_lines": [f"Bill {response['biller']} ref {response['reference']}",
                              f"Amount {_money(response['amount_minor'])}"]}


def wallet(agent: KioskAgent, session: CardSession, record: ActionRecord) -> dict:
    """Bind the card to a wallet: the customer consents; the kiosk shows the one-time code."""
    action = record.action
    account_id = _account_id(session, record)
    settings = agent.settings.ledger

    def bind(s):
        token, code = wallets.start_binding(
            s, customer_id=session.customer_id, account_id=account_id,
            provider=action.get("provider") or "", consent_given=bool(action.get("consent")),
            consent_text_version=WALLET_CONSENT_VERSION, device_id=agent.kiosk.device_id,
            card_reference=f"****{session.card.last4}",
            ttl_seconds=settings.wallet_code_ttl_seconds)
        return token.id, str(token.provider), code

    binding_id, provider, code = agent.unit_of_work(bind)
    # The code is shown on screen only while this customer is here; it is not returned in
    # the action's outcome (replays of the request must not reveal it again).
    agent.show(Screen.WALLET_CODE, f"Open your {provider.replace('_', ' ').title()} app and "
               "type this code.", wallet={"binding_id": binding_id, "provider": provider,
                                         "code": code,
                                         "expires_in_s": settings.wallet_code_ttl_seconds})
    record.finish(ActionStatus.DONE, kind="wallet", binding_id=binding_id, provider=provider)
    next_step = agent.next_action(agent.timeouts.inactivity_timeout_s)
    agent.forget("wallet")
    if next_step is not None:
        next_step.finish(ActionStatus.DONE)
    return {"kind": "wallet", "binding_id": binding_id, "provider": provider,
            "message": "Wallet binding started; finish it in your wallet app."}
