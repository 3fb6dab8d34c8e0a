"""`smartbranch config`: check and show the effective settings."""

from __future__ import annotations

import json

import click

from smartbranch.context import CliContext

SECRET_FIELDS = {("app", "secret_key"), ("biometrics", "template_key")}


@click.group()
def config() -> None:
    """Inspect the settings (config/*.toml plus SMARTBRANCH_* variables)."""


@config.command("show")
@click.pass_obj
def show(ctx: CliContext) -> None:
    """Validate the settings and print them as JSON, secrets masked."""
    data = ctx.settings.model_dump(mode="json")
    for section, key in SECRET_FIELDS:
        if data[section].get(key):
            data[section][key] = "********"
    click.echo(json.dumps(data, indent=2))
