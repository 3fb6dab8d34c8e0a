"""Which shipped language a code or a browser's Accept-Language gets."""

import pytest
from werkzeug.datastructures import LanguageAccept

from shared.i18n.languages import ENGLISH, LANGUAGES, language, negotiate


@pytest.mark.parametrize(("header", "expected"), [
    ("zh-CN,zh;q=0.9,en;q=0.8", "zh"),
    ("zh-TW", "zh"),  # the one Chinese we ship
    ("fa-IR,fa;q=0.9", "fa"),
    ("ko", "ko"),
    ("it-IT,en;q=0.5", "it"),
    ("de-DE,fr;q=0.9", "en"),  # nothing shipped: English
    ("de;q=0.9,ko;q=0.8", "ko"),  # the best *shipped* one
    ("en;q=0.3,fa;q=0.7", "fa"),  # quality counts, not order
    ("fa;q=0,ko", "ko"),  # q=0 means not this one
    ("", "en"),
])
def test_the_best_shipped_language_the_browser_accepts(header, expected):
    accepted = LanguageAccept([(tag.split(";q=")[0], float(tag.split(";q=")[1])
                                if ";q=" in tag else 1.0)
                               for tag in header.split(",") if tag])
    assert negotiate(accepted).code == expected


def test_codes_locales_and_direction():
    assert set(LANGUAGES) == {"en", "zh", "ko", "fa", "it"}
    assert language("zh_Hans_CN").locale == "zh_Hans_CN" and language("zh-CN").tag == "zh-Hans-CN"
    assert language("KO-kr").code == "ko"
    assert language("fa").direction == "rtl" and language("it").direction == "ltr"
    assert language("xx") is ENGLISH and language(None) is ENGLISH


def test_the_kiosk_setting_offers_exactly_the_shipped_languages():
    from typing import get_args

    from shared.settings import KioskSettings

    assert set(get_args(KioskSettings.model_fields["language"].annotation)) == set(LANGUAGES)
