"""The words touch.js writes, in the page's language (placeholders in braces: {amount})."""

from __future__ import annotations

from flask_babel import gettext as _

from shared.money.wallet import PROVIDER_NAMES
from shared.openbanking.consents import CONSENT_TEXT_VERSION, CONSENT_TEXTS


def touch_text() -> dict[str, str]:
    """Every sentence and label of the touch screens' script, translated for this request."""
    return {
        # problems
        "sorry_reason": _("Sorry: {reason}"),
        "not_answering": _("The kiosk is not answering. Please try again."),
        "did_not_work": _("Sorry, that did not work."),
        "not_paired": _("This screen is not paired with the kiosk."),
        "no_camera": _("This kiosk has no camera available. Please insert your card instead."),
        "camera_failed": _("The camera could not be used. Please insert your card instead."),
        "tick_to_agree": _("Please tick the box to agree first."),
        # the idle screen
        "hello_name": _("Hello {name}!"),
        "no_card": _("I don't have my card"),
        "speak_hint": _('Or press Speak and say what you would like, such as "{example}". '
                        "A card and PIN are still needed for money."),
        "recognise_hint": _('Optional: press "Recognise me" and the kiosk takes one photo to '
                            "greet you by name. Nothing is taken unless you press it, and if "
                            "we do not recognise you nothing is kept. A card and PIN are "
                            "still needed for money."),
        "recognise_me": _("Recognise me"),
        "looking": _("Looking…"),
        "looking_at_camera": _("Looking at the camera…"),
        # buttons on many screens
        "talk": _("Talk to someone"),
        "speak": _("Speak (voice)"),
        "voice_check": _("Confirm it's me by voice"),
        "cancel": _("Cancel"),
        "back": _("Back"),
        "done": _("Done"),
        "confirm": _("Confirm"),
        "say_yes_no": _("Say yes or no"),
        "language": _("Language"),
        # the menu
        "print_receipt": _("Print a receipt"),
        "balance": _("Balance"),
        "statement": _("Mini statement"),
        "withdraw_cash": _("Withdraw cash"),
        "deposit_cash": _("Deposit cash"),
        "transfer": _("Transfer"),
        "pay_bill": _("Pay a bill"),
        "coming_up": _("Coming up this week"),
        "add_to_wallet": _("Add to wallet"),
        "finish": _("Finish and take card"),
        "available": _("Available {amount}"),
        "receipt": _("Receipt: {receipt}"),
        # withdrawing
        "how_much": _("How much would you like?"),
        "other_amount": _("Other amount ({symbol})"),
        "withdraw_this": _("Withdraw this amount"),
        # transfers and bills
        "from": _("From"),
        "to_own": _("To one of your accounts"),
        "another_customer": _("(another customer)"),
        "to_number": _("Or to account number"),
        "amount": _("Amount"),
        "amount_in": _("Amount ({symbol})"),
        "reference": _("Reference"),
        "send": _("Send"),
        "pay": _("Pay"),
        "their_reference": _("Your reference with them"),
        # the wallet
        "wallet_intro": _("Add your card to a digital wallet. We will show a one-time code to "
                          "type in the wallet app. We record the binding; staff can revoke it "
                          "at any time."),
        "wallet": _("Wallet"),
        "wallet_consent": _("I agree to link my card to this wallet"),
        "show_code": _("Show my code"),
        # sharing another bank's accounts (consented account information)
        "share_other_bank": _("Share another bank's accounts"),
        "bank": _("Bank"),
        "what_to_share": _("What to share"),
        "scope_accounts": _("accounts"),
        "scope_balances": _("balances"),
        "scope_transactions": _("transactions"),
        "share_text": _(CONSENT_TEXTS[CONSENT_TEXT_VERSION]),
        "share_consent": _("I have read this and agree"),
        "share_days": _("For {days} days"),
        "share": _("Share"),
        "wallet_binding": _("{provider} · binding {binding}"),
        # cash in
        "in_escrow": _("In escrow so far:"),
        "deposit_this": _("Deposit this"),
        "add_notes": _("Add more notes"),
        "cancel_notes": _("Cancel and return notes"),
        # tickets
        "your_ticket": _("Your ticket"),
        "ticket_qr": _("QR code for the queue screen"),
        "scan_to_follow": _("Scan to follow the queue on your phone."),
        "not_printed": _("The printer could not print your ticket: please remember your "
                         "number or scan the code."),
        "we_will_call": _("We will call your number on the screen."),
        # voice
        "say_digits": _("Say these digits now."),
        "say_phrase": _("Say these words and digits now, in one go."),
        "listening": _("Listening…"),
        "stop_voice": _("Stop and use the touch screen"),
        # the wallets, keyed "provider.<value>" (their names are translated: 微信支付)
        **{f"provider.{value}": _(name) for value, name in PROVIDER_NAMES.items()},
    }
