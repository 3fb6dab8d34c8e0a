"""The consent texts a customer reads on the tablet; the version shown is recorded.

Each text is marked for translation (`N_`) and shown in the page's language; the English
wording of a version never changes (a new wording is a new version).
"""

from shared.i18n.text import N_
from shared.openbanking.consents import CONSENT_TEXT_VERSION, CONSENT_TEXTS

CURRENT_FACE_VERSION = "face-2026-11"

FACE_TEXTS = {
    CURRENT_FACE_VERSION: N_(
        "I agree that SmartBranch may keep an encrypted template of my face, made from the "
        "photos taken today, so that the branch's cameras can recognise me when I arrive and "
        "my relationship manager can greet me. Photos are not kept; only the template is. "
        "I can withdraw this consent at any time, at any branch or online, and my templates "
        "are then erased at once. Recognition never authorises a payment."
    ),
}

CURRENT_VOICE_VERSION = "voice-2026-12"

VOICE_TEXTS = {
    CURRENT_VOICE_VERSION: N_(
        "I agree that SmartBranch may keep an encrypted template of my voice, made from the "
        "sentences and digits I read today, so that a kiosk can confirm it is me when I read "
        "out the digits it shows. Recordings are not kept; only the template is. I can "
        "withdraw this consent at any time, at any branch or online, and my voice templates "
        "are then erased at once. A voice check alone never authorises a payment."
    ),
}

CURRENT_DATA_SHARING_VERSION = CONSENT_TEXT_VERSION

# The text is the kiosk's too, so it lives beside the consents (shared.openbanking).
DATA_SHARING_TEXTS = CONSENT_TEXTS

# The consent texts by modality: what the tablet shows, and the versions it may record.
TEXTS = {"face": (CURRENT_FACE_VERSION, FACE_TEXTS), "voice": (CURRENT_VOICE_VERSION, VOICE_TEXTS)}

# What the customer reads aloud at voice enrolment (the digits come fresh each time).
VOICE_SENTENCES = (
    N_("I would like to check the balance of my current account, please."),
    N_("My relationship manager helps me with savings and my mortgage."),
    N_("Please send a receipt for this payment to my email address."),
)
