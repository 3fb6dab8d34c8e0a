"""Galleries at the edge over real nats-server processes: a hub, a branch leaf, a cuttable link.

The leaf reaches the hub through a TCP relay the tests cut and restore, so the hub keeps
taking the centre's changes while the edge cannot hear them, as in a lost branch link.
"""

from __future__ import annotations

import json
import shutil
import socket
import threading
import time

import numpy as np
import pytest
from sqlalchemy import select

from kiosk.door.cutoff import IdentifyingGate
from kiosk.door.edge_gallery import DoorGalleryOps
from kiosk.door.identify import GalleryIdentifier
from kiosk.door.watcher import DoorCameraWatcher
from shared.audit import SYSTEM
from shared.biometrics.cipher import TemplateCipher
from shared.biometrics.consent import give_consent, withdraw_consent
from shared.biometrics.face.enrolment import enrol_face, load_gallery
from shared.biometrics.face.fake_engine import FakeFaceEngine, draw_faces
from shared.cluster.gallery_sync import (
    ENROLLED,
    WITHDRAWN,
    EdgeGallerySync,
    GalleryChange,
    GalleryPublisher,
    durable_name,
    erasures_first,
)
from shared.events import Event, InProcessBus, TemplatesEnrolled
from shared.models import BiometricTemplate
from shared.models.enums import ConsentChannel, Modality
from tests.conftest import IN_CI
from tests.door_fakes import FakeRecorder, camera_for, scene
from tests.factories import make_branch, make_customer

BOUND_S = 1.0


# -- a cuttable link between the leaf and the hub -------------------------------------------

class TcpLink:
    """A TCP relay from a local port to the hub's leafnode port; cut() drops it, restore() heals."""

    def __init__(self, upstream_port: int):
        self.upstream = ("127.0.0.1", upstream_port)
        self._server = socket.create_server(("127.0.0.1", 0))
        self.port = self._server.getsockname()[1]
        self._up = threading.Event()
        self._up.set()
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._server.accept()
            except OSError:
                return
            if not self._up.is_set():
                client.close()
                continue
            try:
                upstream = socket.create_connection(self.upstream, timeout=2)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def cut(self) -> None:
        self._up.clear()
        with self._lock:
            sockets, self._sockets = self._sockets, []
        for s in sockets:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()

    def restore(self) -> None:
        self._up.set()

    def close(self) -> None:
        self.cut()
        self._server.close()


# -- fixtures -----------------------------------------------------------------------------

@pytest.fixture
def nats_pair(tmp_path):
    """A hub, a branch leaf linked through a TcpLink, and a client at each (centre, edge)."""
    from shared.cluster.nats_client import NatsClient
    from smartbranch.cluster.nats_servers import start_hub, start_leaf

    if shutil.which("nats-server") is None:
        message = "nats-server is not installed"
        if IN_CI:
            pytest.fail("CI=true and " + message, pytrace=False)
        pytest.skip(message)
    hub = start_hub(tmp_path / "hub", start=False)
    link = TcpLink(hub.leaf_port)
    # A leaf reconnects to the URL the hub advertises, not its configured one: advertise the
    # relay, or a cut link heals itself behind the test's back within a second.
    config = hub.config_path.read_text()
    hub.config_path.write_text(
        config.replace("leafnodes {", f'leafnodes {{\n  advertise: "127.0.0.1:{link.port}"', 1))
    hub.start()
    leaf = start_leaf(tmp_path / "leaf", "B1", hub_leaf_url=f"nats-leaf://127.0.0.1:{link.port}")
    centre = NatsClient(hub.url, name="centre")
    edge = NatsClient(leaf.url, name="edge")
    try:
        assert hub.wait_leaf_connected(1), "the leaf never linked to the hub"
        assert centre.wait_connected(5) and edge.wait_connected(5)
        yield hub, leaf, link, centre, edge
    finally:
        centre.close()
        edge.close()
        leaf.stop()
        link.close()
        hub.stop()


@pytest.fixture
def cluster_settings(settings):
    cluster = settings.cluster.model_copy(update={"cutoff_bound_s": BOUND_S})
    return settings.model_copy(update={"cluster": cluster})


@pytest.fixture
def engine():
    return FakeFaceEngine()


@pytest.fixture
def cipher(settings) -> TemplateCipher:
    return TemplateCipher.from_settings(settings)


def _photos(identity: int):
    return [draw_faces([identity], variant=v + 1) for v in range(2)]


def _customer(session, branch, engine, cipher, identity: int | None):
    """A consenting customer, enrolled with `identity`'s photos unless it is None."""
    customer = make_customer(session, branch)
    give_consent(session, customer.id, Modality.FACE, "v1", ConsentChannel.TABLET)
    if identity is not None:
        enrol_face(session, engine, cipher, customer.id, _photos(identity), jitters=1)
    return customer.id


