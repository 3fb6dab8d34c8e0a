"""Labelled transactions for training and measuring the categoriser, generated from a seed.

Each example is a (description, signed amount in minor units, category) as a bank would
print it: a merchant, payer or bank phrase (gazetteer.py) in one of many banks' narrative
styles (narratives.py), with dates, store numbers, card fragments, references, currency
conversion tails, truncation and case changes. Real narratives we score were never seen:
the model has to learn the words that carry a category, not our demo's merchants.

`generate(n, seed, part)` draws from every merchant and template (`part="all"`, what the
shipped model trains on), or from disjoint parts: `"train"` and `"heldout"` share no
merchant, payer or bank phrase and no narrative template (about a fifth of each list and a
quarter of the templates are held out), so a score on `"heldout"` measures what the model
does with merchants and statement styles it has never seen. Private people's names are drawn
on both sides (they are not merchants). Big chains come up more often than small ones, as on
a real statement (the held-out part draws evenly); `cover=True` first gives one example of
every spelling of every listed merchant, so training sees each at least once.

Ambiguous choices (the taxonomy's meanings in shared/insights/taxonomy.py decide, and where
they do not, the customer's point of view does):

- Money in. Pay from an employer (salary, wages, payroll, a Ltd's BACS credit) is
  `salary`. Every other money in that the customer earned or was given is `other_income`:
  interest, benefits (DWP, HMRC child benefit and tax credits, Social Security, Centrelink),
  pensions and annuities, tax refunds, cashback and rewards, dividends, insurance claim
  payouts, payouts from selling (eBay, Vinted), money from other people, and refunds from
  merchants, with or without the word REFUND (the taxonomy lists refunds under
  other_income; `is_income` then decides whether a refund counts as income).
- Own transfers and saving. Paying the customer's own credit card (at any bank:
  Barclaycard, Amex, "CREDIT CARD PAYMENT") is `own_transfer`, as the taxonomy says; so are
  moves between current accounts, joint accounts, and topping up the customer's own app or
  e-money account (Revolut, Monzo, Wise top-ups, "Top-Up by *1234", currency exchanges
  inside one app). Anything that names saving or investing is `savings_investments`, in
  both directions: savings accounts, pots and vaults (a Monzo pot is savings), ISAs, premium
  bonds, round-ups, investment and crypto platforms (Vanguard, Trading 212, Coinbase), and
  a personal pension contribution. Both are neutral, so a mix-up between them never changes
  income or spending.
- Repayments are loans: personal loans, car finance (Black Horse, VW Financial Services),
  student loans, and buy-now-pay-later instalments (Klarna, Clearpay, Afterpay, PayPal Pay
  in 3), since the purchase was made earlier and what leaves now repays credit. A mortgage
  is `housing`, never `repayments`; a credit card is `own_transfer`.
- Housing: rent to letting agents, housing associations and private landlords (a payment to
  a person with RENT/MIETE/LOYER in it), mortgage lenders, service charges, an HOA. A
  payment to a person without such a word is `other`.
- Bills: energy, water, council tax, mobile (including top-ups), broadband, pay-TV
  providers (Sky, Virgin Media, Xfinity, Foxtel) and the TV licence (and Germany's
  Rundfunkbeitrag). Streaming services are `subscriptions`; so are gyms and sports clubs
  (the taxonomy says gym), software, news and app subscriptions, Amazon Prime, Apple's and
  Google's subscription billing. A bank's own paid plan (Monzo Plus, Revolut Premium) is a
  `fees` entry: the bank charges it.
- Health and personal care: pharmacies and drugstore chains, including Boots, Superdrug,
  CVS, Walgreens, dm and Rossmann even though they also sell things that are shopping (a
  card line does not say what was bought; their core is pharmacy, health and beauty),
  dentists, opticians, physiotherapy, hairdressers, barbers, nails and beauty. Health
  insurance (Bupa, Vitality) is `insurance`.
- Entertainment holds travel: airlines, hotels, holiday and booking sites (Booking.com,
  Airbnb, Expedia), and also cinema, events, theme parks, games and gambling. Fares for
  getting about (rail, coach, metro, Eurostar, taxis, ride hailing, scooters, car hire),
  fuel, parking, tolls, EV charging, vehicle tax and garages are `transport`.
- Coffee is coffee-shop chains and independents (Starbucks, Costa, Pret, Gail's, Tim
  Hortons, "X Coffee", "X Cafe"); bakeries selling food to go (Greggs) and food delivery
  (Deliveroo, Uber Eats) are `eating_out`; Uber rides are `transport`.
- Groceries: supermarkets, convenience stores, butchers, greengrocers, off-licences, meal
  kits, grocery delivery. A supermarket's petrol station (TESCO PFS) is `transport`, its
  mobile network (Tesco Mobile) `bills_utilities`. Plain "Marks & Spencer" is `shopping`,
  M&S Food / Simply Food is `groceries`; Walmart and Costco are `groceries`, Target is
  `shopping`.
- One brand, two categories: Amazon's shop is `shopping`, Prime, Prime Video, Audible,
  Kindle Unlimited and AWS are `subscriptions`; an Apple Store is `shopping`, APPLE.COM/BILL
  (App Store and iCloud billing) `subscriptions`; Steam and PlayStation Store purchases are
  `entertainment`, PlayStation Plus and Game Pass `subscriptions`; Uber is `transport`, Uber
  Eats `eating_out`; Tesco is `groceries`, Tesco Mobile `bills_utilities`, Tesco PFS
  `transport`. "BP" is both a fuel brand and some banks' bill-payment prefix: the rest of
  the line decides.
- Cash: ATM withdrawals (any operator, LINK, CPT) and cash paid in; cashback rewards are
  `other_income`, and so is a cheque paid in (a mobile deposit). A foreign ATM or foreign
  purchase fee is `fees`.
- Other: payments to people, charities and donations, taxes (HMRC self-assessment, IRS),
  government fees (passport), post office, childcare, schools, vets, solicitors, cheques.
"""

