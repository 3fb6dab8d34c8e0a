"""The insights a relationship manager reads on the arrival card and the 360, in words.

Stored insights hold figures (shared.insights.engine); the sentences are made when shown,
so they come out in the reader's language. Most urgent first: a low balance ahead, then the
next pay day, bills due this week, a price rise, and the offer with its reasons.
"""

from __future__ import annotations

from datetime import date, datetime

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
    """The warning, naming the payment that tips the balance under (when one does; else
    day-to-day spending alone takes it there)."""
    figures = {"account": warning["account"], "date": _day(warning["date"]),
               "amount": Amount(warning["projected_minor"], warning.get("currency", currency))}
    if warning.get("cause"):
        return Text("Low balance ahead: %(account)s may fall to %(amount)s on %(date)s, "
                    "after %(cause)s.", cause=warning["cause"], **figures)
    return Text("Low balance ahead: %(account)s may fall to %(amount)s on %(date)s.",
                **figures)


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


def insight_sections(insights: dict | None) -> dict | None:
    """What the 360 shows of the insights, section by section; None before the first."""
    if not insights or insights.get("error"):
        return None
    currency = insights.get("currency") or "GBP"
    low, pay, offer = insights.get("low_balance"), insights.get("pay_day"), insights.get("offer")
    return {
        "computed_at": datetime.fromisoformat(insights["computed_at"]),
        "low_balance": low_balance_text(low, currency) if low else None,
        "pay_day": pay_day_text(pay, currency) if pay else None,
        "bills": [bill_text(b, currency) for b in insights.get("bills_due", [])],
        "subscriptions": [
            {"text": subscription_text(s, currency),
             "change": price_change_text(s, currency) if s.get("previous_minor") else None}
            for s in insights.get("subscriptions", [])],
        "streams": [dict(s, next_on=date.fromisoformat(s["next_date"]),
                         cadence_words=Text(CADENCE_WORDS.get(s["cadence"], s["cadence"])))
                    for s in insights.get("streams", [])],
        "offer": {"product": offer["product"], "text": offer_text(offer)} if offer else None,
        "review": insights.get("review", []),
        "other_banks": [dict(t, at=datetime.fromisoformat(t["at"]))
                        for t in insights.get("transactions", [])
                        if t["account"].startswith("external:")],
    }


def kiosk_upcoming(insights: dict | None) -> dict:
    """What the customer sees at the kiosk after card and PIN: bills due this week and a
    low-balance warning (their own money, so no offer)."""
    if not insights or insights.get("error"):
        return {"warning": None, "bills": []}
    currency = insights.get("currency") or "GBP"
    low = insights.get("low_balance")
    return {"warning": low_balance_text(low, currency) if low else None,
            "bills": [bill_text(b, currency) for b in insights.get("bills_due", [])]}
