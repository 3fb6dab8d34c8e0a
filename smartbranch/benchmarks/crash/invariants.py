"""Physical notes against the ledger, counted apart: what a crash must never break.

Physical side, read from the devices' persisted state (never from the ledger):
  T  notes the customer took from the dispenser; P  notes picked out of its cassettes;
  M  cash in the machine: dispenser cassettes, stacker, exit and bins, plus the acceptor's
     cassettes (notes in its escrow, transport or retract bin are the customer's, held);
  S  notes stored in the acceptor's cassettes (they start empty).
Ledger side: the kiosk cash account K (negative while it holds notes: -K is the cash the
ledger says is in the machine), the customer's postings on cash withdrawals Pw and cash
deposits Pd, the customer's held amount H, and the open suspects: withdrawals summing
Ws and deposits summing Ds (outcome unknown until the teller counts).

Invariants (exact means no suspect is open, Ws = Ds = 0):
  1. each device's notes sum to what was ever loaded or inserted (nothing lost on disk),
     and none is left in between: no notes in the dispenser's stacker or at its exit, none
     in the acceptor's tray, transport or escrow, no cash-in left open (the customer's
     notes are stored, given back or in a bin the teller empties);
  2. -Ds <= (-K) - M <= Ws: the machine's cash equals the ledger's, within the suspects,
     a withdrawal suspect only ever hiding notes that left, a deposit one notes stored;
  3. Pw <= T <= Pw + Ws: the customer never took more than posted plus unknown outcomes,
     and nothing was posted that was not taken; 4. Pd <= S <= Pd + Ds likewise;
  5. H = Ws: a suspect keeps its hold, nothing else holds; 6. the customer's balance is
     the opening plus Pd minus Pw; 7. no double dispense: P <= the amount requested under
     the trial's one idempotency key (P = 0 when it asked for no cash), and so T too;
  8. no double posting: one ledger transaction per key, with at most one customer leg;
  9. ledger.find_inconsistencies finds nothing; 10. the kiosk is out of service exactly
     while it has open suspects; 11. after recovery no session is left in a state whose
     outcome the database does not know (authorised, dispensing, presented, escrowed,
     accepting).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from hardware.cash import Notes
from shared.models import Account, Device, LedgerTransaction, Posting
from shared.models.enums import DeviceStatus
from shared.models.money import CashKind, CashSession, CashSessionState
from shared.money import ledger

S = CashSessionState
UNSETTLED = (S.AUTHORISED, S.DISPENSING, S.PRESENTED, S.ESCROWED, S.ACCEPTING)
DISPENSER_PLACES = ("stacker", "exit", "retract_bin", "reject_bin", "customer")
ACCEPTOR_PLACES = ("input", "transport", "escrow", "output", "retract_bin", "customer")


@dataclass(frozen=True)
class Physical:
    """The notes as the devices hold them (values in minor units)."""

    taken: int
    picked: int
    in_machine: int
    stored: int
    problems: tuple[str, ...]


@dataclass(frozen=True)
class Books:
    """The ledger's side of one trial's kiosk and customer."""

    kiosk_cash: int
    withdrawn: int
    deposited: int
    held: int
    balance: int
    suspect_withdrawals: int
    suspect_deposits: int
    unsettled: tuple[str, ...]
    out_of_service: bool
    problems: tuple[str, ...]


def _value(notes: Notes) -> int:
    return notes.total_minor


def _conserved(name: str, device) -> list[str]:
    total = Notes()
    for notes in device.inventory().values():
        total += notes
    return [] if total == device.supplied else [
        f"{name}: notes in its places {total} != loaded or inserted {device.supplied}"]


def physical(devices, float_minor: int) -> Physical:
    """Read T, P, M and S from the dispenser and acceptor (see the module)."""
    dispenser, acceptor = devices.cash_dispenser, devices.cash_acceptor
    out = dispenser.inventory()
    cassettes = sum(_value(n) for place, n in out.items() if place not in DISPENSER_PLACES)
    inside = cassettes + sum(_value(out[p]) for p in DISPENSER_PLACES if p != "customer")
    back = acceptor.inventory()
    stored = sum(_value(n) for place, n in back.items() if place not in ACCEPTOR_PLACES)
    problems = _conserved("dispenser", dispenser) + _conserved("acceptor", acceptor)
    between = {f"dispenser {p}": out[p] for p in ("stacker", "exit")}
    between.update({f"acceptor {p}": back[p] for p in ("input", "transport", "escrow")})
    problems += [f"notes left in the {place}: {notes}" for place, notes in between.items()
                 if notes]
    if acceptor.status().cash_in_active:
        problems.append("a cash-in is still open on the acceptor")
    return Physical(taken=_value(out["customer"]), picked=float_minor - cassettes,
                    in_machine=inside + stored, stored=stored, problems=tuple(problems))


def books(session, world, keys: dict[str, str]) -> Books:
    """Read the ledger's side; `keys` maps kind -> the trial's ledger idempotency key."""
    problems = list(ledger.find_inconsistencies(session, [world.account_id,
                                                          world.cash_account_id]))
    sessions = list(session.scalars(select(CashSession).where(
        CashSession.device_id == world.kiosk_id).execution_options(populate_existing=True)))
    postings = session.execute(
        select(LedgerTransaction.kind, LedgerTransaction.idempotency_key,
               func.count(Posting.id), func.sum(Posting.amount_minor))
        .join(Posting, Posting.transaction_id == LedgerTransaction.id)
        .where(Posting.account_id == world.account_id,
               LedgerTransaction.kind.in_(("cash_withdrawal", "cash_deposit")))
        .group_by(LedgerTransaction.id, LedgerTransaction.kind,
                  LedgerTransaction.idempotency_key)).all()
    withdrawn = deposited = 0
    for kind, key, legs, amount in postings:
        if legs > 1:
            problems.append(f"double posting: {legs} customer legs under key {key}")
        if key not in keys.values():
            problems.append(f"a {kind} under a key the trial never used: {key}")
        if kind == "cash_withdrawal":
            withdrawn -= amount
        else:
            deposited += amount
    transactions = session.scalar(select(func.count(LedgerTransaction.id)).where(
        LedgerTransaction.device_id == world.kiosk_id,
        LedgerTransaction.kind.in_(("cash_withdrawal", "cash_deposit"))))
    if transactions > len(keys):
        problems.append(f"{transactions} cash transactions for {len(keys)} keys")
    suspects = [c for c in sessions if c.state == S.SUSPECT]
    account = session.get(Account, world.account_id, populate_existing=True)
    cash = session.get(Account, world.cash_account_id, populate_existing=True)
    kiosk = session.get(Device, world.kiosk_id, populate_existing=True)
    return Books(
        kiosk_cash=cash.balance_minor, withdrawn=withdrawn, deposited=deposited,
        held=account.held_minor, balance=account.balance_minor,
        suspect_withdrawals=sum(c.amount_minor for c in suspects
                                if c.kind == CashKind.WITHDRAWAL),
        suspect_deposits=sum(c.amount_minor for c in suspects if c.kind == CashKind.DEPOSIT),
        unsettled=tuple(f"{c.kind} {c.id} {c.state}" for c in sessions
                        if c.state in UNSETTLED),
        out_of_service=kiosk.status == DeviceStatus.OUT_OF_SERVICE,
        problems=tuple(problems))


def broken(world, phys: Physical, book: Books, requested_minor: int) -> list[str]:
    """Return every invariant of the module that does not hold (empty: all hold).

    Call it only while no flow is under way, after the agent's recovery has run.
    """
    problems = list(phys.problems) + list(book.problems)
    ws, ds = book.suspect_withdrawals, book.suspect_deposits
    gap = -book.kiosk_cash - phys.in_machine
    if not -ds <= gap <= ws:
        problems.append(f"machine cash {phys.in_machine} vs ledger {-book.kiosk_cash}: "
                        f"gap {gap} outside [-{ds}, {ws}]")
    if not book.withdrawn <= phys.taken <= book.withdrawn + ws:
        problems.append(f"customer took {phys.taken}, posted {book.withdrawn}, "
                        f"suspect withdrawals {ws}")
    if not book.deposited <= phys.stored <= book.deposited + ds:
        problems.append(f"stored {phys.stored}, credited {book.deposited}, "
                        f"suspect deposits {ds}")
    if book.held != ws:
        problems.append(f"held {book.held} != suspect withdrawals {ws}")
    if book.balance != world.funded_minor - book.withdrawn + book.deposited:
        problems.append(f"balance {book.balance} != opening {world.funded_minor} "
                        f"- {book.withdrawn} + {book.deposited}")
    if phys.picked > requested_minor or phys.taken > requested_minor:
        problems.append(f"double dispense: picked {phys.picked}, taken {phys.taken}, "
                        f"requested {requested_minor}")
    if book.out_of_service != bool(ws or ds):
        problems.append(f"out of service {book.out_of_service} with suspects {ws}, {ds}")
    if book.unsettled:
        problems.append(f"sessions left unsettled: {', '.join(book.unsettled)}")
    return problems
