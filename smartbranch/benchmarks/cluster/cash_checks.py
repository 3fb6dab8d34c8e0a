"""End check of the money: the notes in each simulated kiosk against the ledger.

The kiosk agents keep their dispenser's and acceptor's notes in files under their
`--state-dir` (hardware/state_file.py); this reads copies of them (never the files
themselves: a device built on a file writes to it) through the crash lab's own reading of
the physical side (crash/invariants.py `physical`), and compares with the ledger's side:
the postings of the kiosk's cash sessions, within its open suspects.

Per kiosk, with F the configured float and A0 the acceptor's starting notes:
  the ledger's machine cash F + A0 - (the kiosk cash account's postings of its sessions)
  minus the notes inside must lie in [-open suspect deposits, +open suspect withdrawals];
  notes taken by customers within [posted withdrawals, + suspect withdrawals], notes
  stored within [posted deposits, + suspect deposits]; otherwise a cash mismatch.
  Notes picked beyond every withdrawal's amount, or taken beyond the posted plus suspect
  ones: a double dispense. A session with two customer (or two kiosk cash) legs: a
  double posting.
Both sides must start together: a fresh state dir with a fresh database.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

from sqlalchemy import select

from hardware.cash import CassetteConfig
from hardware.cash_acceptor.simulator import CashAcceptorSimulator
from hardware.cash_dispenser.simulator import CashDispenserSimulator
from hardware.state_file import DeviceStateFile
from shared.models import Account, CashSession, Device, Posting
from shared.models.enums import DeviceKind
from shared.models.money import CashKind, CashSessionState
from shared.money.chart import kiosk_cash_account_number
from shared.settings import Settings, load_settings
from smartbranch.benchmarks.cluster.database import open_database
from smartbranch.benchmarks.crash.invariants import Physical, physical

DISPENSER = "cash_dispenser"
ACCEPTOR = "cash_acceptor"


@dataclass
class LedgerSide:
    """One kiosk's cash sessions as the ledger has them (minor units)."""

    kiosk_postings: int = 0  # on the kiosk cash account: + notes out, - notes in
    withdrawn: int = 0  # posted to customers' accounts by withdrawals (positive)
    deposited: int = 0
    requested: int = 0  # every withdrawal's amount, whatever became of it
    suspect_withdrawals: int = 0
    suspect_deposits: int = 0
    suspects: int = 0
    double_postings: list[str] = field(default_factory=list)


def _configs(layout) -> tuple[CassetteConfig, ...]:
    return tuple(CassetteConfig(c.unit_id, c.denomination_minor, c.count, c.capacity,
                                c.low_threshold) for c in layout)


def _value(configs: tuple[CassetteConfig, ...]) -> int:
    return sum(c.denomination_minor * c.count for c in configs)


def read_devices(state_dir: Path, code: str, settings: Settings) -> SimpleNamespace:
    """Build kiosk `code`'s dispenser and acceptor from copies of their state files."""
    kiosk = settings.kiosk
    with tempfile.TemporaryDirectory(prefix="sb-cash-check-") as copies:
        files = {}
        for name in (DISPENSER, ACCEPTOR):
            source = state_dir / f"{code}.{name}.json"
            target = Path(copies) / source.name
            if source.exists():
                shutil.copyfile(source, target)
            files[name] = DeviceStateFile(target)
        return SimpleNamespace(
            cash_dispenser=CashDispenserSimulator(
                _configs(kiosk.cassettes), currency=kiosk.currency,
                state_file=files[DISPENSER]),
            cash_acceptor=CashAcceptorSimulator(
                _configs(kiosk.deposit_cassettes), currency=kiosk.currency,
                state_file=files[ACCEPTOR]))


