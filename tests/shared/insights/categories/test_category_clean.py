"""Cleaning keeps the words that carry a category and drops what changes on every line."""

from __future__ import annotations

import pytest

from shared.insights.categories.clean import clean


@pytest.mark.parametrize(("narrative", "cleaned"), [
    ("CARD PAYMENT TO TESCO STORES 3297 ON 14/03", "zcard tesco stores"),
    ("PURCHASE AUTHORIZED ON 03/12 STARBUCKS STORE 10292 SEATTLE WA S384071234567890 CARD 4321",
     "zcard starbucks store seattle wa card"),
    ("REWE Markt GmbH//Berlin/DE 2024-03-12T18:21:44 KFN 1 VJ 2612",
     "rewe markt gmbh berlin de kfn vj"),
    ("DIRECT DEBIT PAYMENT TO BRITISH GAS REF 850012345679", "zdebit british gas ref"),
    ("D/D  EE LIMITED", "zdebit ee limited"),
    (")))  SAINSBURY'S S/MKTS", "zcard sainsburys s mkts"),
    ("BGC ACME LTD SALARY", "zcredit acme ltd salary"),
    ("CASH HALIFAX MAR12 ATM 1", "cash halifax atm"),
    ("VIS STARBUCKS SEATTLE 5.20 USD @ 1.2712 INCL NON-STERLING TRANS FEE",
     "zcard starbucks seattle"),
    ("AMZN Mktp UK*2H4ZL61G5", "amzn mktp uk"),
    ("BET365 ON 12 MAR", "bet365"),
    ("Kartenzahlung Bäckerei Müller", "zcard baeckerei mueller"),
    ("Top-Up by *4821", "top up by"),
])
def test_cleaning(narrative, cleaned):
    assert clean(narrative) == cleaned


def test_fee_words_stay_when_they_are_the_narrative():
    assert clean("NON-STERLING TRANSACTION FEE") == "non sterling transaction fee"
