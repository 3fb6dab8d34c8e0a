"""Staff sockets even out between web processes: the rule, and rounds on the real Redis."""

from __future__ import annotations

import uuid

import pytest

from shared.models.enums import Role
from smartbranch.app import get_socketio
from staff_console.balance import REBALANCE_EVENT, REBALANCE_PATH, ShedRule, SocketBalancer
from staff_console.realtime import socket_balancer
from tests.conftest import REDIS_URL
from tests.factories import make_branch, make_staff
from tests.web_helpers import sign_in


def test_a_process_over_its_fair_share_sheds_part_of_the_excess():
    rule = ShedRule(slack=5, slack_fraction=0.1, max_fraction=0.25)
    # Failover: the survivor holds everything, its restarted twin nothing.
    assert rule.to_shed(110, {"web1": 0, "web2": 110}) == 27
    assert rule.to_shed(83, {"web1": 27, "web2": 83}) == 20
    assert rule.to_shed(63, {"web1": 47, "web2": 63}) == 8  # 55 is fair: 8 over
    # Within the slack, or alone, or empty: nobody moves.
    assert rule.to_shed(58, {"web1": 52, "web2": 58}) == 0
    assert rule.to_shed(110, {"web2": 110}) == 0
    assert rule.to_shed(0, {"web1": 0, "web2": 0}) == 0
    # The process under its share never sheds.
    assert rule.to_shed(0, {"web1": 0, "web2": 110}) == 0


@pytest.mark.redis
def test_processes_see_each_others_counts_and_only_the_crowded_one_sheds(redis_client):
    prefix = f"smartbranch.test.{uuid.uuid4().hex}:staff-sockets:"
    crowded = [f"sid{n}" for n in range(40)]
    asked: dict[str, list[str]] = {"web1": [], "web2": []}

    def balancer(name: str, sids: list[str]) -> SocketBalancer:
        return SocketBalancer(redis_client, prefix, lambda: sids, asked[name].append,
                              interval_s=1.0, instance=name)

    web1, web2 = balancer("web1", []), balancer("web2", crowded)
    assert web2.round() == 0, "alone, a process keeps its sockets"
    assert web1.round() == 0
    assert web1.counts() == {"web1": 0, "web2": 40}
    assert web2.round() == 10  # a quarter of 40 in one round
    assert len(set(asked["web2"])) == 10 and set(asked["web2"]) <= set(crowded)
    assert asked["web1"] == []
    # A process that stops writing drops out after two rounds' time.
    assert 0 < redis_client.pttl(prefix + "web1") <= 2000


@pytest.mark.redis
def test_the_staff_namespace_asks_its_own_sockets_to_move(app, db_session, redis_client):
    branch = make_branch(db_session)
    make_staff(db_session, branch, Role.RELATIONSHIP_MANAGER, username="mover.rm")
    db_session.commit()
    sockets = []
    for _ in range(12):
        client = app.test_client()
        sign_in(client, "mover.rm")
        sockets.append(get_socketio(app).test_client(app, namespace="/staff",
                                                     flask_test_client=client))
    settings = app.extensions["smartbranch.settings"]
    channel = f"smartbranch.test.{uuid.uuid4().hex}"
    settings = settings.model_copy(update={"events": settings.events.model_copy(
        update={"channel": channel, "redis_url": REDIS_URL})})
    balancer = socket_balancer(get_socketio(app), settings)
    balancer.instance = "this"
    redis_client.set(f"{channel}:staff-sockets:twin", 0, px=5000)

    assert balancer.round() == 3  # 12 here, 0 at the twin: a quarter moves this round
    moved = [s for s in sockets
             if any(m["name"] == REBALANCE_EVENT for m in s.get_received("/staff"))]
    assert len(moved) == 3
    # Where the page goes first: answered without a session, never cached.
    answer = app.test_client().get(REBALANCE_PATH)
    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-store"