class RecordingOps:
    """DoorGalleryOps that also writes down the order it was asked to do things in."""

    def __init__(self, inner: DoorGalleryOps):
        self.inner = inner
        self.calls: list[tuple] = []

    def erase(self, customer_id, modality):
        self.calls.append(("erase", customer_id))
        self.inner.erase(customer_id, modality)

    def refresh(self, customer_id, modality):
        self.calls.append(("refresh", customer_id))
        self.inner.refresh(customer_id, modality)

    def reconcile(self):
        self.calls.append(("reconcile",))
        self.inner.reconcile()


def _door(database, settings, engine, cipher, branch_id):
    """A door's gallery loaded from the database, and its ops (recording)."""
    model = engine.model_version
    with database.session() as session:
        gallery = load_gallery(session, cipher, model, branch_id).gallery

    def reload_customer(customer_id):
        with database.session() as session:
            return load_gallery(session, cipher, model, branch_id, customer_id=customer_id)

    return gallery, RecordingOps(DoorGalleryOps(database, gallery, reload_customer, branch_id,
                                                model))


def _cut(link, hub) -> None:
    link.cut()
    deadline = time.monotonic() + 5
    while hub.leaf_connections() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert hub.leaf_connections() == 0


def _poll_until_contact(sync, timeout_s: float = 10.0):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        result = sync.poll()
        if result.contact:
            return result
        time.sleep(0.1)
    raise AssertionError("the edge never reached the hub's gallery stream")


# -- tests --------------------------------------------------------------------------------

def test_erasures_first_keeps_each_group_in_order():
    changes = [GalleryChange(str(i), kind, i, "face", 1)
               for i, kind in enumerate([ENROLLED, WITHDRAWN, ENROLLED, WITHDRAWN])]
    assert [c.customer_id for c in erasures_first(changes)] == [1, 3, 0, 2]


def test_a_message_is_exactly_a_change():
    change = GalleryChange("e1", WITHDRAWN, 7, "face", 2)
    assert GalleryChange.from_bytes(change.to_bytes()) == change
    for bad in (b"{}", b"nope", json.dumps({**json.loads(change.to_bytes()), "vector": [0.1]})
                .encode(), change.to_bytes().replace(b"face", b"iris")):
        with pytest.raises(ValueError):
            GalleryChange.from_bytes(bad)


@pytest.mark.nats
def test_withdrawal_while_cut_off_is_applied_first_on_reconnect(
        nats_pair, database, cluster_settings, engine, cipher):
    """Fails if a reload published before or after a withdrawal were applied before it."""
    hub, _leaf, link, centre, edge = nats_pair
    with database.session() as session:
        branch = make_branch(session)
        gone = _customer(session, branch, engine, cipher, identity=1)
        early = _customer(session, branch, engine, cipher, identity=None)
        late = _customer(session, branch, engine, cipher, identity=None)
        branch_id = branch.id
    gallery, ops = _door(database, cluster_settings, engine, cipher, branch_id)
    assert gallery.customers == {gone}
    bus = InProcessBus()
    GalleryPublisher(centre, cluster_settings).attach(bus)
    sync = EdgeGallerySync(edge, cluster_settings, durable_name("B1-DOOR-1"), ops)
    first = _poll_until_contact(sync)
    assert first.reconnected and first.reconciled

    _cut(link, hub)
    assert not sync.poll().contact
    # At the centre, while the edge hears nothing: enrol, withdraw, enrol.
    with database.session() as session:
        enrol_face(session, engine, cipher, early, _photos(2), jitters=1)
    bus.publish(Event(branch_id, TemplatesEnrolled(early, "face")))
    with database.session() as session:
        withdrawal = withdraw_consent(session, gone, Modality.FACE, SYSTEM, branch_id)
    bus.publish(withdrawal.event)
    with database.session() as session:
        enrol_face(session, engine, cipher, late, _photos(3), jitters=1)
    bus.publish(Event(branch_id, TemplatesEnrolled(late, "face")))
    assert gone in gallery  # not heard yet
    ops.calls.clear()

    link.restore()
    assert hub.wait_leaf_connected(1)
    result = _poll_until_contact(sync)

    assert result.reconnected and result.erased == 1 and result.refreshed == 2
    assert ops.calls == [("erase", gone), ("reconcile",), ("refresh", early), ("refresh", late)]
    assert gallery.customers == {early, late}
    # Acknowledged: nothing is applied twice.
    again = sync.poll()
    assert again.contact and (again.erased, again.refreshed) == (0, 0)


