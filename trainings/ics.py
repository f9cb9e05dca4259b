"""A session as an iCalendar (RFC 5545) file, so people can put it in their phone's calendar.

The `icalendar` library writes it: escaping, line folding and UTC times are its business."""

from datetime import UTC

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event


def session_ics(session) -> bytes:
    site = settings.SITE_URL.rstrip("/")
    host = site.split("//")[-1].split("/")[0] or "civicbudget"
    url = site + reverse("trainings:detail", args=[session.pk])
    event = Event()
    event.add("uid", f"training-{session.pk}@{host}")
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("dtstart", session.starts_at.astimezone(UTC))
    event.add("dtend", session.ends_at.astimezone(UTC))
    event.add("summary", session.title)
    event.add("location", session.where)
    event.add(
        "description", "\n".join(p for p in (session.description, session.online_url, url) if p)
    )
    event.add("url", url)
    calendar = Calendar()
    calendar.add("prodid", "-//Civic Budget//Trainings//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add_component(event)
    return calendar.to_ical()
