"""`smartbranch config`: check and show the effective settings."""

from __future__ import annotations

import json

import click

from smartbranch.context import CliContext


def _mask_secrets(node):
    """Mask every non-empty value whose name ends in `key` (secret_key, pin_key, ...)."""
    if isinstance(node, dict):
        return {
            name: "********"
            if name.endswith("key") and isinstance(value, str) and value
            else _mask_secrets(value)
            for name, value in node.items()
        }
    if isinstance(node, list):
        return [_mask_secrets(item) for item in node]
    return node


@click.group()
def config() -> None:
    """Inspect the settings (config/*.toml plus SMARTBRANCH_* variables)."""


@config.command("show")
@click.pass_obj
def show(ctx: CliContext) -> None:
    """Validate the settings and print them as JSON, secrets masked."""
    click.echo(json.dumps(_mask_secrets(ctx.settings.model_dump(mode="json")), indent=2))