from __future__ import annotations

import itertools
import random
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from shared.insights.categories import gazetteer as gz
from shared.insights.categories import narratives as nv
from shared.insights.taxonomy import KEYS

PARTS: Final = ("all", "train", "heldout")
# How often each category appears, roughly as in a current account (groceries, shops and
# transport most), flattened so the rare ones still have examples enough to learn from.
CATEGORY_WEIGHTS: Final[dict[str, float]] = {
    "groceries": 9, "eating_out": 8, "transport": 8, "shopping": 9, "coffee": 5,
    "entertainment": 7, "subscriptions": 6, "health_personal_care": 5, "bills_utilities": 7,
    "insurance": 4, "housing": 4, "salary": 4, "other_income": 7, "own_transfer": 5,
    "savings_investments": 5, "repayments": 4, "fees": 4, "cash": 5, "other": 6,
}
FIRST_DAY: Final = date(2023, 1, 1)
DAYS: Final = 1000


@dataclass(frozen=True, slots=True)
class Example:
    """One labelled transaction; `merchant` and `template` say where it came from."""

    description: str
    amount_minor: int
    category: str
    merchant: str = ""
    template: str = ""


@dataclass(frozen=True, slots=True)
class Amount:
    """Log-uniform between `low` and `high` major units; `step` rounds (cash, transfers)."""

    low: float
    high: float
    step: float = 0.01
    prices: tuple[float, ...] = ()

    def draw(self, rng: random.Random) -> int:
        if self.prices and rng.random() < 0.7:
            return round(rng.choice(self.prices) * 100)
        value = self.low * (self.high / self.low) ** rng.random()
        if self.step >= 1 and rng.random() < 0.85:
            value = max(self.step, round(value / self.step) * self.step)
        return max(1, round(value * 100))


