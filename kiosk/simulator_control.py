"""What the simulator control page can do to a kiosk's simulated devices (the customer's hands).

Insert a demo card, press PIN pad keys, take cash, insert notes, take the card, inject
faults, read statuses and cassette counts, and speak: play a WAV file (from the configured
clips folder or uploaded) or a synthesised phrase into the microphone. Real drivers have
none of this: refused. Each operation works on a kiosk's devices; `perform` runs one by
name, so the agent runs it in its own process however the page reached it (kiosk/remote).
"""

from __future__ import annotations

import inspect
import re
import shutil
import subprocess
import tempfile
from dataclasses import asdict, is_dataclass
from pathlib import Path
from typing import Any

from hardware.card_reader import CardData, CardReaderSimulator
from hardware.cash import UNRECOGNISED, Notes
from hardware.faults import Fault
from hardware.microphone.base import MicrophoneError
from hardware.microphone.simulator import MicFault, MicrophoneSimulator
from hardware.registry import KioskDevices
from shared.demo.cards import demo_card_for
from shared.money.format import format_money
from shared.settings import KioskSettings, Settings
from shared.speech.audio import AudioError, read_wav

# Which operations of each device can be given a fault (names as the simulators draw them).
OPERATIONS = {
    "card_reader": ("read_card", "eject", "retain"),
    "pin_pad": ("pin_entry",),
    "cash_dispenser": ("dispense", "present", "wait_for_take", "retract"),
    "cash_acceptor": ("cash_in", "cash_in_end", "cash_in_rollback"),
    "receipt_printer": ("print_receipt",),
}
FAULTS = tuple(str(f) for f in Fault)


class NotASimulator(ValueError):
    """The kiosk has real devices: the simulator page cannot act for the customer."""


def _plain(value):
    if is_dataclass(value):
        return {k: _plain(v) for k, v in asdict(value).items()}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def _simulators(devices: KioskDevices) -> KioskDevices:
    if not isinstance(devices.card_reader, CardReaderSimulator):
        raise NotASimulator("this kiosk's devices are not simulated")
    return devices


def describe(code: str, devices: KioskDevices, settings: Settings) -> dict:
    """Statuses, cassette and bin counts, and the fault catalogue."""
    statuses = {name: _plain(status) for name, status in devices.statuses().items()}
    return {
        "kiosk": code,
        "statuses": statuses,
        "card_location": getattr(devices.card_reader, "card_location", lambda: "unknown")(),
        "cash_units": [_plain(u) for u in devices.cash_dispenser.cash_units()],
        "acceptor_units": [_plain(u) for u in devices.cash_acceptor.cash_units()],
        "operations": {k: list(v) for k, v in OPERATIONS.items()},
        "faults": list(FAULTS),
        "microphone": describe_microphone(devices),
        "voice_clips": list_clips(settings) if devices.microphone else [],
    }


def insert_demo_card(devices: KioskDevices, customer_number: str) -> bool:
    card = demo_card_for(customer_number)  # ValueError for a non-demo number
    return _simulators(devices).card_reader.insert_card(CardData(card.pan, card.expiry))


def take_card(devices: KioskDevices) -> bool:
    return _simulators(devices).card_reader.take_card() is not None


def press_key(devices: KioskDevices, key: str) -> None:
    _simulators(devices).pin_pad.press(key)


def take_cash(devices: KioskDevices) -> int:
    return _simulators(devices).cash_dispenser.take_cash().total_minor


def accepted_notes(kiosk: KioskSettings) -> list[int]:
    """The notes the kiosk's acceptor takes (its deposit cassettes), largest first."""
    return sorted({c.denomination_minor for c in kiosk.deposit_cassettes}, reverse=True)


def insert_notes(devices: KioskDevices, settings: Settings, notes: dict[int, int],
                 unrecognised: int = 0) -> bool:
    accepted = accepted_notes(settings.kiosk)
    if set(notes) - set(accepted):
        currency = settings.kiosk.currency
        raise ValueError("this kiosk takes only these notes: "
                         + ", ".join(format_money(note, currency) for note in accepted))
    bundle = Notes(notes) + Notes({UNRECOGNISED: unrecognised}) if unrecognised else Notes(notes)
    return _simulators(devices).cash_acceptor.insert_notes(bundle)


def take_returned_notes(devices: KioskDevices) -> int:
    return _simulators(devices).cash_acceptor.take_returned().total_minor


def inject_fault(devices: KioskDevices, device: str, operation: str, fault: str,
                 step: str = "") -> None:
    if operation not in OPERATIONS.get(device, ()):
        raise ValueError(f"{device} has no operation {operation!r}")
    _simulators(devices).faults[device].inject(operation, Fault(fault), step)


# -- the microphone: play WAV files, synthesised phrases or faults into the simulator ------
MAX_CLIPS = 300
MAX_UPLOAD_BYTES = 10 * 1024 * 1024


def _microphone(devices: KioskDevices) -> MicrophoneSimulator:
    microphone = devices.microphone
    if not isinstance(microphone, MicrophoneSimulator):
        raise NotASimulator("this kiosk has no simulated microphone")
    return microphone