def ledger_side(session, device: Device) -> LedgerSide:
    """Sum the postings of the kiosk's cash sessions (see the module)."""
    side = LedgerSide()
    cash_account = session.scalar(select(Account.id).where(
        Account.number == kiosk_cash_account_number(device.code)))
    sessions = session.scalars(select(CashSession).where(CashSession.device_id == device.id))
    for cash in sessions:
        legs = session.execute(select(Posting.account_id, Posting.amount_minor).where(
            Posting.transaction_id == cash.transaction_id)).all()
        customer = [amount for account, amount in legs if account == cash.account_id]
        kiosk = [amount for account, amount in legs if account == cash_account]
        if len(customer) > 1 or len(kiosk) > 1:
            side.double_postings.append(
                f"{device.code}: {cash.kind} {cash.id} has {len(customer)} customer and "
                f"{len(kiosk)} kiosk cash legs")
        side.kiosk_postings += sum(kiosk)
        if cash.kind == CashKind.WITHDRAWAL:
            side.withdrawn -= sum(customer)
            side.requested += cash.amount_minor
        else:
            side.deposited += sum(customer)
        if cash.state == CashSessionState.SUSPECT:
            side.suspects += 1
            if cash.kind == CashKind.WITHDRAWAL:
                side.suspect_withdrawals += cash.amount_minor
            else:
                side.suspect_deposits += cash.amount_minor
    return side


def kiosk_problems(code: str, phys: Physical, side: LedgerSide, float_minor: int,
                   acceptor_start: int) -> tuple[list[str], list[str]]:
    """Return (cash mismatches, double dispenses) of one kiosk; empty lists when it holds."""
    mismatch: list[str] = []
    dispense: list[str] = []
    ws, ds = side.suspect_withdrawals, side.suspect_deposits
    ledger_cash = float_minor + acceptor_start - side.kiosk_postings
    gap = ledger_cash - phys.in_machine
    if not -ds <= gap <= ws:
        mismatch.append(f"{code}: notes inside {phys.in_machine}, ledger says {ledger_cash} "
                        f"(gap {gap} outside [-{ds}, {ws}])")
    if phys.taken < side.withdrawn:
        mismatch.append(f"{code}: customers took {phys.taken}, withdrawals posted "
                        f"{side.withdrawn}")
    if phys.taken > side.withdrawn + ws:
        dispense.append(f"{code}: customers took {phys.taken}, posted {side.withdrawn} "
                        f"+ suspect {ws}")
    if phys.picked > side.requested:
        dispense.append(f"{code}: {phys.picked} picked for {side.requested} requested")
    stored = phys.stored - acceptor_start
    if not side.deposited <= stored <= side.deposited + ds:
        mismatch.append(f"{code}: stored {stored}, deposits posted {side.deposited} "
                        f"+ suspect {ds}")
    # Notes held between places are the teller's to settle while a suspect is open.
    if phys.problems and not side.suspects:
        mismatch.extend(f"{code}: {problem}" for problem in phys.problems)
    return mismatch, dispense


def cash_checks(database_url: str, device_state_dir: str | Path, *,
                settings: Settings | None = None) -> dict:
    """Return cash_mismatch, double_dispense (kiosks), double_posting (sessions),
    open_suspects, and the problems found; call it with the kiosks idle."""
    settings = settings or load_settings()
    state_dir = Path(device_state_dir)
    float_minor = _value(_configs(settings.kiosk.cassettes))
    acceptor_start = _value(_configs(settings.kiosk.deposit_cassettes))
    with_files = {p.name.split(".")[0] for p in state_dir.glob(f"*.{DISPENSER}.json")}
    result = {"cash_mismatch": 0, "double_dispense": 0, "double_posting": 0,
              "open_suspects": 0, "kiosks": 0, "problems": []}
    database = open_database(database_url, settings)
    try:
        with database.session() as session:
            kiosks = session.scalars(select(Device).where(Device.kind == DeviceKind.KIOSK)
                                     .order_by(Device.code)).all()
            for device in kiosks:
                side = ledger_side(session, device)
                if device.code not in with_files:
                    if side.requested or side.deposited or side.suspects:
                        result["cash_mismatch"] += 1
                        result["problems"].append(f"{device.code}: cash sessions but no "
                                                  f"device state in {state_dir}")
                    continue
                result["kiosks"] += 1
                phys = physical(read_devices(state_dir, device.code, settings), float_minor)
                mismatch, dispense = kiosk_problems(device.code, phys, side, float_minor,
                                                    acceptor_start)
                result["cash_mismatch"] += bool(mismatch)
                result["double_dispense"] += bool(dispense)
                result["double_posting"] += len(side.double_postings)
                result["open_suspects"] += side.suspects
                result["problems"] += mismatch + dispense + side.double_postings
    finally:
        database.dispose()
    return result
