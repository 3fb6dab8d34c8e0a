"""The words devices.js writes on the simulator control page, in the page's language.

Placeholders in braces ({amount}). The simulated devices, their operations, faults and states
are identifiers in the API (kiosk/simulator_control.py); the page shows these labels for them,
keys "<vocabulary>.<identifier>", and an identifier without one reads as itself.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

DEVICES = {
    "card_reader": _l("card reader"),
    "pin_pad": _l("PIN pad"),
    "cash_dispenser": _l("cash dispenser"),
    "cash_acceptor": _l("cash acceptor"),
    "receipt_printer": _l("receipt printer"),
}

# The operations a fault can be injected into (simulator_control.OPERATIONS).
OPERATIONS = {
    "read_card": _l("read card"),
    "eject": _l("eject"),
    "retain": _l("retain"),
    "pin_entry": _l("PIN entry"),
    "dispense": _l("dispense"),
    "present": _l("present"),
    "wait_for_take": _l("wait for take"),
    "retract": _l("retract"),
    "cash_in": _l("cash in"),
    "cash_in_end": _l("cash in end"),
    "cash_in_rollback": _l("cash in rollback"),
    "print_receipt": _l("print receipt"),
}

# The fault catalogue (hardware.faults.Fault).
FAULTS = {
    "jam": _l("jam"),
    "partial_present": _l("partial present"),
    "not_taken": _l("not taken"),
    "unknown_position": _l("unknown position"),
    "cassette_empty": _l("cassette empty"),
    "shutter": _l("shutter"),
    "paper_out": _l("paper out"),
    "power_loss": _l("power loss"),
}

# The simulated microphone's faults (hardware.microphone.simulator.MicFault), and none.
MICROPHONE_FAULTS = {
    "none": _l("none"),
    "silence": _l("silence"),
    "noise": _l("noise"),
    "clipping": _l("clipping"),
    "drop": _l("drop"),
}

# Where the card is (CardReaderSimulator.card_location).
CARD_LOCATIONS = {
    "none": _l("none"),
    "throat": _l("throat"),
    "inside": _l("inside"),
    "jammed": _l("jammed"),
    "unknown": _l("unknown"),
}

# A dispenser cassette's state (hardware.cash_dispenser.base.UnitStatus).
UNIT_STATUSES = {
    "ok": _l("ok"),
    "low": _l("low"),
    "empty": _l("empty"),
    "inoperative": _l("inoperative"),
    "full": _l("full"),
}

# The PIN pad's function keys (the digits read as themselves).
PIN_KEYS = {
    "clear": _l("clear"),
    "enter": _l("enter"),
    "cancel": _l("cancel"),
}

VOCABULARIES = {
    "device": DEVICES,
    "operation": OPERATIONS,
    "fault": FAULTS,
    "mic_fault": MICROPHONE_FAULTS,
    "card": CARD_LOCATIONS,
    "unit": UNIT_STATUSES,
    "key": PIN_KEYS,
}


def devices_text() -> dict[str, str]:
    """Every sentence and label of the simulator page's script, translated for this request."""
    return {**_labels(), **_outcomes(), **_readings()}


def _labels() -> dict[str, str]:
    return {f"{name}.{value}": str(label)
            for name, words in VOCABULARIES.items() for value, label in words.items()}


def _outcomes() -> dict[str, str]:
    """What the page says after a button: done, or why not."""
    return {
        "done": _("done"),
        "nothing_happened": _("nothing happened"),
        "not_paired": _("not paired with this kiosk"),
        "card_busy": _("the card slot is busy"),
        "not_taking_notes": _("the kiosk is not taking notes now"),
        "fault_injected": _("next {operation} of the {device}: {fault}"),
        "bound": _("bound"),
        "playing": _("playing {clip} ({seconds} s)"),
        "saying": _("saying “{text}”"),
        "uploaded": _("uploaded as {clip}"),
        "microphone_fault": _("microphone: {fault}"),
        "choose_wav": _("choose a WAV file first"),
    }


def _readings() -> dict[str, str]:
    """The card, the notes, the microphone and the devices' statuses."""
    return {
        "demo_pin": _("Demo PIN: {pin}"),
        "notes": _("{amount} notes"),
        "listening": _("listening"),
        "idle": _("idle"),
        "microphone_state": _("{state} · fault {fault} · {seconds} s queued"),
        "no_microphone": _("none"),
        "status_line": _("{device}: {status}"),
        "dispenser": _("Dispenser"),
        "acceptor": _("Acceptor"),
    }
