"""Notes by denomination, shared by the dispenser and the acceptor."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

UNRECOGNISED = 0  # the "denomination" of an item the validator does not accept


class Notes(Mapping[int, int]):
    """An immutable count of notes per denomination (minor units); zero counts are dropped."""

    __slots__ = ("_counts",)

    def __init__(self, counts: Mapping[int, int] | None = None):
        cleaned: dict[int, int] = {}
        for denomination, count in (counts or {}).items():
            if count < 0 or denomination < 0:
                raise ValueError("note counts and denominations cannot be negative")
            if count:
                cleaned[int(denomination)] = int(count)
        self._counts = dict(sorted(cleaned.items(), reverse=True))

    @classmethod
    def of(cls, items) -> Notes:
        """Count an iterable of single denominations."""
        counts: dict[int, int] = {}
        for denomination in items:
            counts[denomination] = counts.get(denomination, 0) + 1
        return cls(counts)

    def __getitem__(self, denomination: int) -> int:
        return self._counts.get(denomination, 0)

    def __contains__(self, denomination: object) -> bool:
        return denomination in self._counts

    def __iter__(self) -> Iterator[int]:
        return iter(self._counts)

    def __len__(self) -> int:
        return len(self._counts)

    def __repr__(self) -> str:
        return f"Notes({self._counts})"

    def __hash__(self) -> int:
        return hash(tuple(self._counts.items()))

    def __add__(self, other: Mapping[int, int]) -> Notes:
        keys = set(self) | set(other)
        return Notes({k: self[k] + other.get(k, 0) for k in keys})

    def __sub__(self, other: Mapping[int, int]) -> Notes:
        """Subtract; raise ValueError if `other` holds more of a denomination than self."""
        keys = set(self) | set(other)
        return Notes({k: self[k] - other.get(k, 0) for k in keys})

    @property
    def items_count(self) -> int:
        return sum(self._counts.values())

    @property
    def total_minor(self) -> int:
        return sum(d * c for d, c in self._counts.items())

    def as_dict(self) -> dict[int, int]:
        return dict(self._counts)

    def split(self, fraction: float) -> tuple[Notes, Notes]:
        """Return (about `fraction` of the notes, the rest), largest notes first."""
        wanted = int(self.items_count * fraction)
        first: dict[int, int] = {}
        for denomination, count in self._counts.items():
            take = min(count, wanted)
            first[denomination] = take
            wanted -= take
        head = Notes(first)
        return head, self - head


EMPTY = Notes()


@dataclass(frozen=True)
class CassetteConfig:
    """One cassette as loaded: id, note value, how many notes, how many fit, when it is low."""

    unit_id: str
    denomination_minor: int
    count: int
    capacity: int = 2500
    low_threshold: int = 50

    def __post_init__(self):
        if self.denomination_minor <= 0 or not 0 <= self.count <= self.capacity:
            raise ValueError(f"cassette {self.unit_id}: bad denomination or count")