# Bank phrases: each is a merchant of its own for the held-out split.
FEES: Final = (
    "OVERDRAFT FEE", "ARRANGED OVERDRAFT FEE", "UNARRANGED OD FEE", "OVERDRAFT INTEREST",
    "OD INTEREST", "OVERDRAFT USAGE FEE", "DAILY OD FEE", "INTEREST CHARGED", "DEBIT INTEREST",
    "ACCOUNT FEE", "MONTHLY ACCOUNT FEE", "MONTHLY MAINTENANCE FEE", "MONTHLY SERVICE FEE",
    "SERVICE CHARGE", "ACCOUNT CHARGE", "PACKAGED ACCOUNT FEE", "PLAN FEE", "Premium plan fee",
    "Metal plan fee", "Monzo Plus", "Monzo Premium", "NON-STERLING TRANSACTION FEE",
    "NON-STERLING CASH FEE", "FOREIGN TRANSACTION FEE", "FOREIGN TXN FEE",
    "INTL TRANSACTION FEE", "INTERNATIONAL PURCHASE FEE", "CROSS BORDER FEE", "FX FEE",
    "CURRENCY CONVERSION FEE", "ATM FEE", "ATM SURCHARGE", "NON-CHASE ATM FEE",
    "OUT OF NETWORK ATM FEE", "UNPAID ITEM CHARGE", "RETURNED ITEM FEE", "NSF FEE",
    "INSUFFICIENT FUNDS FEE", "RETURNED DD FEE", "PAPER STATEMENT FEE", "WIRE TRANSFER FEE",
    "INCOMING WIRE FEE", "CHAPS FEE", "CARD REPLACEMENT FEE", "LATE PAYMENT FEE",
    "Kontofuehrungsgebuehr", "Kontofuehrung", "Entgeltabrechnung", "Entgelt Girokonto",
    "Frais de tenue de compte", "Cotisation carte", "Frais bancaires", "Bankkosten",
    "Comision mantenimiento", "Account Keeping Fee", "Dishonour Fee", "Overdrawn Fee",
    "International Transaction Fee", "CHARGES", "ACCOUNT MAINTENANCE CHARGE",
    "Revolut Plus plan fee", "Starling fee", "BANK CHARGES", "COMMISSION CHARGE",
    "EXCESS TRANSACTION FEE", "OVERLIMIT FEE", "STOP PAYMENT FEE", "CASH ADVANCE FEE",
    "Frais carte bancaire", "Frais paiement hors zone euro", "Commission d'intervention",
    "Cotisation offre groupee", "Frais retrait DAB", "Frais de gestion compte",
    "Entgelt fuer Kontofuehrung", "Auslandseinsatzentgelt", "Gebuehren Girokonto",
    "Kosten rekening", "Kosten betaalpakket", "Comision por descubierto",
    "Comision tarjeta", "Commissione tenuta conto", "Spese tenuta conto", "Imposta di bollo",
    "Maintenance fee", "Overdraft charge", "Bank fee", "Card fee", "Monthly plan charge",
)
INTEREST_IN: Final = (
    "INTEREST PAID", "GROSS INTEREST", "CREDIT INTEREST", "INTEREST EARNED",
    "INTEREST PAYMENT", "Zinsen", "Habenzinsen", "Interets crediteurs", "INT PAID", "Interest",
    "MONTHLY INTEREST", "Savings interest", "INTEREST CREDIT", "Bonus interest",
    "Interest Earned This Period", "INTEREST TO {dd_mon}", "Credit interest paid",
    "Intereses", "Rente", "NET INTEREST",
)
REWARDS_IN: Final = (
    "CASHBACK", "Cashback reward", "CASHBACK REWARD {ref}", "REWARDS REDEMPTION",
    "Switching bonus", "SWITCH INCENTIVE", "Referral bonus", "CASH BACK BONUS",
    "Statement credit rewards", "Quidco cashback", "TopCashback", "Rakuten Rewards",
    "CASHBACK {mon_yyyy}", "Welcome bonus", "Loyalty reward",
)
OWN_OUT: Final = (
    "TRANSFER TO CURRENT ACCOUNT", "TFR TO {F} {S} CURRENT ACC", "TRANSFER TO {acc}",
    "INTERNAL TRANSFER TO {acc}", "OWN ACCOUNT TRANSFER", "TRANSFER BETWEEN ACCOUNTS",
    "ONLINE TRANSFER TO CHK ...{last4}", "TO JOINT ACCOUNT", "Transfer to xx{last4} NetBank",
    "Transfer to xx{last4} CommBank app", "MOBILE TRANSFER TO {acc}", "Umbuchung Girokonto",
    "Uebertrag auf Girokonto", "Virement interne", "Virement compte a compte",
    "TFR {acc} {F} {S}", "ACCOUNT TRANSFER OUT", "TRANSFER TO CHECKING",
    "TRANSFER TO {F}S MONZO", "TO MONZO", "TO STARLING {acc}", "REVOLUT**{last4}*",
    "REVOLUT TOP UP", "MONZO TOP UP", "WISE TOP UP", "TRANSFERWISE TOPUP", "TOPUP MONZO",
    "STARLING TOP UP", "Exchanged to EUR", "Exchanged to USD", "To {F} {S} own account",
    "Transfer to own account {acc}", "Eigenuebertrag", "TRANSFER TO JOINT ACC {acc}",
    "Sent to my Chase account", "Funds transfer to {acc}", "Move money to {F} {S}",
)
OWN_IN: Final = (
    "TRANSFER FROM CURRENT ACCOUNT", "TFR FROM {F} {S} CURRENT ACC", "TRANSFER FROM {acc}",
    "INTERNAL TRANSFER FROM {acc}", "FROM JOINT ACCOUNT", "Transfer from xx{last4} NetBank",
    "ONLINE TRANSFER FROM CHK ...{last4}", "TRANSFER FROM CHECKING", "Top-Up by *{last4}",
    "Top up by card {last4}", "Apple Pay top-up by *{last4}", "Money added from {F} {S}",
    "Exchanged from USD", "Exchanged from GBP", "Uebertrag von Girokonto",
    "TFR FROM {acc} {F} {S}", "ACCOUNT TRANSFER IN", "From {F} {S} own account",
    "Transfer from own account {acc}", "Topped up from {F} {S}", "Funds transfer from {acc}",
    "Bank Transfer Top-Up", "PAYMENT RECEIVED - THANK YOU", "Payment received thank you",
    "CREDIT CARD PAYMENT RECEIVED", "AUTOPAY PAYMENT - THANK YOU",
)
CARD_PAYMENTS: Final = (
    "CREDIT CARD PAYMENT", "CC PAYMENT {last4}", "PAYMENT TO CREDIT CARD", "CARD REPAYMENT",
    "VISA PAYMENT", "MASTERCARD PAYMENT", "CREDIT CARD AUTOPAY", "CARD PAYMENT {last4}",
    "PAYMENT TO CARD ENDING {last4}", "Kreditkartenabrechnung", "CREDIT CRD EPAY",
    "Credit card bill", "CC AUTOPAY {last4}",
)
POTS: Final = ("Holiday", "Bills", "Rainy Day", "House", "Car", "Christmas", "Emergency",
               "Wedding", "Savings", "Travel", "House Deposit", "Baby", "Tax", "Goals")
