"""The kiosk agents' RPC contract: subjects, replies and the errors they carry back."""

from __future__ import annotations

import pytest

from kiosk.actions import ActionConflict
from kiosk.remote import protocol
from kiosk.remote.protocol import AgentError, ErrorKind, KioskOp
from kiosk.remote.server import answer
from kiosk.simulator_control import NotASimulator


def test_a_kiosk_code_is_one_subject_token():
    assert protocol.subject("LDN-01-K1", KioskOp.SNAPSHOT) == "sb.kiosk.LDN-01-K1.snapshot"
    for code in ("A.B", "A*", "A>", "A B"):
        token = protocol.token(code)
        assert not set(token) & set(".*> "), token
    assert protocol.token("A.B") != protocol.token("A_B") != protocol.token("A~2e~B")
    assert protocol.queue_group("K1") == "sb.kiosk.K1"


@pytest.mark.parametrize(("raised", "expected"), [
    (ActionConflict("used for another action"), ActionConflict),
    (NotASimulator("real devices"), NotASimulator),
    (ValueError("only these notes"), ValueError),
    (RuntimeError("boom"), AgentError),
])
def test_an_agents_refusal_comes_back_as_the_same_exception(raised, expected):
    def run(args):
        raise raised

    reply = answer(run, protocol.encode_request({}), "K1", KioskOp.SUBMIT)
    with pytest.raises(expected) as caught:
        protocol.decode_reply(reply)
    assert type(caught.value) is expected
    assert str(raised) in str(caught.value)


def test_results_and_bad_requests():
    assert protocol.decode_reply(answer(lambda args: {"screen": args["x"]},
                                        protocol.encode_request({"x": "idle"}), "K1",
                                        KioskOp.SNAPSHOT)) == {"screen": "idle"}
    refused = answer(lambda args: None, b"not json", "K1", KioskOp.SNAPSHOT)
    assert b'"kind":"%s"' % ErrorKind.BAD_REQUEST.encode() in refused
    with pytest.raises(AgentError):
        protocol.decode_reply(refused)
    with pytest.raises(AgentError):
        protocol.decode_reply(b"[1, 2]")


def test_a_reply_that_cannot_be_json_is_an_internal_error_not_silence():
    reply = answer(lambda args: {"thing": object()}, protocol.encode_request(), "K1",
                   KioskOp.SNAPSHOT)
    with pytest.raises(AgentError, match="cannot travel"):
        protocol.decode_reply(reply)
