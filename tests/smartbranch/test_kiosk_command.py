"""`smartbranch kiosk tokens`: issues tokens, prints pairing links, stores only hashes."""

from click.testing import CliRunner
from sqlalchemy import select

from shared.db import Database
from shared.devices import tokens as kiosk_tokens
from shared.models import Device
from shared.models.enums import DeviceKind
from smartbranch.cli import main
from tests.factories import make_branch, make_kiosk


def test_tokens_print_pairing_links_and_store_only_hashes(fresh_database, monkeypatch):
    with fresh_database.session() as s:
        branch = make_branch(s)
        make_kiosk(s, branch, code=f"{branch.code}-K1")
        make_kiosk(s, branch, code=f"{branch.code}-K2")
    monkeypatch.setenv("SMARTBRANCH_DATABASE_URL", fresh_database.settings.database.url)
    monkeypatch.setenv("SMARTBRANCH_APP_DATA_DIR", str(fresh_database.settings.app.data_dir))
    result = CliRunner().invoke(main, ["--profile", "testing", "kiosk", "tokens", "--all",
                                       "--base-url", "http://kiosk.test"])
    assert result.exit_code == 0, result.output
    links = [line.split()[-1] for line in result.output.splitlines() if "/pair?token=" in line]
    assert len(links) >= 2
    database = Database(fresh_database.settings)
    with database.session() as s:
        kiosks = {d.code: d for d in s.scalars(select(Device).where(
            Device.kind == DeviceKind.KIOSK))}
        for link in links:
            code = link.split("/kiosk/")[1].split("/")[0]
            token = link.split("token=")[1]
            assert token not in (kiosks[code].token_hash or "")
            assert kiosk_tokens.token_matches(kiosks[code], token)
    database.dispose()
    bad = CliRunner().invoke(main, ["--profile", "testing", "kiosk", "tokens", "NOPE-K9"])
    assert bad.exit_code == 2 and "no kiosk called NOPE-K9" in bad.output
