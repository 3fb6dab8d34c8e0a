"""`faces` and `biometrics` commands: clear errors with exit code 2, purge counts."""

import click
import pytest
from click.testing import CliRunner

from shared.biometrics.face.fake_engine import draw_faces
from smartbranch.commands.biometrics import biometrics
from smartbranch.commands.faces import faces


class _Ctx:
    def __init__(self, settings):
        self.settings = settings


def cli(settings):
    @click.group()
    @click.pass_context
    def root(ctx):
        ctx.obj = _Ctx(settings)

    root.add_command(faces)
    root.add_command(biometrics)
    return root


@pytest.fixture
def migrated(settings, migrated_engine):
    return settings


def test_enrol_without_consent_is_refused_cleanly(migrated, tmp_path):
    from PIL import Image

    photo = tmp_path / "p.png"
    Image.fromarray(draw_faces([1])).save(photo)
    result = CliRunner().invoke(cli(migrated), ["faces", "enrol", "--customer", "999999",
                                                str(photo)])
    assert result.exit_code == 2, result.output
    assert "no customer with id 999999" in result.output
    assert "Traceback" not in result.output


def test_enrol_with_a_too_short_template_key_is_refused_cleanly(migrated, tmp_path):
    bio = migrated.biometrics.model_copy(update={"template_key": "short"})
    settings = migrated.model_copy(update={"biometrics": bio})
    (tmp_path / "p.jpg").write_bytes(b"")
    result = CliRunner().invoke(cli(settings), ["faces", "enrol", "--customer", "1",
                                                str(tmp_path / "p.jpg")])
    assert result.exit_code == 2 and "template_key" in result.output


def test_without_a_configured_key_the_generated_one_is_shared(migrated):
    from smartbranch.secrets import template_cipher

    bio = migrated.biometrics.model_copy(update={"template_key": ""})
    settings = migrated.model_copy(update={"biometrics": bio})
    vector = __import__("numpy").arange(128, dtype="float32")
    sealed = template_cipher(settings).seal(vector, 7, "face", "m1")
    again = template_cipher(settings).open(sealed, 7, "face", "m1")  # another process's view
    assert (again == vector).all()


def test_eval_of_a_missing_dataset_is_a_usage_error(migrated, tmp_path):
    result = CliRunner().invoke(cli(migrated), ["faces", "eval", str(tmp_path / "none")])
    assert result.exit_code == 2


@pytest.mark.parametrize("mix", ["2,x", "2,0"])
def test_eval_refuses_a_bad_enrolment_mix(migrated, tmp_path, mix):
    result = CliRunner().invoke(cli(migrated), ["faces", "eval", str(tmp_path),
                                                "--enrol-mix", mix])
    assert result.exit_code != 0 and "--enrol-mix" in result.output


def test_purge_dry_run_reports_counts(migrated):
    result = CliRunner().invoke(cli(migrated), ["biometrics", "purge", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "would purge 0 template(s)" in result.output


@pytest.mark.parametrize("args", [["faces"], ["faces", "enrol"], ["faces", "eval"],
                                  ["faces", "calibrate"], ["biometrics", "purge"]])
def test_help(args, settings):
    result = CliRunner().invoke(cli(settings), [*args, "--help"])
    assert result.exit_code == 0 and "Usage:" in result.output
