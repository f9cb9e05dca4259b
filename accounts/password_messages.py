"""Django's password-validator messages, named here so that the project's catalogue keeps
them (makemessages reads only the project's code) and the Georgian in locale/ka, which comes
before Django's own, is what a reader sees: Django's Georgian lacks some (the length rule) and
declines others wrongly. Nothing imports this module; its strings only have to exist."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

MESSAGES = (
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        8,
    ),
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        "min_length",
    ),
    _("The password is too similar to the %(verbose_name)s."),
    _("Your password can’t be too similar to your other personal information."),
    _("This password is too common."),
    _("Your password can’t be a commonly used password."),
    _("This password is entirely numeric."),
    _("Your password can’t be entirely numeric."),
)
