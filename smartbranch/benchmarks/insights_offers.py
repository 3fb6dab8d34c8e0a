"""Next-best offer: ranking quality on held-out history, rule violations, and fairness.

Method. The committed ranking model (shared/insights/offers/ranking_model.json) is judged
on data it never saw: a held-out history of past offers generated with another seed
(shared.insights.offers.history: customers drawn like the demo's, outcomes from our
stated behaviour model, not a bank's data), and a fresh population of customers.

- Held-out ranking quality: the AUC of the model's probabilities against the outcomes,
  pooled and per product, beside the AUC of the behaviour model itself (the ceiling: no
  model can beat the probabilities the outcomes were drawn from).
- Acceptance of the offer made: for every customer who may be offered anything, the
  expected acceptance (the behaviour model's probability) of the model's top offer, against
  naive baselines on the same customers: the first eligible product in catalogue order, a
  random eligible product (the history's own policy), and the best possible (oracle). The
  old talking-point rules (rent -> mortgage, money left -> savings, travel -> travel card)
  are scored on the customers they suggest something to, with how often their suggestion
  breaks an eligibility rule (they never checked any).
- Eligibility violations: every ranked offer of every customer checked again against the
  rules, written out a second time here from the rules' docstring: must be 0.
- Fairness: eligibility, credit eligibility and acceptance of the top offer (one seeded
  draw from the behaviour model) by age band and language, by the four-fifths rule. Over
  customers who consented to marketing: consent is their choice, the rules are ours.

Run: `smartbranch bench insights --json` (the offers part), or this module's `run()`.
"""

from __future__ import annotations

import json
import random
import time
from collections import Counter

import click

SEED = 20261207  # not the training seed: held-out data
CUSTOMERS = 20_000
HELD_OUT_OFFERS = 20_000
TARGETS = {"eligibility_violations": 0, "min_top_offer_lift_vs_first_eligible": 1.1}


def _breaks_rules(f, product: str) -> list[str]:
    """The rules an offer breaks, checked apart from `eligible` (the docstring's rules)."""
    from shared.insights.offers import eligibility as rules
    from shared.insights.offers.catalogue import ISA, MORTGAGE, PRODUCTS

    credit = PRODUCTS[product].credit
    broken = []
    if not f.marketing_consent:
        broken.append("marketing consent")
    if product in f.holdings:
        broken.append("held")
    if (credit or product == ISA) and f.age < 18:
        broken.append("age")
    if credit and f.arrears:
        broken.append("arrears")
    if product == MORTGAGE:
        loan = rules.mortgage_loan_minor(f)
        if loan > 4.5 * 12 * f.monthly_income_minor:
            broken.append("loan to income")
        if f.savings_balance_minor * 0.95 < 0.05 * loan:
            broken.append("deposit")
    if credit and (f.monthly_income_minor <= 0 or f.monthly_debt_payments_minor
                   + rules.new_repayment_minor(f, product) > 0.4 * f.monthly_income_minor):
        broken.append("affordability")
    return broken


# The old rules' savings threshold: £300 a month unspent.
SAVINGS_FIT_MIN_SURPLUS_MINOR = 30_000


def _old_rule(f) -> str | None:
    """What the old talking points suggested, on the same figures (no eligibility check)."""
    from shared.insights.offers.catalogue import MORTGAGE, SAVINGS, TRAVEL_CARD
    if f.renting and MORTGAGE not in f.holdings:
        return MORTGAGE
    if SAVINGS not in f.holdings and f.monthly_surplus_minor >= SAVINGS_FIT_MIN_SURPLUS_MINOR:
        return SAVINGS
    # The old rule read "travel" in the customer's interests; the history draws a travel
    # share of 6 % and more for exactly those customers.
    if TRAVEL_CARD not in f.holdings and f.travel_spending_share >= 0.06:
        return TRAVEL_CARD
    return None


def _auc(outcomes: list[bool], scores: list[float]) -> float | None:
    from sklearn.metrics import roc_auc_score

    if len(set(outcomes)) < 2:
        return None
    return round(float(roc_auc_score(outcomes, scores)), 4)


def held_out_quality(model, seed: int, offers: int) -> dict:
    """AUC of the model and of the behaviour model on a history the model never saw."""
    from shared.insights.offers.history import acceptance_probability, generate_history

    history = generate_history(seed, offers)
    by_product: dict[str, tuple[list, list, list]] = {}
    for o in history:
        outcomes, scores, truth = by_product.setdefault(o.product, ([], [], []))
        outcomes.append(o.accepted)
        scores.append(model.score(o.financials, o.product))
        truth.append(acceptance_probability(o.financials, o.product))
    pooled = [sum((part[i] for part in by_product.values()), []) for i in range(3)]
    return {
        "offers": offers, "seed": seed,
        "accepted_rate": round(sum(pooled[0]) / len(pooled[0]), 4),
        "auc": _auc(pooled[0], pooled[1]), "auc_behaviour_model": _auc(pooled[0], pooled[2]),
        "mean_predicted": round(sum(pooled[1]) / len(pooled[1]), 4),
        "per_product": {p: {"offers": len(o), "accepted_rate": round(sum(o) / len(o), 4),
                            "auc": _auc(o, s), "auc_behaviour_model": _auc(o, t)}
                        for p, (o, s, t) in sorted(by_product.items())},
    }


