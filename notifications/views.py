from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from core.errors import DomainError

from . import services
from .catalogue import label
from .links import url_of


@login_required
def inbox(request):
    page = Paginator(services.inbox(request.user), 20).get_page(request.GET.get("page"))
    for note in page:
        note.text = services.render(note, "inapp")
        note.url = url_of(note)
    return render(
        request,
        "notifications/inbox.html",
        {"page": page, "unread": services.unread_count(request.user)},
    )


@login_required
@require_POST
def read(request, pk):
    services.mark_read(user=request.user, note_id=pk)
    return redirect("notifications:inbox")


@login_required
def open_note(request, pk):
    """Open a message: it is read, and the page of what it is about opens (else the inbox)."""
    note = services.inbox(request.user).filter(pk=pk).first()
    if note is None:
        return redirect("notifications:inbox")
    services.mark_read(user=request.user, note_id=note.pk)
    return redirect(url_of(note) or "notifications:inbox")


@login_required
@require_POST
def read_all(request):
    services.mark_all_read(user=request.user)
    return redirect("notifications:inbox")


@login_required
def preferences(request):
    """One checkbox per kind and channel; transactional kinds are shown, always on."""
    prefs = services.notification_preferences(request.user)
    if request.method == "POST":
        changes = [
            {
                "kind": p["kind"],
                "channel": p["channel"],
                "enabled": f"{p['kind']}:{p['channel']}" in request.POST,
            }
            for p in prefs
            if not p["transactional"]
        ]
        services.notification_preferences_set(user=request.user, changes=changes)
        messages.success(request, _("Your choices are saved."))
        return redirect("notifications:preferences")
    kinds = {}
    for p in prefs:
        kinds.setdefault(p["kind"], {"label": p["label"], "transactional": p["transactional"]})
        kinds[p["kind"]].setdefault("channels", []).append(p)
    return render(request, "notifications/preferences.html", {"kinds": kinds.values()})


# A mail client's one-click unsubscribe (RFC 8058) POSTs without a CSRF token or a session; the
# signed token is the authorisation, and the worst a forged request can do is unsubscribe.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET asks to confirm (link scanners must not unsubscribe anyone); POST unsubscribes."""
    try:
        if request.method == "POST":
            user, kind = services.unsubscribe(token=token)
        else:
            user, kind = services.unsubscribe_user_kind(token)
    except DomainError as exc:
        return render(request, "notifications/unsubscribe.html", {"error": exc.message}, status=404)
    return render(
        request,
        "notifications/unsubscribe.html",
        {
            "label": label(kind),
            "done": request.method == "POST",
            "token": token,
            "email": user.email,
        },
    )
