"""The consent texts a customer reads on the tablet; the version shown is recorded.

Each text is marked for translation (`N_`) and shown in the page's language; the English
wording of a version never changes (a new wording is a new version).
"""

from shared.i18n.text import N_

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
