"""The words enrol.js and voice_enrol.js write, in the page's language.

Placeholders in braces ({name}) are filled in by the script.
"""

from __future__ import annotations

from flask_babel import gettext as _


def customer_text() -> dict[str, str]:
    """Every sentence of the enrolment script, translated for this request."""
    return {
        "checking": _("{name}: checking…"),
        "accepted": _("{name}: accepted ({reason})"),
        "refused": _("{name}: refused ({reason})"),
        "not_checked": _("{name}: could not be checked ({reason})"),
        "no_camera": _("The camera is not available ({reason}); upload photos instead."),
        "camera_photo": _("camera photo {number}.jpg"),
        "enrolling": _("Enrolling…"),
        "enrolled": _("Enrolled: {stored} template(s) stored."),
        "not_enrolled": _("Not enrolled: {reason}"),
        # voice enrolment
        "read_digits": _("Read these digits, one at a time: {digits}"),
        "record": _("Record"),
        "stop": _("Stop"),
        "recording": _("Recording…"),
        "recorded": _("Recorded ({seconds} s)"),
        "no_microphone": _("The microphone is not available ({reason})."),
        "prompt_failed": _("The lines to read could not be loaded: {reason}"),
        "voice_enrolled": _("Enrolled: {stored} voice template(s) stored."),
    }
