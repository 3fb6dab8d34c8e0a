"""Build the settings from config/*.toml, a profile, a site file and SMARTBRANCH_* variables."""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from shared.settings.sections import Settings, SettingsError

# Variables that choose where settings come from rather than being settings themselves.
LOCATOR_VARIABLES = {"SMARTBRANCH_PROFILE", "SMARTBRANCH_CONFIG", "SMARTBRANCH_CONFIG_DIR"}
# Variables of the test harness (tests/run_suite.sh), not settings.
HARNESS_PREFIX = "SMARTBRANCH_TEST_"
ENV_PREFIX = "SMARTBRANCH_"


def default_config_dir() -> Path:
    """Return the repository's config/ folder (the package is installed editable)."""
    return Path(__file__).resolve().parents[2] / "config"


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
        if (not var.startswith(ENV_PREFIX) or var in LOCATOR_VARIABLES
                or var.startswith(HARNESS_PREFIX)):
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
    # Calibrations (`smartbranch faces calibrate --write ...`) are data with provenance,
    # kept in files of their own and laid over the defaults, under any profile.
    for calibration in sorted((config_dir / "calibration").glob("*.toml")):
        data = _merge(data, _read_toml(calibration))
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