SAVE_OUT: Final = (
    "TO SAVINGS ACC {acc}", "TFR TO SAVINGS", "SAVINGS TRANSFER", "Transfer to {pot} pot",
    "Transfer to pot", "MONZO POT {pot}", "To {pot} Vault", "To GBP Savings",
    "To instant access savings", "REGULAR SAVER {acc}", "EASY ACCESS SAVER", "ISA TRANSFER",
    "CASH ISA {acc}", "STOCKS & SHARES ISA", "LIFETIME ISA", "JUNIOR ISA {F}",
    "HELP TO BUY ISA", "Umbuchung auf Tagesgeld", "Sparplan {ref}", "Festgeld Anlage",
    "Versement Livret A", "Epargne {ref}", "Spaarrekening", "HIGH YIELD SAVINGS {last4}",
    "GOAL SAVER", "NETBANK SAVER", "BONUS SAVER", "ROUND UP", "Round up to {pot}",
    "KEEP THE CHANGE TRANSFER", "SAVE THE CHANGE", "Savings Space {pot}", "Autosave",
    "Transfer to Savings xx{last4}", "SAVINGS {F} {S}", "PREMIUM BONDS", "INVESTMENT {ref}",
    "PENSION CONTRIBUTION", "SIPP CONTRIBUTION", "MONTHLY SAVING", "Save to {pot}",
    "Deposit to savings", "To Flexible Cash Funds", "Sparen {pot}",
)
SAVE_IN: Final = (
    "FROM SAVINGS ACC", "TFR FROM SAVINGS", "Transfer from {pot} pot", "From GBP Savings",
    "ISA WITHDRAWAL", "SAVINGS WITHDRAWAL", "Umbuchung von Tagesgeld", "FROM INSTANT SAVER",
    "Withdrawal from {pot} Vault", "MONZO POT WITHDRAWAL", "Transfer from Savings xx{last4}",
    "FROM EASY ACCESS SAVER {acc}", "Retrait Livret A", "From Flexible Cash Funds",
    "INVESTMENT WITHDRAWAL {ref}", "PREMIUM BONDS PRIZE",
)
LOANS: Final = (
    "LOAN REPAYMENT", "LOAN PMT {acc}", "PERSONAL LOAN {acc}", "CAR FINANCE {ref}",
    "HP AGREEMENT {ref}", "LOAN INSTALMENT", "Kreditrate {ref}", "Darlehen Rate",
    "ECHEANCE PRET {ref}", "LOAN PAYMENT {acc}", "AUTO LOAN PMT", "STUDENT LOAN",
    "LOAN {acc} REPAYMENT", "LOAN OVERPAYMENT", "FINANCE AGREEMENT {ref}", "Cuota prestamo",
)
BNPL: Final = ("KLARNA*{n}", "CLEARPAY*{n}", "AFTERPAY*{n}", "PAYPAL *PAYIN3 {n}",
               "LAYBUY*{n}", "ZILCH*{n}", "AFFIRM *{n}", "Klarna {n} instalment")
PERSON_REFS: Final = (
    "DINNER", "THANKS", "BIRTHDAY", "TICKETS", "HOLIDAY", "SPLIT", "GIFT", "PRESENT",
    "CLEANING", "BABYSITTING", "LESSONS", "CAR SHARE", "DRINKS", "MONEY", "CHRISTMAS",
    "WEDDING", "FOOTBALL", "TUTOR", "", "", "", "PAYMENT", "SORRY", "KIDS", "MUM", "DAD",
    "SHOPPING", "PIZZA", "HOUSE", "LOAN", "PETROL", "FOOD", "X", "CHEERS", "ETC",
)
RENT_PHRASES: Final = (
    "{P} RENT", "RENT {P}", "RENT {mon}", "{P} RENT {mon}", "RENT FLAT {n}",
    "RENT {n} {W} ROAD", "MIETE {P}", "Miete {mon_yyyy}", "LOYER {P}", "HUUR {P}",
    "RENT PAYMENT", "ROOM RENT", "{P} LANDLORD", "RENT {mon_yyyy}", "Rent for {mon}",
)
SALARY_PHRASES: Final = (
    "{n} SALARY", "SALARY {n}", "{n} WAGES", "WAGES {n}", "{n} PAYROLL", "PAYROLL {n}",
    "{n} PAY", "{n} NET PAY", "{n}", "{n}", "{n} SAL {mon}", "{n} SALARY {mon}",
    "Gehalt {mm_yyyy} {n}", "Lohn Gehalt {n}", "SALAIRE {mon} {n}", "Salaris {n}",
    "Nomina {n}", "Stipendio {n}", "{n} PAYROLL PPD", "{n} DIRECT DEP", "PAY {n} {mon}",
    "{n} MONTHLY PAY", "{n} WEEKLY WAGES", "{n} BONUS", "{n} PAYSLIP", "SAL {n}",
    "{n} PAYMENT OF SALARY", "Payroll Deposit {n}",
)
PENSION_PHRASES: Final = ("{n}", "{n} PENSION", "PENSION {n}", "{n} ANNUITY", "{n} PENSIONS",
                          "Rente {n}", "{n} RETIREMENT")
