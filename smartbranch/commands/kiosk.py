"""`smartbranch kiosk`: kiosk device tokens and the pairing links of the touch screens."""

from __future__ import annotations

import click

from shared.devices.tokens import KioskTokenError, issue_token, kiosks
from smartbranch.commands.checks import migrated_session
from smartbranch.context import CliContext, CliError


@click.group()
def kiosk() -> None:
    """Kiosk stations: device tokens and pairing links."""


@kiosk.command("tokens")
@click.argument("codes", nargs=-1)
@click.option("--all", "all_kiosks", is_flag=True, help="Every kiosk in the database.")
@click.option("--base-url", default=None,
              help="Where the server is reached (default: http://<server.host>:<server.port>).")
@click.pass_obj
def tokens_command(ctx: CliContext, codes: tuple[str, ...], all_kiosks: bool,
                   base_url: str | None) -> None:
    """Issue or rotate kiosk tokens and print each pairing link (shown once, stored hashed).

    Open a kiosk's pairing link once on its touch screen; rotating a token ends the old
    pairing at once.
    """
    if not codes and not all_kiosks:
        raise CliError("name kiosk codes (e.g. LDN-01-K1) or pass --all")
    server = ctx.settings.server
    base = (base_url or f"http://{server.host}:{server.port}").rstrip("/")
    with migrated_session(ctx.settings) as session:
        try:
            found = kiosks(session, list(codes) or None)
        except KioskTokenError as exc:
            raise CliError(str(exc)) from None
        if not found:
            raise CliError("no kiosks in the database (smartbranch demo load adds some)")
        issued = [issue_token(session, device) for device in found]
    click.echo("Kiosk pairing links (open each once on its touch screen; the device page "
               "is /kiosk/<code>/devices):")
    for token in issued:
        click.echo(f"  {token.code:<12} {base}/kiosk/{token.code}/pair?token={token.token}")
