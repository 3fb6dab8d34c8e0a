"""The keyword-rules baseline the model is measured against: what one would write on day one.

About 270 keywords: the big UK chains and billers (our demo's among them), a few of the
biggest international names, and the generic words that give a category away (coffee,
pizza, taxi, rent, insurance, fee, atm, salary...). The first rule whose keyword is a word
or phrase of the narrative (lower case, punctuation as spaces) wins, the income rules only
for money in; with none, money in is `other_income` and money out `shopping` (the
commonest spending category).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from shared.insights.taxonomy import INCOME

# (category, keywords), tried in this order: specific before generic.
RULES: Final[tuple[tuple[str, str], ...]] = (
    ("own_transfer", "credit card payment|barclaycard|amex|american express|mbna|"
                     "capital one|top up|topup|own account|current account|joint account"),
    ("savings_investments", "savings|saver|isa|pot|vault|premium bonds|ns&i|vanguard|"
                            "trading 212|trading212|nutmeg|moneybox|hargreaves|investment|"
                            "coinbase|freetrade"),
    ("salary", "salary|wages|payroll|net pay"),
    ("other_income", "interest paid|interest earned|gross interest|refund|cashback|dwp|"
                     "child benefit|hmrc|pension|dividend|benefit"),
    ("fees", "fee|charge|charges|overdraft|interest charged"),
    ("cash", "atm|cash|cashpoint|lnk|cash machine|withdrawal"),
    ("repayments", "loan|klarna|clearpay|afterpay|finance|black horse|zopa"),
    ("housing", "rent|mortgage|lettings|letting|landlord|housing"),
    ("insurance", "insurance|aviva|direct line|admiral|axa|churchill|hastings|lv|bupa|"
                  "petplan|geico|state farm|assurance"),
    ("bills_utilities", "energy|british gas|edf|ovo|octopus|e on|water|council|ctax|"
                        "council tax|electric|electricity|gas|vodafone|ee|o2|three|giffgaff|"
                        "bt|sky|virgin media|talktalk|broadband|mobile|tv licence|"
                        "verizon|comcast|telstra"),
    ("subscriptions", "netflix|spotify|disney|prime|apple com bill|itunes|icloud|youtube|"
                      "adobe|microsoft|dropbox|now tv|audible|patreon|gym|puregym|"
                      "fitness|subscription|membership"),
    ("coffee", "coffee|cafe|costa|starbucks|pret|nero|caffe|espresso|tim hortons|dunkin"),
    ("eating_out", "restaurant|pizza|burger|mcdonalds|kfc|nandos|wagamama|greggs|subway|"
                   "deliveroo|just eat|uber eats|dominos|wetherspoon|pub|bar|grill|kitchen|"
                   "takeaway|sushi|curry|diner|chipotle|leon|itsu|dishoom|bistro"),
    ("groceries", "tesco|sainsburys|asda|morrisons|aldi|lidl|waitrose|co op|coop|iceland|"
                  "ocado|spar|m&s food|supermarket|grocer|grocery|food|market|"
                  "whole foods|kroger|walmart|costco|woolworths|coles"),
    ("transport", "uber|bolt|taxi|tfl|trainline|rail|train|bus|shell|bp|esso|texaco|"
                  "petrol|fuel|parking|ncp|ringgo|national express|lyft|metro|transport"),
    ("health_personal_care", "boots|superdrug|pharmacy|chemist|dentist|dental|optician|"
                             "specsavers|hair|barber|salon|beauty|cvs|walgreens"),
    ("entertainment", "cinema|odeon|vue|cineworld|ticketmaster|theatre|bet365|betting|"
                      "lottery|ryanair|easyjet|british airways|airline|hotel|airbnb|"
                      "booking com|expedia|steam|playstation|xbox|museum"),
    ("shopping", "amazon|amzn|ebay|argos|john lewis|primark|next|h&m|zara|uniqlo|asos|"
                 "ikea|currys|apple store|waterstones|whsmith|tk maxx|shop|store"),
    ("other", "charity|donation|school|nursery|vets|tax|post office"),
)
_NOT_WORD: Final = re.compile(r"[^a-z0-9&]+")
_COMPILED: Final = tuple(
    (category, re.compile(r"(?:^| )(?:" + keywords + r")(?= |$)"))
    for category, keywords in RULES
)


def _words(description: str) -> str:
    """Lower-case words and numbers only: the rules see the narrative as printed."""
    return " ".join(_NOT_WORD.sub(" ", description.lower().replace("'", "")).split())


def baseline_category(description: str, amount_minor: int) -> str:
    """The first keyword rule that matches, else a guess from the sign."""
    text = _words(description)
    for category, pattern in _COMPILED:
        if category in INCOME and amount_minor <= 0:
            continue  # income is money in
        if pattern.search(text):
            return category
    return "other_income" if amount_minor > 0 else "shopping"


def baseline_categories(descriptions: Sequence[str], amounts_minor: Sequence[int]) -> list[str]:
    return [baseline_category(d, a) for d, a in zip(descriptions, amounts_minor, strict=True)]