CHEQUES_IN: Final = ("MOBILE DEPOSIT", "REMOTE ONLINE DEPOSIT {num6}", "CHEQUE DEPOSIT",
                     "CHQ DEPOSIT {num6}", "Cheque paid in", "ATM CHECK DEPOSIT {mmdd}",
                     "Scheckeinreichung", "REMISE CHEQUE {num6}")
PAYOUTS: Final = ("VINTED PAYOUT", "EBAY PAYOUT", "EBAY COMMERCE UK PAYOUT", "ETSY DEPOSIT",
                  "DEPOP PAYOUT", "AIRBNB PAYOUT", "UPWORK ESCROW", "FIVERR PAYOUT",
                  "STRIPE PAYOUT", "SHOPIFY PAYOUT", "PAYPAL TRANSFER", "GUMTREE SALE")
DIVIDENDS: Final = ("DIVIDEND {n}", "{n} DIV", "DIV {n}", "Dividende {n}", "{n} DIVIDEND PAYMENT")
CLAIMS: Final = ("{n} CLAIM {ref}", "CLAIM PAYMENT {n}", "{n} SETTLEMENT", "{n} CLAIM PAYOUT")
CHEQUES: Final = ("CHQ {num6}", "CHEQUE {num6}", "CHECK #{store}", "CHEQUE PAID {num6}",
                  "Scheck {num6}", "CHECK {store}")
DEPOSIT_PLACES: Final = gz.merchants("""
Branch|BRANCH COUNTER
Post Office|POST OFFICE COUNTERS
PayPoint
ATM
Barclays|BARCLAYS BANK
HSBC
Lloyds
NatWest
Halifax
Santander
Chase
Wells Fargo
Sparkasse
CBA
""")
INITIALS: Final = "ABCDEFGHJKLMNPRSTW"


@dataclass(frozen=True, slots=True)
class _Source:
    """One kind of transaction in a category: who, how it is paid, how much."""

    category: str
    weight: float
    names: tuple[tuple[str, ...], ...] | str  # merchants, or "independent"/"person"/...
    channels: tuple[tuple[str, float], ...]
    amount: Amount
    sign: int = -1  # -1 money out, +1 money in, 0 either
    wrap: tuple[str, ...] = ()  # phrases the name is put in ({n}), drawn per example


