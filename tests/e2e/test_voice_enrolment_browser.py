"""Voice consent and enrolment on the tablet in Chromium, with a microphone that plays real
synthetic speech (Chromium's fake capture device reading a WAV file): consent given with the
form, four lines recorded, the voice enrolled; then withdrawn, and the templates gone."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from shared.biometrics.voice.challenge import challenge_grammar
from shared.demo import signins_for
from shared.models import BiometricTemplate, Branch, Customer
from shared.models.enums import Modality
from shared.speech.audio import read_wav
from shared.speech.commands import spoken_digits
from shared.speech.engines import create_speech_to_text
from shared.speech.stt import transcribe
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.e2e.staff_pages import sign_in
from tests.speech import espeak_writer

pytestmark = [pytest.mark.browser, pytest.mark.models]
WORDS = "zero one two three four five six seven eight nine".split()


def _heard_digits(settings, tmp_path):
    """Digits, and a WAV of them the recogniser hears right (it misreads one now and then)."""
    say = espeak_writer(tmp_path)
    stt = create_speech_to_text(settings)
    for digits in ("472916", "385027", "619384", "204857", "731650", "958142"):
        path = say(" ".join(WORDS[int(d)] for d in digits), "en-gb", 120)
        heard = transcribe(stt, read_wav(path), challenge_grammar(stt.language, len(digits)))
        if spoken_digits(heard, stt.language) == digits:
            return digits, path
    pytest.fail("espeak-ng's digits were misheard six times running")


def _voice_templates(live_server, customer_id: int) -> int:
    with live_server.database.session() as s:
        return s.scalar(select(func.count(BiometricTemplate.id)).where(
            BiometricTemplate.customer_id == customer_id,
            BiometricTemplate.modality == Modality.VOICE))


def test_voice_consent_enrolment_and_withdrawal_on_the_tablet(live_server, browser, settings,
                                                            screenshots, tmp_path):
    digits, recording = _heard_digits(settings, tmp_path)
    # A browser whose microphone plays the recording (in a loop) and never asks permission.
    listening = browser.browser_type.launch(
        executable_path=CHROMIUM, headless=True,
        args=[*CHROMIUM_ARGS, "--use-fake-ui-for-media-stream",
              "--use-fake-device-for-media-stream",
              f"--use-file-for-fake-audio-capture={recording}"])
    rm = next(s for s in signins_for(settings.demo.branches)
              if s.role == "relationship_manager" and s.branch_code == "LDN-01")
    with live_server.database.session() as s:
        customer = s.scalar(select(Customer).join(Branch, Branch.id == Customer.home_branch_id)
                            .where(Branch.code == "LDN-01").order_by(Customer.id.desc()))
        customer_id = customer.id
    try:
        page = listening.new_page(viewport={"width": 1280, "height": 900})
        sign_in(page, live_server.url, rm.username, rm.password)
        page.wait_for_url(f"{live_server.url}/staff/")
        page.goto(f"{live_server.url}/staff/customers/{customer_id}?reason=profile")
        voice = page.locator("#voice")
        voice.locator("input[name=confirmed]").check()
        voice.locator("#give-voice-consent").click()
        page.locator("#voice-consent-status.ok").wait_for()

        # The lines to read come from the server; the digits are pinned to the recording's.
        def pinned(route):
            answer = route.fetch()
            route.fulfill(response=answer, body=json.dumps({**answer.json(), "digits": digits}))

        page.route("**/voice/prompt", pinned)
        page.reload()
        lines = page.locator("#voice-lines li")
        lines.nth(3).wait_for()
        assert " ".join(digits) in lines.nth(3).inner_text()
        for i in range(4):
            button = lines.nth(i).locator("button")
            button.click()  # Record
            page.wait_for_timeout(3000)
            button.click()  # Stop
            lines.nth(i).locator(".muted", has_text="(").wait_for()  # "Recorded (3.0 s)"
        page.locator("#voice-enrol").click()
        page.locator("#voice-result", has_text="4 voice template(s) stored").wait_for(
            timeout=60_000)
        page.screenshot(path=screenshots / "staff-voice-enrolled.png", full_page=True)
        assert _voice_templates(live_server, customer_id) == 4

        page.locator("#voice-withdraw").click()
        page.locator(".flash", has_text="4 voice template(s) erased").wait_for()
        assert _voice_templates(live_server, customer_id) == 0
    finally:
        listening.close()