@pytest.mark.nats
def test_reconnect_reconciles_a_withdrawal_that_was_never_published(
        nats_pair, database, cluster_settings, engine, cipher):
    """Fails if an edge relied on the stream alone (a pub/sub bus loses what nobody heard)."""
    hub, _leaf, link, _centre, edge = nats_pair
    with database.session() as session:
        branch = make_branch(session)
        gone = _customer(session, branch, engine, cipher, identity=1)
        stays = _customer(session, branch, engine, cipher, identity=2)
        added = _customer(session, branch, engine, cipher, identity=None)
        branch_id = branch.id
    gallery, ops = _door(database, cluster_settings, engine, cipher, branch_id)
    sync = EdgeGallerySync(edge, cluster_settings, durable_name("B1-DOOR-2"), ops)
    _poll_until_contact(sync)
    _cut(link, hub)
    assert not sync.poll().contact
    # The centre changes the database; no publisher is running, so no message exists.
    with database.session() as session:
        withdraw_consent(session, gone, Modality.FACE, SYSTEM, branch_id)
        enrol_face(session, engine, cipher, added, _photos(3), jitters=1)
    assert gone in gallery
    ops.calls.clear()

    link.restore()
    assert hub.wait_leaf_connected(1)
    result = _poll_until_contact(sync)

    assert result.reconciled and result.erased == 0
    assert gone not in gallery
    assert gallery.customers == {stays, added}
    assert ops.calls == [("reconcile",)]


@pytest.mark.nats
def test_cut_off_longer_than_the_bound_counts_only_then_resumes(
        nats_pair, cluster_settings, engine):
    """Fails if a door identified while its edge could not hear withdrawals for too long."""
    hub, _leaf, link, _centre, edge = nats_pair

    class NoOps:
        def erase(self, customer_id, modality): ...
        def refresh(self, customer_id, modality): ...
        def reconcile(self): ...

    sync = EdgeGallerySync(edge, cluster_settings, durable_name("B1-DOOR-3"), NoOps())
    _poll_until_contact(sync)
    assert not sync.cut_off()
    reports = []
    gate = IdentifyingGate(sync.cut_off, BOUND_S, lambda detail: reports.append(("paused",
                           detail)), lambda: reports.append(("resumed",)))
    gallery = GalleryIndex_of(engine, 1)

    def watch():
        recorder = FakeRecorder()
        camera = camera_for(scene(1, 1))
        watcher = DoorCameraWatcher(camera, engine, GalleryIdentifier(gallery, 0.3, 0.05),
                                    recorder, 1, "B1-DOOR-3", threading.Event(),
                                    identifying=gate)
        camera.open()
        try:
            stats = watcher.run(max_seconds=30)
        finally:
            camera.close()
        return stats, recorder

    _cut(link, hub)
    started = time.monotonic()
    while time.monotonic() - started <= BOUND_S + 0.2:
        assert not sync.poll().contact
        time.sleep(0.1)
    assert sync.cut_off()
    stats, recorder = watch()
    assert stats.people == 2 and stats.matches == 0 and recorder.arrivals == []
    assert sum(people for _, people, _ in recorder.counts) == 2
    assert reports == [("paused", reports[0][1])] and "counting only" in reports[0][1]

    link.restore()
    assert hub.wait_leaf_connected(1)
    _poll_until_contact(sync)
    assert not sync.cut_off()
    stats, recorder = watch()
    assert stats.matches == 2 and [c for c, _ in recorder.arrivals] == [1, 1]
    assert reports[1:] == [("resumed",)]


def GalleryIndex_of(engine, *identities):  # noqa: N802 - reads as the gallery it builds
    from tests.door_fakes import gallery_of

    return gallery_of(engine, *identities)


