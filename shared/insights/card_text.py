"""The insights a relationship manager reads on the arrival card and the 360, in words.

Stored insights hold figures (shared.insights.engine); the sentences are made when shown,
so they come out in the reader's language. Most urgent first: a low balance ahead, then the
next pay day, bills due this week, a price rise, and the offer with its reasons.
"""

from __future__ import annotations

from datetime import date

from shared.i18n.moments import Day
from shared.i18n.text import N_, Text
from shared.insights.text_codec import decode_text
from shared.money.format import Amount

BILLS_SHOWN = 3
CADENCE_WORDS = {"weekly": N_("weekly"), "fortnightly": N_("fortnightly"),
                 "monthly": N_("monthly"), "quarterly": N_("quarterly"), "annual": N_("yearly")}


def _day(iso: str) -> Day:
    return Day(date.fromisoformat(iso))


def low_balance_text(warning: dict, currency: str) -> Text:
    return Text("Low balance ahead: %(account)s may fall to %(amount)s on %(date)s, "
                "after %(cause)s.", account=warning["account"],
                amount=Amount(warning["projected_minor"], warning.get("currency", currency)),
                date=_day(warning["date"]), cause=warning["cause"])


def pay_day_text(pay: dict, currency: str) -> Text:
    return Text("Next pay day %(date)s: about %(amount)s from %(payer)s.",
                date=_day(pay["next_date"]), amount=Amount(pay["amount_minor"], currency),
                payer=pay["payer"])


def bill_text(bill: dict, currency: str) -> Text:
    return Text("%(payee)s %(amount)s on %(date)s", payee=bill["payee"],
                amount=Amount(bill["amount_minor"], bill.get("currency", currency)),
                date=_day(bill["date"]))


def price_change_text(sub: dict, currency: str) -> Text:
    words = (N_("%(payee)s went up from %(old)s to %(new)s.") if sub["amount_minor"] >
             sub["previous_minor"] else N_("%(payee)s went down from %(old)s to %(new)s."))
    return Text(words, payee=sub["payee"], old=Amount(sub["previous_minor"], currency),
                new=Amount(sub["amount_minor"], currency))


def subscription_text(sub: dict, currency: str) -> Text:
    return Text("%(payee)s %(amount)s %(cadence)s", payee=sub["payee"],
                amount=Amount(sub["amount_minor"], currency),
                cadence=Text(CADENCE_WORDS.get(sub["cadence"], sub["cadence"])))


def joined(sentences: list[Text], separator: str = ", ") -> Text:
    """Several sentences as one, each still said in the reader's language."""
    return Text(separator.join(f"%(s{i})s" for i in range(len(sentences))),
                **{f"s{i}": sentence for i, sentence in enumerate(sentences)})


def offer_text(offer: dict) -> Text:
    reasons = joined([decode_text(r) for r in offer.get("reasons", [])])
    return Text("%(reasons)s: %(product)s", reasons=reasons, product=Text(offer["product_words"]))


def insight_points(insights: dict | None) -> list[dict]:
    """The card's points: each {code, text, product (for an offer, else None)}."""
    if not insights or insights.get("error"):
        return []
    currency = insights.get("currency") or "GBP"
    points = []
    if insights.get("low_balance"):
        points.append(("low_balance", low_balance_text(insights["low_balance"], currency), None))
    if insights.get("pay_day"):
        points.append(("pay_day", pay_day_text(insights["pay_day"], currency), None))
    bills = insights.get("bills_due") or []
    if bills:
        listed = joined([bill_text(b, currency) for b in bills[:BILLS_SHOWN]], "; ")
        more = len(bills) - BILLS_SHOWN
        points.append(("bills_due", Text("Bills due this week: %(bills)s.", bills=listed)
                       if more <= 0 else Text("Bills due this week: %(bills)s and %(more)s more.",
                                             bills=listed, more=more), None))
    rises = [s for s in insights.get("subscriptions") or [] if s.get("previous_minor")]
    if rises:
        points.append(("price_change", price_change_text(rises[0], currency), None))
    if insights.get("offer"):
        offer = insights["offer"]
        points.append((f"offer_{offer['product']}", offer_text(offer), offer["product"]))
    return [{"code": code, "text": text, "product": product} for code, text, product in points]
