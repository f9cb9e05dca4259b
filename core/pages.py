"""What every page does with a refusal: one 403 page, and a service's error shown on its form."""

from django.contrib import messages
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from .errors import DomainError

NOT_ALLOWED = _("You are not allowed to do this.")


def forbidden(request, message=None, *, cycle=None, status=403):
    """The one "not allowed" page, inside the site's layout and in the reader's language."""
    return render(
        request,
        "403.html",
        {"message": message or NOT_ALLOWED, "cycle": cycle},
        status=status,
    )


def refused(request, exc: DomainError, *, cycle=None):
    """A refusal that has no form to sit on: the 403 page for "not yours", else the message."""
    return forbidden(request, exc.message, cycle=cycle, status=exc.status)


def form_error(form, exc: DomainError, aliases=None):
    """A service's refusal on the form: field errors under their fields, the rest on top.

    `aliases` maps a service's field name to the form's where the two differ."""
    aliases = aliases or {}
    for field, errors in exc.fields.items():
        field = aliases.get(field, field)
        for error in errors:
            form.add_error(field if field in form.fields else None, error)
    if not exc.fields:
        form.add_error(None, exc.message)


def flash_error(request, exc: DomainError):
    """A refusal of a one-button action (enroll, follow, advance): said on the next page."""
    messages.error(request, exc.message)
