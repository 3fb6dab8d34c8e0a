"""The replay ring a reconnecting tablet catches up from."""

from __future__ import annotations

from shared.events import CustomerArrived, Event, TrafficCounted
from staff_console.replay import ReplayBuffer


def _arrival(n: int, branch_id: int = 1) -> dict:
    return Event(branch_id=branch_id, payload=CustomerArrived(
        visit_id=n, customer_id=n, display_name=f"Guest {n} Ünal", source="door_camera",
        score=0.3125)).to_dict()


def test_a_catch_up_returns_the_events_after_the_last_seen_exactly_as_sent():
    ring = ReplayBuffer(10)
    sent = [_arrival(n) for n in range(4)]
    for event in sent:
        ring.add(1, event)
    assert ring.last_id(1) == sent[-1]["id"]
    assert ring.since(1, sent[1]["id"]) == sent[2:]
    assert ring.since(1, sent[-1]["id"]) == []
    assert ring.since(1, "") == sent  # nothing seen yet: all of it


def test_an_event_older_than_the_ring_asks_the_tablet_to_reload():
    ring = ReplayBuffer(3)
    sent = [_arrival(n) for n in range(5)]
    for event in sent:
        ring.add(1, event)
    assert ring.since(1, sent[1]["id"]) is None  # the ring holds 2, 3 and 4
    assert ring.since(1, sent[2]["id"]) == sent[3:]


def test_branches_keep_rings_of_their_own():
    ring = ReplayBuffer(3)
    mine = _arrival(1, branch_id=1)
    theirs = Event(branch_id=2, payload=TrafficCounted(device_code="CAM-2", people=3,
                                                       identified=1)).to_dict()
    ring.add(1, mine)
    ring.add(2, theirs)
    assert ring.since(1, "") == [mine] and ring.since(2, "") == [theirs]
    assert ring.last_id(3) == "" and ring.since(3, "") == []
