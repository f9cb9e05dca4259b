from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from . import services
from .models import Channel, Notification


@login_required
def inbox(request):
    notes = Notification.objects.filter(
        recipient=request.user, channel=Channel.INAPP
    ).select_related("recipient")
    page = Paginator(notes, 20).get_page(request.GET.get("page"))
    for note in page:
        note.text = services.render(note, "inapp")
    return render(request, "notifications/inbox.html", {"page": page})


@login_required
@require_POST
def read(request, pk):
    services.mark_read(user=request.user, note_id=pk)
    return redirect("notifications:inbox")