def _phrases(items: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    return tuple((item,) for item in items)


SUBSCRIPTION_PRICES: Final = (2.99, 4.99, 5.99, 6.99, 7.99, 8.99, 9.99, 10.99, 11.99, 12.99,
                              14.99, 15.99, 17.99, 19.99, 24.99, 29.99, 34.99, 39.99, 49.99)
CARD: Final = (("card", 1.0),)
BILLING: Final = (("debit", 0.8), ("card", 0.2))
PAYING: Final = (("order", 0.5), ("debit", 0.5))
SOURCES: Final[tuple[_Source, ...]] = (
    _Source("groceries", 7, gz.GROCERIES, CARD, Amount(1.5, 180)),
    _Source("groceries", 3, "independent", CARD, Amount(1.2, 90)),
    _Source("coffee", 6, gz.COFFEE, CARD, Amount(1.8, 16)),
    _Source("coffee", 4, "independent", CARD, Amount(1.8, 16)),
    _Source("eating_out", 6, gz.EATING_OUT, CARD, Amount(3, 110)),
    _Source("eating_out", 5, "independent", CARD, Amount(4, 160)),
    _Source("transport", 7, gz.TRANSPORT, (("card", 0.9), ("debit", 0.1)), Amount(1.5, 120)),
    _Source("transport", 2, "independent", CARD, Amount(3, 400)),
    _Source("shopping", 8, gz.SHOPPING, CARD, Amount(2, 450)),
    _Source("shopping", 3, "independent", CARD, Amount(3, 300)),
    _Source("subscriptions", 7, gz.SUBSCRIPTIONS, (("card", 0.7), ("debit", 0.3)),
            Amount(2, 90, prices=SUBSCRIPTION_PRICES)),
    _Source("subscriptions", 2, "independent", (("card", 0.5), ("debit", 0.5)),
            Amount(5, 90, prices=SUBSCRIPTION_PRICES)),
    _Source("entertainment", 7, gz.ENTERTAINMENT, CARD, Amount(4, 900)),
    _Source("entertainment", 3, "independent", CARD, Amount(4, 600)),
    _Source("health_personal_care", 6, gz.HEALTH_PERSONAL_CARE, CARD, Amount(2, 250)),
    _Source("health_personal_care", 4, "independent", CARD, Amount(5, 300)),
    _Source("bills_utilities", 7, gz.BILLS, BILLING, Amount(6, 260)),
    _Source("bills_utilities", 3, "independent", BILLING, Amount(10, 300)),
    _Source("insurance", 6, gz.INSURANCE, (("debit", 0.85), ("card", 0.15)), Amount(4, 220)),
    _Source("insurance", 3, "independent", (("debit", 0.85), ("card", 0.15)), Amount(4, 220)),
    _Source("housing", 5, gz.HOUSING, PAYING, Amount(300, 3500, step=5)),
    _Source("housing", 2, "independent", PAYING, Amount(300, 3500, step=5)),
    _Source("housing", 3, "rent", (("order", 1.0),), Amount(300, 2500, step=50)),
    _Source("repayments", 6, gz.REPAYMENTS, (("debit", 0.7), ("order", 0.3)), Amount(10, 700)),
    _Source("repayments", 2, "bnpl", CARD, Amount(8, 160)),
    _Source("repayments", 2, "independent", (("debit", 0.7), ("order", 0.3)), Amount(15, 700)),
    _Source("repayments", 1, _phrases(LOANS), (("bank", 1.0),), Amount(30, 900)),
    _Source("fees", 1, _phrases(FEES), (("bank", 1.0),), Amount(0.25, 45)),
    _Source("cash", 8, gz.ATM_OPERATORS, (("atm", 1.0),), Amount(10, 500, step=10)),
    _Source("cash", 2, DEPOSIT_PLACES, (("deposit", 1.0),), Amount(10, 3000, step=5), sign=1),
    _Source("salary", 1, "employer", (("credit", 1.0),), Amount(700, 9500), sign=1,
            wrap=SALARY_PHRASES),
    _Source("other_income", 3, gz.BENEFITS, (("credit", 1.0),), Amount(15, 1600), sign=1),
    _Source("other_income", 2, gz.PENSION_PAYERS, (("credit", 1.0),), Amount(80, 3500),
            sign=1, wrap=PENSION_PHRASES),
    _Source("other_income", 2, _phrases(INTEREST_IN), (("bank", 1.0),), Amount(0.01, 80),
            sign=1),
    _Source("other_income", 3, "refund", (("refund", 1.0),), Amount(1.5, 300), sign=1),
    _Source("other_income", 1, _phrases(REWARDS_IN), (("bank", 1.0),), Amount(0.5, 200),
            sign=1),
    _Source("other_income", 2, "person", (("credit", 1.0),), Amount(3, 700), sign=1),
    _Source("other_income", 1, _phrases(PAYOUTS), (("credit", 1.0),), Amount(5, 600), sign=1),
    _Source("other_income", 0.5, _phrases(CHEQUES_IN), (("bank", 1.0),), Amount(10, 1500),
            sign=1),
    _Source("other_income", 0.5, gz.EMPLOYERS, (("credit", 1.0),), Amount(1, 400), sign=1,
            wrap=DIVIDENDS),
    _Source("other_income", 0.5, gz.INSURANCE, (("credit", 1.0),), Amount(50, 3000), sign=1,
            wrap=CLAIMS),
    _Source("own_transfer", 4, _phrases(OWN_OUT), (("bank", 1.0),), Amount(5, 3000, step=10)),
    _Source("own_transfer", 3, _phrases(OWN_IN), (("bank", 1.0),), Amount(5, 3000, step=10),
            sign=1),
    _Source("own_transfer", 3, gz.CREDIT_CARDS, (("debit", 0.6), ("order", 0.4)),
            Amount(20, 2500)),
    _Source("own_transfer", 1.5, _phrases(CARD_PAYMENTS), (("bank", 1.0),), Amount(20, 2500)),
    _Source("savings_investments", 5, _phrases(SAVE_OUT), (("bank", 1.0),),
            Amount(1, 2000, step=10)),
    _Source("savings_investments", 2, _phrases(SAVE_IN), (("bank", 1.0),),
            Amount(5, 3000, step=10), sign=1),
    _Source("savings_investments", 4, gz.SAVINGS_PROVIDERS, PAYING, Amount(5, 2500, step=5)),
    _Source("savings_investments", 1, gz.SAVINGS_PROVIDERS, (("credit", 1.0),),
            Amount(10, 5000, step=5), sign=1),
    _Source("other", 2, gz.CHARITIES, (("debit", 0.5), ("card", 0.3), ("order", 0.2)),
            Amount(2, 120, step=1)),
    _Source("other", 3, gz.OTHER_PAYEES, (("card", 0.5), ("debit", 0.25), ("order", 0.25)),
            Amount(2, 2500)),
    _Source("other", 4, "person", (("order", 1.0),), Amount(3, 700, step=5)),
    _Source("other", 2, "independent", (("card", 0.5), ("order", 0.3), ("debit", 0.2)),
            Amount(5, 1200)),
    _Source("other", 1, _phrases(CHEQUES), (("bank", 1.0),), Amount(10, 2500)),
)
REFUNDABLE: Final = ("groceries", "eating_out", "transport", "shopping", "entertainment",
                     "health_personal_care", "subscriptions", "coffee")


def _split_of(key: str) -> str:
    """The part a generated name or phrase belongs to (stable across runs and machines)."""
    return "heldout" if zlib.crc32(key.lower().encode()) % 5 == 0 else "train"


def _in_part(key: str, part: str) -> bool:
    return part == "all" or _split_of(key) == part


def _template_in_part(index: int, part: str) -> bool:
    return part == "all" or (part == "heldout") == nv.held_out_template(index)


class _Drawer:
    """Draws the names and templates of one part of the data."""

    def __init__(self, rng: random.Random, part: str):
        if part not in PARTS:
            raise ValueError(f"part must be one of {', '.join(PARTS)}")
        self.rng, self.part = rng, part
        self._listed: dict[int, tuple[list[tuple[str, ...]], list[float]]] = {}
        self._templates = {
            channel: [(i, t) for i, t in enumerate(templates) if _template_in_part(i, part)]
            for channel, templates in nv.CHANNELS.items()
        }

    def listed(self, names: tuple[tuple[str, ...], ...]) -> tuple[str, ...]:
        """One merchant (all its spellings) of this part.

        Lists start with the big chains, and statements are full of them: the merchant at
        rank r is drawn with weight 1/sqrt(r + 1). The held-out part draws evenly instead,
        so its score is that of a typical new merchant, not of its few biggest.
        """
        found = self._listed.get(id(names))
        if found is None:
            ranked = [(rank, m) for rank, m in enumerate(names) if _in_part(m[0], self.part)]
            if not ranked:
                raise ValueError(f"no merchant of {names[0][0]}'s list in part {self.part}")
            even = self.part == "heldout"
            weights = list(itertools.accumulate(
                1.0 if even else (rank + 1) ** -0.5 for rank, _ in ranked))
            found = ([m for _, m in ranked], weights)
            self._listed[id(names)] = found
        pool, cumulative = found
        return self.rng.choices(pool, cum_weights=cumulative)[0]

    def built(self, make: Callable[[], str]) -> str:
        """A generated name whose split is this part's."""
        for _ in range(200):
            name = make()
            if _in_part(name, self.part):
                return name
        raise RuntimeError("could not draw a name for this part")  # pragma: no cover

    def template(self, channel: str) -> tuple[int, str]:
        return self.rng.choice(self._templates[channel])

    def person(self) -> str:
        rng = self.rng
        first, last = rng.choice(gz.FIRST_NAMES), rng.choice(gz.SURNAMES)
        return rng.choice((f"{first} {last}", f"MR {rng.choice(INITIALS)} {last}",
                           f"MRS {rng.choice(INITIALS)} {last}", f"{first[0]} {last}",
                           f"{last} {first}", f"{first} {rng.choice(INITIALS)} {last}",
                           f"MS {first[0]} {last}"))

    def fill(self, pattern: str, city: str) -> str:
        rng = self.rng
        return (pattern.replace("{W2}", rng.choice(gz.WORDS))
                .replace("{W}", rng.choice(gz.WORDS)).replace("{S}", rng.choice(gz.SURNAMES))
                .replace("{F}", rng.choice(gz.FIRST_NAMES)).replace("{C}", city))


def _pick(rng: random.Random, weighted: tuple[tuple[str, float], ...]) -> str:
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights)[0]