def run(seed: int = SEED, customers: int = CUSTOMERS,
        held_out_offers: int = HELD_OUT_OFFERS) -> dict:
    from shared.insights.offers.catalogue import CATALOGUE
    from shared.insights.offers.eligibility import decisions
    from shared.insights.offers.fairness import FairnessRow, fairness_report
    from shared.insights.offers.history import acceptance_probability, population
    from shared.insights.offers.ranking import load, rank, train_ranking

    model = load()
    fresh = train_ranking(model.seed, model.offers)
    drift = max(abs(a - b) for key in model.products for a, b in zip(
        (model.products[key].intercept, *model.products[key].coefficients),
        (fresh.products[key].intercept, *fresh.products[key].coefficients), strict=True))

    people = population(seed, customers)
    rng = random.Random(f"offers:bench:{seed}")
    violations: Counter[str] = Counter()
    old_violations: Counter[str] = Counter()
    sums = Counter()
    top_products: Counter[str] = Counter()
    rows, example = [], None
    started = time.perf_counter()
    ranked_all = [rank(f, model) for f in people]
    rank_seconds = time.perf_counter() - started
    for f, ranked in zip(people, ranked_all, strict=True):
        for offer in ranked:
            for rule in _breaks_rules(f, offer.product):
                violations[rule] += 1
        allowed = [k for k, d in decisions(f).items() if d.allowed]
        if {o.product for o in ranked} != set(allowed):
            violations["ranking lost or added a product"] += 1
        old = _old_rule(f)
        if old is not None:
            sums["old_offers"] += 1
            sums["old_expected"] += acceptance_probability(f, old)
            broken = _breaks_rules(f, old)
            sums["old_breaking"] += bool(broken)
            old_violations.update(broken)
        accepted = None
        if ranked:
            truth = {k: acceptance_probability(f, k) for k in allowed}
            top = ranked[0]
            top_products[top.product] += 1
            sums["offered"] += 1
            sums["model"] += truth[top.product]
            sums["first_eligible"] += truth[next(p.key for p in CATALOGUE if p.key in truth)]
            sums["random_eligible"] += sum(truth.values()) / len(truth)
            sums["oracle"] += max(truth.values())
            accepted = rng.random() < truth[top.product]
            if example is None and top.product == "mortgage" and len(top.reasons) == 3:
                example = f"{', '.join(top.reasons)}: {top.product}"
        if f.marketing_consent:
            credit = any(d.allowed for k, d in decisions(f).items()
                         if k in {p.key for p in CATALOGUE if p.credit})
            rows.append(FairnessRow(f.age, f.language, bool(ranked), accepted, credit))

    offered = sums["offered"] or 1
    rate = {k: round(sums[k] / offered, 4) for k in
            ("model", "first_eligible", "random_eligible", "oracle")}
    report = fairness_report(rows)
    result = {
        "seed": seed, "customers": customers,
        "model": {"training_seed": model.seed, "training_offers": model.offers,
                  "max_drift_from_fresh_training": round(drift, 6)},
        "held_out": held_out_quality(model, seed, held_out_offers),
        "offered_customers": sums["offered"],
        "expected_acceptance_of_offer_made": rate,
        "top_offer_lift_vs_first_eligible": round(rate["model"] / rate["first_eligible"], 3)
        if rate["first_eligible"] else None,
        "top_offer_lift_vs_random_eligible": round(rate["model"] / rate["random_eligible"], 3)
        if rate["random_eligible"] else None,
        "share_of_oracle": round(rate["model"] / rate["oracle"], 3) if rate["oracle"] else None,
        "old_talking_point_rules": {
            "offers": sums["old_offers"],
            "expected_acceptance": round(sums["old_expected"] / sums["old_offers"], 4)
            if sums["old_offers"] else None,
            "offers_breaking_a_rule": sums["old_breaking"],
            "broken_rules": dict(sorted(old_violations.items()))},
        "top_offer_products": dict(top_products.most_common()),
        "eligibility_violations": sum(violations.values()),
        "violations_by_rule": dict(sorted(violations.items())),
        "rank_microseconds_per_customer": round(1e6 * rank_seconds / len(people), 1),
        "example_card": example,
        "fairness": report.as_dict(),
        "targets": TARGETS,
    }
    result["meets_targets"] = (
        result["eligibility_violations"] == TARGETS["eligibility_violations"]
        and (result["top_offer_lift_vs_first_eligible"] or 0)
        >= TARGETS["min_top_offer_lift_vs_first_eligible"])
    result["fairness_lines"] = report.lines()
    return result


@click.command("offers")
@click.option("--customers", default=CUSTOMERS, show_default=True, type=click.IntRange(100))
@click.option("--held-out-offers", default=HELD_OUT_OFFERS, show_default=True,
              type=click.IntRange(100))
@click.option("--seed", default=SEED, show_default=True, type=int)
@click.option("--json", "as_json", is_flag=True, help="Print only the JSON object.")
def offers_command(customers: int, held_out_offers: int, seed: int, as_json: bool) -> None:
    """Judge the next-best offer: held-out AUC, lift over naive offers, rules, fairness."""
    result = run(seed, customers, held_out_offers)
    if not as_json:
        click.echo("\n".join(result["fairness_lines"]))
    click.echo(json.dumps(result, indent=2, ensure_ascii=False))
