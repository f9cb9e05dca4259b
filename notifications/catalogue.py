"""What each kind of notification says, per channel. Rendered in the recipient's language.

Each entry: subject (e-mail), body (e-mail), sms, inapp. Placeholders are `{name}` keys of the
notification's context (missing keys render empty); a context value may be {"ka": .., "en": ..}
and renders in the recipient's language (see `services.localized`). `transactional` kinds ignore
preferences. Every kind of every app lives here, so the catalogue can be read (and translated)
in one place.
"""

from django.utils.translation import gettext_lazy as _


class Message:
    def __init__(
        self,
        subject,
        body,
        sms=None,
        inapp=None,
        *,
        transactional=False,
        channels=("email", "sms", "inapp", "push"),
    ):
        self.subject = subject
        self.body = body
        self.sms = sms or subject
        self.inapp = inapp or subject
        self.transactional = transactional
        self.channels = channels


CATALOGUE: dict[str, Message] = {
    "phone_code": Message(
        _("Your verification code"),
        _("Your Civic Budget code is {code}. It expires in 10 minutes."),
        _("Civic Budget code: {code} (valid 10 minutes)"),
        transactional=True,
        channels=("sms",),
    ),
    # --- cycles ---
    "phase_changed": Message(
        _("The cycle “{cycle_title}” moved to a new phase"),
        _("The cycle “{cycle_title}” is now in the phase: {phase_label}."),
        _("Civic Budget: “{cycle_title}” is now in: {phase_label}"),
        channels=("email", "inapp"),
    ),
    # --- ideas ---
    # --- trainings ---
    # --- proposals ---
    # --- jury ---
    # --- voting ---
    # --- implementation ---
    "project_funded": Message(
        _("Your proposal “{project_title}” is now a funded project"),
        _(
            "Your proposal “{project_title}” won the vote and is now a funded project with a "
            "budget of {budget} GEL. Follow its progress: {url}"
        ),
        _("Civic Budget: “{project_title}” is funded ({budget} GEL). {url}"),
        channels=("email", "sms", "inapp"),
    ),
    "project_updated": Message(
        _("Update on “{project_title}”: {status_label}"),
        _(
            "The funded project “{project_title}” is now: {status_label}.\n\n{text}\n\n"
            "Spent so far: {spent} of {budget} GEL.\nSee its history and photos: {url}"
        ),
        _("Civic Budget: “{project_title}” — {status_label}. {url}"),
        _("“{project_title}”: {status_label} — {text}"),
        channels=("email", "sms", "inapp"),
    ),
}
