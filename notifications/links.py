"""Where a notification leads: the page of what it is about, from its subject and context.

notifications imports no domain app; it names their pages by URL name. Subjects are written by
the senders as "<what>:<id>:..." (idea, proposal, funded, enrollment, jury, cycle, broadcast).
"""

from django.urls import NoReverseMatch, reverse

# cycle:<id>:<event> -> the page of that event (any other event: the cycle page)
CYCLE_EVENTS = {
    "ballot": "voting:ballot",
    "voting": "voting:ballot",
    "voting-closing": "voting:ballot",
    "results": "voting:results",
    "ideas-closing": "ideas:submit",
}


def _path(name, **kwargs):
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return None


def url_of(note) -> str | None:
    """The path of the page `note` is about, or None (a verification code leads nowhere)."""
    what, _sep, rest = (note.subject or "").partition(":")
    pk, _sep, event = rest.partition(":")
    context = note.context or {}
    if not pk.isdigit():
        pk = ""
    if what == "idea" and pk:
        return _path("ideas:detail", pk=int(pk))
    if what == "proposal" and pk:
        return _path("proposals:detail", pk=int(pk))
    if what == "funded" and pk:
        return _path("funded-detail", pk=int(pk))
    if what == "enrollment":
        session = context.get("session")
        if isinstance(session, int):
            return _path("trainings:detail", pk=session)
        return _path("trainings:mine")
    if what == "jury" and pk:
        return _path("jury:cycle", cycle_pk=int(pk))
    if what == "cycle" and pk:
        name = CYCLE_EVENTS.get(event.split(":")[0])
        if name == "ideas:submit":
            return _path(name, cycle_pk=int(pk))
        return _path(name or "cycle-detail", pk=int(pk))
    cycle = context.get("cycle")
    if isinstance(cycle, int):
        return _path("cycle-detail", pk=cycle)
    return None