def clips_dir(settings) -> Path:
    """The configured folder of WAV files (default: the shared data's command clips)."""
    return Path(settings.kiosk_agent.voice_clips_dir or
                Path(settings.paths.shared_data_dir) / "speech" / "_commands")


def uploads_dir(settings) -> Path:
    return Path(settings.app.data_dir) / "voice_clips"


def list_clips(settings) -> list[str]:
    """Clip names the page offers: "uploads/<name>" first, then the folder's WAV files."""
    names: list[str] = []
    for prefix, root in (("uploads/", uploads_dir(settings)), ("", clips_dir(settings))):
        if root.is_dir():
            names += [prefix + p.relative_to(root).as_posix()
                      for p in sorted(root.rglob("*.wav"))[:MAX_CLIPS]]
    return names


def resolve_clip(settings, name: str) -> Path:
    """Return the file a clip name points at, never outside its folder."""
    root = uploads_dir(settings) if name.startswith("uploads/") else clips_dir(settings)
    relative = name.removeprefix("uploads/")
    path = (root / relative).resolve()
    if not path.is_relative_to(root.resolve()) or path.suffix.lower() != ".wav":
        raise ValueError(f"no clip called {name!r}")
    if not path.is_file():
        raise ValueError(f"no clip called {name!r} in {root}")
    return path


def play_clip(devices: KioskDevices, settings: Settings, name: str) -> float:
    """Play a clip into the microphone; return its seconds (a bad file: ValueError, clearly)."""
    microphone = _microphone(devices)
    try:
        return microphone.play_wav(resolve_clip(settings, name))
    except MicrophoneError as exc:
        raise ValueError(str(exc)) from None


def save_upload(settings, filename: str, data: bytes) -> str:
    """Keep an uploaded WAV in the uploads folder once it decodes; return its clip name."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValueError("the file is larger than 10 MB")
    try:
        read_wav(data)
    except AudioError as exc:
        raise ValueError(f"{filename}: {exc}") from None
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", Path(filename).stem)[:60] or "clip"
    folder = uploads_dir(settings)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{stem}.wav").write_bytes(data)
    return f"uploads/{stem}.wav"


def say_text(devices: KioskDevices, text: str) -> float:
    """Synthesise `text` with espeak-ng (if installed) and play it into the microphone."""
    microphone = _microphone(devices)
    if shutil.which("espeak-ng") is None:
        raise ValueError("espeak-ng is not installed here: upload a WAV file instead")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "said.wav"
        try:
            subprocess.run(["espeak-ng", "-v", "en-gb", "-s", "140", "-w", str(path), text],
                           check=True, capture_output=True, timeout=15)
        except (subprocess.SubprocessError, OSError) as exc:
            raise ValueError(f"espeak-ng failed: {exc}") from None
        return microphone.play_wav(path)


def microphone_fault(devices: KioskDevices, fault: str) -> None:
    """Start a microphone fault ("none" clears it)."""
    _microphone(devices).inject(None if fault == "none" else MicFault(fault))


def describe_microphone(devices: KioskDevices) -> dict:
    microphone = devices.microphone
    if microphone is None:
        return {"kind": "none"}
    if not isinstance(microphone, MicrophoneSimulator):
        return {"kind": microphone.capabilities().source}
    return {"kind": "simulator", "fault": str(microphone.fault or "none"),
            "listening": microphone.is_open,
            "queued_seconds": round(microphone.queued_seconds(), 1),
            "faults": ["none", *(str(f) for f in MicFault)]}


# -- one operation by name: what the agent runs for the page, in or out of the web process --
def perform(code: str, devices: KioskDevices, settings: Settings, op: str,
            args: dict[str, Any]) -> Any:
    """Run the simulator page's operation `op` with `args` on kiosk `code`'s devices.

    Results are plain JSON values; NotASimulator for real devices, ValueError for a value
    the page may not send (an unknown operation or argument included).
    """
    # Arguments by name, as the page's API validated them; notes keep int denominations.
    operations = {
        "describe": lambda: describe(code, devices, settings),
        "insert_card": lambda customer_number: insert_demo_card(devices, customer_number),
        "take_card": lambda: take_card(devices),
        "press_key": lambda key: press_key(devices, key),
        "take_cash": lambda: take_cash(devices),
        "insert_notes": lambda notes, unrecognised=0: insert_notes(
            devices, settings, {int(d): int(n) for d, n in notes.items()}, unrecognised),
        "take_returned_notes": lambda: take_returned_notes(devices),
        "inject_fault": lambda device, operation, fault, step="": inject_fault(
            devices, device, operation, fault, step),
        "play_clip": lambda name: play_clip(devices, settings, name),
        "say_text": lambda text: say_text(devices, text),
        "microphone_fault": lambda fault: microphone_fault(devices, fault),
    }
    operation = operations.get(op)
    if operation is None:
        raise ValueError(f"the simulator page has no operation {op!r}")
    try:  # an argument the operation does not take (or lacks) is the caller's mistake
        inspect.signature(operation).bind(**args)
    except TypeError as exc:
        raise ValueError(f"simulator operation {op}: {exc}") from None
    return operation(**args)