def _spelling(rng: random.Random, spellings: tuple[str, ...]) -> str:
    """The merchant's usual name half the time, else one of the ways banks print it."""
    return spellings[0] if rng.random() < 0.45 else rng.choice(spellings)


def _who(drawer: _Drawer, source: _Source, city: str,
         spelling: tuple[str, str] | None) -> tuple[str, str]:
    """(merchant key, name as printed before the channel template); `spelling` forces a
    listed merchant's (key, spelling)."""
    rng = drawer.rng
    names = source.names
    if not isinstance(names, str):
        if spelling is None:
            spellings = drawer.listed(names)
            key, name = spellings[0], _spelling(rng, spellings)
        else:
            key, name = spelling
        if source.wrap:
            name = rng.choice(source.wrap).replace("{n}", name)
        return key, name
    if names == "independent":
        patterns = gz.INDEPENDENT[source.category]
        name = drawer.built(lambda: drawer.fill(rng.choice(patterns), city))
        return name, name
    if names == "employer":
        def employer() -> str:
            if rng.random() < 0.3:
                return _spelling(rng, rng.choice(gz.EMPLOYERS))
            return (f"{rng.choice(gz.WORDS + gz.SURNAMES)} "
                    f"{rng.choice(gz.EMPLOYER_WORDS)} {rng.choice(gz.EMPLOYER_SUFFIXES)}")
        name = drawer.built(employer)
        return name, rng.choice(source.wrap).replace("{n}", name)
    if names == "person":
        person = drawer.person()
        ref = rng.choice(PERSON_REFS)
        return "person", f"{person} {ref}".strip()
    if names == "rent":
        pattern = drawer.built(lambda: rng.choice(RENT_PHRASES))
        name = (pattern.replace("{P}", drawer.person()).replace("{n}", str(rng.randint(1, 99)))
                .replace("{W}", rng.choice(gz.WORDS)))
        return pattern, name
    if names == "bnpl":
        pattern = drawer.built(lambda: rng.choice(BNPL))
        shop = _spelling(rng, rng.choice(gz.SHOPPING))
        return pattern.split("*")[0], pattern.replace("{n}", shop)
    if names == "refund":
        category = rng.choice(REFUNDABLE)
        listed = [s for s in SOURCES if s.category == category and not isinstance(s.names, str)]
        spellings = drawer.listed(listed[0].names)
        return spellings[0], _spelling(rng, spellings)
    raise ValueError(names)  # pragma: no cover


