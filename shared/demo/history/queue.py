"""One day at a branch's counters: first come, first served, so waits grow with the load.

A small discrete simulation, not a drawn number: when lunchtime or a payday brings more
tickets than the counters can serve, the queue and its waits build up and drain after.
"""

from __future__ import annotations

import heapq
import random
from dataclasses import dataclass

# Median seconds at the counter by service, and how long before a waiting customer gives up.
SERVICE_MEDIAN_S = {"cash": 200, "accounts": 420, "cards": 330, "advice": 900, "other": 260}
SERVICE_SPREAD = 0.45  # sigma of the log-normal service time
PATIENCE_MEAN_S = 35 * 60  # gone when called: a no-show
MIN_PATIENCE_S = 8 * 60
NO_SHOW_ANYWAY = 0.02  # stepped out, missed the call
TRANSFER_SHARE = 0.04  # sent on to another service after a first talk
CALL_S = 60  # what calling a no-show costs the counter
NOTICE_S = (5.0, 50.0)  # seconds before a free counter calls the next ticket


@dataclass
class Ticket:
    """A ticket taken at `taken_s` (seconds after local midnight) and what became of it."""

    person: int
    service: str
    taken_s: float
    called_s: float | None = None  # the first call: the wait the queue figures count
    no_show: bool = False
    transferred_s: float | None = None
    # Who served the customer in the end, for what and from when (after a transfer, the
    # second counter): called to closed is that counter's busy time.
    served_by: str = ""
    served_service: str = ""
    served_from_s: float | None = None
    closed_s: float | None = None


def serve_day(tickets: list[Ticket], counters: int, rng: random.Random) -> None:
    """Call and serve the day's tickets at `counters` counters, filling in each ticket."""
    free_at = [(0.0, f"C{n}") for n in range(1, counters + 1)]
    heapq.heapify(free_at)
    waiting = [(t.taken_s, n, t, t.service) for n, t in enumerate(tickets)]
    heapq.heapify(waiting)
    sequence = len(tickets)
    while waiting:
        ready_s, _, ticket, service = heapq.heappop(waiting)
        free_s, counter = heapq.heappop(free_at)
        # Even at a free counter the call takes a moment (the teller notices, finishes a note).
        start = max(ready_s + rng.uniform(*NOTICE_S), free_s)
        first_call = ticket.called_s is None
        if first_call:
            ticket.called_s = start
            patience = max(MIN_PATIENCE_S, rng.expovariate(1 / PATIENCE_MEAN_S))
            if start - ticket.taken_s > patience or rng.random() < NO_SHOW_ANYWAY:
                ticket.no_show = True
                heapq.heappush(free_at, (start + CALL_S, counter))
                continue
        spent = rng.lognormvariate(0, SERVICE_SPREAD) * SERVICE_MEDIAN_S[service]
        if first_call and rng.random() < TRANSFER_SHARE:
            # A short first talk, then the customer waits again for the right service.
            spent *= 0.3
            other = rng.choice([s for s in SERVICE_MEDIAN_S if s != service])
            ticket.transferred_s = start + spent
            sequence += 1
            heapq.heappush(waiting, (start + spent, sequence, ticket, other))
        else:
            ticket.served_by, ticket.served_service = counter, service
            ticket.served_from_s, ticket.closed_s = start, start + spent
        heapq.heappush(free_at, (start + spent, counter))