@pytest.mark.nats
def test_no_template_bytes_in_any_gallery_message(
        nats_pair, database, cluster_settings, engine, cipher):
    """Fails if a template, a vector or any part of one ever went into the stream."""
    from nats.js.api import ConsumerConfig, DeliverPolicy

    _hub, _leaf, _link, centre, _edge = nats_pair
    with database.session() as session:
        branch = make_branch(session)
        ids = [_customer(session, branch, engine, cipher, identity=i) for i in (1, 2)]
        branch_id = branch.id
        rows = session.scalars(select(BiometricTemplate)).all()
        secrets = [bytes(b) for r in rows for b in (r.nonce, r.ciphertext, r.mac) if b]
        vectors = [engine.encode(p, engine.detect(p)) for i in (1, 2) for p in _photos(i)]
    assert secrets and vectors
    publisher = GalleryPublisher(centre, cluster_settings)
    bus = InProcessBus()
    publisher.attach(bus)
    for customer_id in ids:
        bus.publish(Event(branch_id, TemplatesEnrolled(customer_id, "face")))
    with database.session() as session:
        withdrawal = withdraw_consent(session, ids[0], Modality.FACE, SYSTEM, branch_id)
    bus.publish(withdrawal.event)
    bus.publish(withdrawal.event)  # a second web process publishing the same event
    bus.publish(Event(branch_id, TemplatesEnrolled(ids[1], "voice")))

    consumer = centre.pull_consumer(
        cluster_settings.cluster.gallery_stream, "test-reader", domain="hub",
        config=ConsumerConfig(deliver_policy=DeliverPolicy.ALL))
    messages = consumer.fetch(100, timeout_s=1.0)

    assert len(messages) == 4  # the duplicate was dropped by its message id
    assert [m.msg_id for m in messages][2] == withdrawal.event.id
    texts = {f"{v:.4f}" for vec in vectors for v in vec.ravel()[:16]}
    for message in messages:
        raw = message.data + json.dumps(message.headers).encode()
        assert set(json.loads(message.data)) == {"event_id", "change", "customer_id",
                                                 "modality", "branch_id"}
        assert len(message.data) < 200
        assert not any(secret in raw or secret.hex().encode() in raw for secret in secrets)
        assert not any(text.encode() in raw for text in texts)
        for vec in vectors:
            assert np.asarray(vec, np.float32).tobytes()[:16] not in raw


def _wait(predicate, timeout_s: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


@pytest.mark.nats
def test_edge_door_camera_follows_the_centre_and_pauses_when_cut_off(
        nats_pair, database, cluster_settings, cipher, tmp_path):
    """`prepare_door_camera(edge=True)`: withdrawals arrive, the gate closes and reopens."""
    from hardware.camera import ReplayCamera
    from shared.events import EventKind
    from smartbranch.door import prepare_door_camera

    hub, leaf, link, centre, _edge = nats_pair
    cluster = cluster_settings.cluster.model_copy(update={"edge_nats_url": leaf.url})
    settings = cluster_settings.model_copy(update={"cluster": cluster})
    engine = FakeFaceEngine(settings.biometrics.face.model_version)
    with database.session() as session:
        branch = make_branch(session)
        gone = _customer(session, branch, engine, cipher, identity=1)
        stays = _customer(session, branch, engine, cipher, identity=2)
        branch_code, branch_id = branch.code, branch.id
    edge_bus, events = InProcessBus(), []
    edge_bus.subscribe(events.append)
    centre_bus = InProcessBus()
    GalleryPublisher(centre, settings).attach(centre_bus)
    door = prepare_door_camera(settings, database, edge_bus, str(tmp_path),
                               branch_code=branch_code, engine=engine,
                               camera=ReplayCamera([], fps=15.0), edge=True)
    try:
        gallery = door.watcher.identifier.gallery
        assert gallery.customers == {gone, stays}
        assert door.watcher.identifying()
        with database.session() as session:
            withdrawal = withdraw_consent(session, gone, Modality.FACE, SYSTEM, branch_id)
        centre_bus.publish(withdrawal.event)
        assert _wait(lambda: gone not in gallery), "the withdrawal never reached the edge"

        _cut(link, hub)
        assert _wait(lambda: not door.watcher.identifying(), BOUND_S + 5)
        link.restore()
        assert _wait(lambda: door.watcher.identifying(), 10)
    finally:
        door.stop()
    kinds = [e.kind for e in events]
    assert kinds == [EventKind.DEVICE_UNAVAILABLE, EventKind.DEVICE_AVAILABLE]
    assert "counting only" in events[0].payload.detail
    assert gallery.customers == {stays}


@pytest.mark.nats
def test_a_lost_publish_is_reconciled_within_the_bound_while_in_contact(
        nats_pair, database, cluster_settings, engine, cipher):
    """Fails if an edge that never lost contact kept a customer whose withdrawal was lost."""
    _hub, _leaf, _link, _centre, edge = nats_pair
    with database.session() as session:
        branch = make_branch(session)
        gone = _customer(session, branch, engine, cipher, identity=1)
        branch_id = branch.id
    gallery, ops = _door(database, cluster_settings, engine, cipher, branch_id)
    sync = EdgeGallerySync(edge, cluster_settings, durable_name("B1-DOOR-5"), ops,
                           reconcile_every_s=0.3)
    assert _poll_until_contact(sync).reconciled
    with database.session() as session:
        withdraw_consent(session, gone, Modality.FACE, SYSTEM, branch_id)  # never published
    assert not sync.poll().reconciled and gone in gallery  # not yet due
    time.sleep(0.35)
    result = sync.poll()
    assert result.contact and not result.reconnected and result.reconciled
    assert gone not in gallery