def _example(drawer: _Drawer, source: _Source,
             spelling: tuple[str, str] | None = None) -> Example:
    rng = drawer.rng
    city, country = rng.choice(gz.CITIES) if rng.random() < 0.55 else (
        rng.choice(gz.CITIES[:28]))
    country3, states, currency = gz.REGION_CODES[country]
    key, name = _who(drawer, source, city, spelling)
    channel = _pick(rng, source.channels)
    index, template = drawer.template(channel)
    amount = source.amount.draw(rng)
    sign = source.sign or rng.choice((-1, 1))
    day = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
    scene = nv.Scene(rng, name, city, country, rng.choice(states), currency, country3, day,
                     amount)
    if "{" in name:
        name = name.format_map(_Phrase(scene, drawer))
    if channel != "bank" and source.names not in ("person", "rent"):
        name = nv.mangle_name(rng, name)
    scene["m"] = name
    text = template.format_map(scene)
    text = nv.add_noise(rng, nv.print_case(rng, " ".join(text.split(" ")).strip()))
    return Example(text, sign * amount, source.category, key, f"{channel}:{index}")


class _Phrase(dict):
    """Fills a bank phrase's own placeholders ({acc}, {pot}, {F} ...) from the scene."""

    def __init__(self, scene: nv.Scene, drawer: _Drawer):
        super().__init__()
        self.scene, self.drawer = scene, drawer

    def __missing__(self, key: str) -> str:
        rng = self.drawer.rng
        if key == "pot":
            return rng.choice(POTS)
        if key == "F":
            return rng.choice(gz.FIRST_NAMES)
        if key == "S":
            return rng.choice(gz.SURNAMES)
        return self.scene[key]


def generate(n: int, seed: int = 0, part: str = "all", *, cover: bool = False
             ) -> list[Example]:
    """Return `n` labelled examples; the same arguments always give the same list.

    `cover` starts with one example of every spelling of every listed merchant of the part
    (so training sees each at least once), then draws the rest at random.
    """
    return list(iter_examples(n, seed, part, cover=cover))


def _coverage(part: str) -> Iterator[tuple[_Source, tuple[str, str]]]:
    for source in SOURCES:
        if isinstance(source.names, str):
            continue
        for spellings in source.names:
            if _in_part(spellings[0], part):
                for spelling in spellings:
                    yield source, (spellings[0], spelling)


def iter_examples(n: int, seed: int = 0, part: str = "all", *, cover: bool = False
                  ) -> Iterator[Example]:
    rng = random.Random(f"categories:{seed}:{part}")
    drawer = _Drawer(rng, part)
    if cover:
        for source, spelling in _coverage(part):
            if n <= 0:
                return
            n -= 1
            yield _example(drawer, source, spelling)
    by_category: dict[str, list[_Source]] = {key: [] for key in KEYS}
    for source in SOURCES:
        by_category[source.category].append(source)
    categories = list(CATEGORY_WEIGHTS)
    weights = [CATEGORY_WEIGHTS[c] for c in categories]
    for _ in range(n):
        category = rng.choices(categories, weights=weights)[0]
        sources = by_category[category]
        source = rng.choices(sources, weights=[s.weight for s in sources])[0]
        yield _example(drawer, source)
