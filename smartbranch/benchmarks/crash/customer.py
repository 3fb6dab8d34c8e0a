"""What a crash trial's customer does at the kiosk, and which device faults strike them.

A plan is data (it crosses the lab's pipe as JSON): a withdrawal or a deposit, the notes,
whether the customer cancels, the faults injected into the first life and the seeded
fault rate. The same customer action keys are used in every life of a trial, so a life
after a restart retries exactly the first request, as a kiosk screen re-sending it would.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field, replace

from hardware.card_reader import CardData
from hardware.faults import Fault
from hardware.xfs import DeviceEventName
from kiosk.flows import ledger_key

VISIT_S = 15.0  # the longest one customer step may take before the script gives up
POLL_S = 0.01
ENDED = ("idle", "ticket", "out_of_service")


@dataclass(frozen=True)
class Plan:
    """One trial's customer and faults; `faults`: (device, operation, fault, step) each."""

    name: str
    kind: str  # "withdraw" or "deposit"
    amount_minor: int = 0
    notes: tuple[int, ...] = ()
    cancel: bool = False
    faults: tuple[tuple[str, str, str, str], ...] = ()
    fault_rate: float = 0.0
    fault_seed: int = 0
    # The customer takes whatever the dispenser shows while the kiosk is dead.
    grab_during_outage: bool = False
    # The customer takes notes the moment they reach the exit (of a partial present too,
    # before the kiosk can take them back): counters that no longer close, a suspect.
    grab_at_present: bool = False
    keys: dict = field(default_factory=dict)

    @property
    def requested_minor(self) -> int:
        """The cash asked for under the trial's one withdrawal key (0 for a deposit)."""
        return self.amount_minor if self.kind == "withdraw" else 0

    def ledger_keys(self, kiosk_code: str) -> dict[str, str]:
        """The ledger idempotency key of each money action (what the flows derive)."""
        if self.kind == "withdraw":
            return {"cash_withdrawal": ledger_key(kiosk_code, self.keys["withdraw"])}
        return {"cash_deposit": ledger_key(kiosk_code, self.keys["confirm"])}


def with_keys(plan: Plan, trial_id: str) -> Plan:
    """Give the plan its trial's action keys."""
    keys = {"withdraw": f"{trial_id}-w", "deposit": f"{trial_id}-d", "confirm": f"{trial_id}-c"}
    return replace(plan, keys=keys)


def inject(devices, plan: Plan) -> None:
    for device, operation, fault, step in plan.faults:
        devices.faults[device].inject(operation, Fault(fault), step)
    if plan.grab_at_present:
        dispenser = devices.cash_dispenser
        dispenser.add_listener(
            lambda event: event.name == DeviceEventName.CASH_PRESENTED and dispenser.take_cash())


# The scripted sweep: every path of the withdrawal and deposit machines, one plan each.
WITHDRAW = 12_000
DEPOSIT = (2000, 2000, 1000, 500)
SCRIPTED = (
    Plan("withdraw_taken", "withdraw", WITHDRAW),
    Plan("withdraw_not_taken_retracted", "withdraw", WITHDRAW,
         faults=(("cash_dispenser", "wait_for_take", "not_taken", ""),)),
    Plan("withdraw_retract_jams", "withdraw", WITHDRAW,
         faults=(("cash_dispenser", "wait_for_take", "not_taken", ""),
                 ("cash_dispenser", "retract", "jam", ""))),
    Plan("dispense_failed_nothing_out", "withdraw", WITHDRAW,
         faults=(("cash_dispenser", "dispense", "cassette_empty", ""),)),
    Plan("dispense_jams", "withdraw", WITHDRAW,
         faults=(("cash_dispenser", "dispense", "jam", ""),)),
    Plan("shutter_fails_notes_rejected", "withdraw", WITHDRAW,
         faults=(("cash_dispenser", "present", "shutter", ""),)),
    Plan("partial_present", "withdraw", WITHDRAW,
         faults=(("cash_dispenser", "present", "partial_present", ""),)),
    Plan("partial_present_grabbed", "withdraw", WITHDRAW, grab_at_present=True,
         faults=(("cash_dispenser", "present", "partial_present", ""),)),
    Plan("present_position_unknown", "withdraw", WITHDRAW,
         faults=(("cash_dispenser", "present", "unknown_position", ""),)),
    Plan("dispenser_power_lost_stacking", "withdraw", WITHDRAW,
         faults=(("cash_dispenser", "dispense", "power_loss", "stack"),)),
    Plan("deposit_accepted", "deposit", notes=DEPOSIT),
    Plan("deposit_cancelled_rolled_back", "deposit", notes=DEPOSIT, cancel=True),
    Plan("deposit_store_jams", "deposit", notes=DEPOSIT,
         faults=(("cash_acceptor", "cash_in_end", "jam", ""),)),
    Plan("acceptor_power_lost_storing", "deposit", notes=DEPOSIT,
         faults=(("cash_acceptor", "cash_in_end", "power_loss", "store"),)),
    Plan("deposit_rollback_shutter_fails", "deposit", notes=DEPOSIT, cancel=True,
         faults=(("cash_acceptor", "cash_in_rollback", "shutter", ""),)),
)


