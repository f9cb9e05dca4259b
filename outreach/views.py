"""Outreach pages: an organizer writes a message to residents, sees whom it reaches and what
its SMS cost, confirms, and it is sent once; the list of the cycle's past messages. Plain forms,
no JavaScript: the preview is a page of its own."""

import uuid

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.errors import DomainError, Invalid
from core.pages import flash_error, form_error
from cycles.permissions import cycle_action_required, may
from notifications.segments import sms_segments

from . import services
from .forms import BroadcastForm
from .models import Broadcast

PER_PAGE = 20


@cycle_action_required("view_broadcasts")
def broadcasts(request, pk, cycle):
    """The cycle's messages to residents, newest first."""
    page = Paginator(Broadcast.objects.of_cycle(cycle), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "outreach/broadcasts.html",
        {"cycle": cycle, "page": page, "may_send": may(request.user, cycle, "send_broadcast")},
    )


def _form_page(request, cycle, form, status=200):
    return render(
        request, "outreach/broadcast_form.html", {"cycle": cycle, "form": form}, status=status
    )


@cycle_action_required("send_broadcast")
def broadcast_new(request, pk, cycle):
    """Write the message (GET); POST shows whom it reaches and its SMS segments, and asks to
    confirm. Nothing is sent from here."""
    form = BroadcastForm(request.POST or None, cycle=cycle)
    if request.method != "POST" or request.POST.get("edit") or not form.is_valid():
        return _form_page(request, cycle, form)
    data = form.message()
    try:
        counted = services.broadcast_preview(cycle=cycle, by=request.user, data=data)
    except Invalid as exc:
        form_error(form, exc)
        return _form_page(request, cycle, form, status=400)
    per_sms = {
        "ka": sms_segments(data["text_ka"]),
        "en": sms_segments(data["text_en"] or data["text_ka"]),
    }
    return render(
        request,
        "outreach/broadcast_confirm.html",
        {
            "cycle": cycle,
            "data": data,
            # a new key for each confirmation page: posting it twice sends once
            "key": uuid.uuid4().hex,
            "counted": counted,
            "per_sms": per_sms,
            "limit": services.daily_limit_message() if not counted["left_today"] else "",
        },
    )


@cycle_action_required("send_broadcast")
@require_POST
def broadcast_send(request, pk, cycle):
    """The confirmed message goes out, once for its key."""
    form = BroadcastForm(request.POST, cycle=cycle)
    if not form.is_valid() or not form.cleaned_data["key"]:
        return _form_page(request, cycle, form, status=400)
    try:
        broadcast, sent = services.broadcast_send(
            cycle=cycle,
            by=request.user,
            data=form.message(),
            client_key=form.cleaned_data["key"],
        )
    except Invalid as exc:
        form_error(form, exc)
        return _form_page(request, cycle, form, status=400)
    except DomainError as exc:  # the day's limit
        flash_error(request, exc)
        return redirect("outreach:broadcasts", pk=cycle.pk)
    if sent:
        messages.success(
            request,
            ngettext(
                "The message is on its way to %(n)d resident.",
                "The message is on its way to %(n)d residents.",
                broadcast.recipients,
            )
            % {"n": broadcast.recipients},
        )
    else:
        messages.info(request, _("This message was already sent; it was not sent again."))
    return redirect("outreach:broadcasts", pk=cycle.pk)
