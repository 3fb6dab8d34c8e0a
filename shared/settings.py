"""One typed, frozen settings object from config/*.toml and SMARTBRANCH_* variables."""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

# Variables that choose where settings come from rather than being settings themselves.
LOCATOR_VARIABLES = {"SMARTBRANCH_PROFILE", "SMARTBRANCH_CONFIG", "SMARTBRANCH_CONFIG_DIR"}
ENV_PREFIX = "SMARTBRANCH_"


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


class ServerSettings(_Section):
    host: str = "127.0.0.1"
    port: int = Field(default=5000, ge=1, le=65535)
    # Origins allowed to open a Socket.IO connection besides the server's own.
    allowed_origins: tuple[str, ...] = ()
    session_cookie_secure: bool = False


class EventSettings(_Section):
    backend: Literal["memory", "redis"] = "memory"
    redis_url: str = "redis://127.0.0.1:6379/0"
    channel: str = "smartbranch.events"


class AuthSettings(_Section):
    max_failed_signins: int = Field(default=5, ge=1)
    lockout_minutes: int = Field(default=15, ge=1)


class FaceSettings(_Section):
    model_version: str = "dlib_face_recognition_resnet_model_v1"
    threshold: float = Field(default=0.6, gt=0, lt=2)
    margin: float = Field(default=0.0, ge=0, lt=2)
    calibrated_on: str = ""
    calibrated_at: str = ""
    target_fpir: float = Field(default=0.003, gt=0, lt=1)
    min_face_px: int = Field(default=60, ge=16)


class BiometricsSettings(_Section):
    # Key for template encryption and MACs; never stored in the database. 32+ chars.
    template_key: str = ""
    retention_days: int = Field(default=365, ge=1)
    face: FaceSettings = FaceSettings()


class CameraSettings(_Section):
    """Door-camera watcher tuning; defaults measured by `smartbranch bench faces`."""

    visit_window_minutes: int = Field(default=60, ge=1)
    traffic_bucket_minutes: int = Field(default=15, ge=1)
    min_face_px: int = Field(default=90, ge=40)
    detect_every: int = Field(default=3, ge=1)
    best_frames: int = Field(default=3, ge=1, le=10)
    full_scan_every_s: float = Field(default=5.0, ge=0)


class DemoSettings(_Section):
    seed: int = 20261122
    customers: int = Field(default=300, ge=1)
    months: int = Field(default=6, ge=1, le=36)
    branches: int = Field(default=2, ge=1, le=20)


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
    demo: DemoSettings = DemoSettings()
    paths: PathsSettings = PathsSettings()

    @model_validator(mode="after")
    def _default_database_url(self) -> Settings:
        if not self.database.url:
            url = f"sqlite:///{self.app.data_dir / 'smartbranch.db'}"
            object.__setattr__(self, "database", self.database.model_copy(update={"url": url}))
        return self

    @property
    def is_sqlite(self) -> bool:
        return self.database.url.startswith("sqlite")


def default_config_dir() -> Path:
    """Return the repository's config/ folder (the package is installed editable)."""
    return Path(__file__).resolve().parents[1] / "config"


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError as exc:
        raise SettingsError(f"settings file not found: {path}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"settings file {path} is not valid TOML: {exc}") from exc


def _merge(base: dict[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _env_paths(model: type[BaseModel], prefix: tuple[str, ...] = ()) -> dict[str, tuple[str, ...]]:
    """Map every SMARTBRANCH_SECTION_KEY variable name to its path in the settings tree."""
    paths: dict[str, tuple[str, ...]] = {}
    for name, field in model.model_fields.items():
        path = (*prefix, name)
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            paths.update(_env_paths(annotation, path))
        else:
            paths[ENV_PREFIX + "_".join(path).upper()] = path
    return paths


def _parse_env_value(raw: str) -> Any:
    stripped = raw.strip()
    if stripped.startswith("["):
        try:
            return json.loads(stripped)
        except json.JSONDecodeError:
            return raw
    return raw


def _env_overrides(environ: Mapping[str, str]) -> tuple[dict[str, Any], dict[tuple, str]]:
    known = _env_paths(Settings)
    tree: dict[str, Any] = {}
    sources: dict[tuple, str] = {}
    for var, raw in environ.items():
        if not var.startswith(ENV_PREFIX) or var in LOCATOR_VARIABLES:
            continue
        path = known.get(var)
        if path is None:
            raise SettingsError(f"unknown setting in environment: {var}")
        node = tree
        for part in path[:-1]:
            node = node.setdefault(part, {})
        node[path[-1]] = _parse_env_value(raw)
        sources[path] = var
    return tree, sources


def _format_error(exc: ValidationError, sources: dict[tuple, str]) -> str:
    lines = []
    for err in exc.errors():
        loc = tuple(str(p) for p in err["loc"])
        where = ".".join(loc)
        origin = sources.get(loc)
        suffix = f" (from {origin})" if origin else ""
        if err["type"] == "extra_forbidden":
            lines.append(f"unknown setting: {where}{suffix}")
        else:
            lines.append(f"bad value for {where}{suffix}: {err['msg']}")
    return "invalid settings: " + "; ".join(lines)


def load_settings(
    profile: str | None = None,
    environ: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> Settings:
    """Build the settings from default.toml, a profile, a config file, env and overrides."""
    env = os.environ if environ is None else environ
    config_dir = Path(env.get("SMARTBRANCH_CONFIG_DIR") or default_config_dir())
    profile = profile or env.get("SMARTBRANCH_PROFILE") or "default"
    data = _read_toml(config_dir / "default.toml")
    if profile != "default":
        data = _merge(data, _read_toml(config_dir / f"{profile}.toml"))
    if env.get("SMARTBRANCH_CONFIG"):
        data = _merge(data, _read_toml(Path(env["SMARTBRANCH_CONFIG"])))
    env_tree, sources = _env_overrides(env)
    data = _merge(data, env_tree)
    if overrides:
        data = _merge(data, overrides)
    data["profile"] = profile
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        raise SettingsError(_format_error(exc, sources)) from None