class Customer:
    """Drive one visit on a running agent: card, PIN, the plan's transaction, finish."""

    def __init__(self, agent, world, plan: Plan):
        self.agent, self.world, self.plan = agent, world, plan

    def visit(self) -> str:
        """Run the visit; return how it ended (the script gives up on a screen it did not
        expect: faults send customers to the counter)."""
        try:
            return self._visit()
        except TimeoutError as exc:
            return f"gave up: {str(exc)[:120]}"
        finally:
            self._wait(lambda s: s["screen"] in ENDED)

    def _visit(self) -> str:
        agent = self.agent
        # A kiosk the teller just put back in service shows it on its next idle cycle.
        self._wait(lambda s: s["screen"] == "idle" and s["in_service"])
        if not agent.devices.card_reader.insert_card(CardData(self.world.pan, "3012")):
            return "card not taken in"
        screen = self._wait(lambda s: s["screen"] not in ("idle", "reading"))
        if screen != "pin":
            return f"no PIN screen: {screen}"
        agent.devices.pin_pad.type_pin(self.world.pin)
        screen = self._wait(lambda s: s["screen"] not in ("pin", "reading"))
        if screen != "menu":
            return f"no menu: {screen}"
        ended = self._withdraw() if self.plan.kind == "withdraw" else self._deposit()
        # The flow answers the action a moment before it puts the menu back.
        if self._wait(lambda s: s["screen"] in ("menu", *ENDED)) == "menu":
            self._act("finish", uuid.uuid4().hex)
        return ended

    def _withdraw(self) -> str:
        record = self._act("withdraw", self.plan.keys["withdraw"],
                           amount_minor=self.plan.amount_minor)
        return f"withdraw {record.status}"

    def _deposit(self) -> str:
        agent = self.agent
        agent.submit({"action": "deposit", "idempotency_key": self.plan.keys["deposit"]})
        if self._wait(lambda s: s["screen"] != "menu") != "insert_notes":
            return "no note slot"
        if not agent.devices.cash_acceptor.insert_notes(list(self.plan.notes)):
            return "notes not taken in"
        if self._wait(lambda s: s["screen"] != "insert_notes") != "confirm_deposit":
            return "nothing to confirm"
        choice = "deposit_cancel" if self.plan.cancel else "deposit_confirm"
        record = self._act(choice, self.plan.keys["confirm"])
        return f"{choice} {record.status}"

    def _act(self, action: str, key: str, **fields):
        record = self.agent.submit({"action": action, "idempotency_key": key, **fields})
        if not record.done.wait(VISIT_S):
            raise TimeoutError(f"{action} did not finish")
        return record

    def _wait(self, predicate) -> str:
        """Wait for a screen; polled more often than agent.wait_for (thousands of visits)."""
        deadline = time.monotonic() + VISIT_S
        while True:
            state = self.agent.snapshot()
            if predicate(state):
                return state["screen"]
            if time.monotonic() > deadline:
                raise TimeoutError(f"kiosk {self.world.kiosk_code} stuck at {state['screen']}")
            time.sleep(POLL_S)
