"""A simulator's physical state on disk, so it outlives the process as real hardware does.

Opt-in: a simulator given a `DeviceStateFile` writes its whole physical state after every
physical move and loads it when it is built again (a restart after a crash or power cut).
Each write is atomic (a temporary file, fsync, os.replace): a process killed mid-write
leaves the previous state, never half of one.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from hardware.cash import Notes


class DeviceStateFile:
    """One device's physical state as JSON at `path`, replaced whole on every save."""

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)

    def load(self) -> dict | None:
        """Return the last saved state, or None when the device was never saved."""
        try:
            return json.loads(self.path.read_text())
        except FileNotFoundError:
            return None

    def save(self, state: dict) -> None:
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        with open(temporary, "w") as handle:
            json.dump(state, handle, sort_keys=True)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, self.path)


def notes_to_json(notes: Notes) -> dict[str, int]:
    return {str(d): n for d, n in notes.items()}


def notes_from_json(counts: dict[str, int]) -> Notes:
    return Notes({int(d): n for d, n in counts.items()})
