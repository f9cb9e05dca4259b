"""`{% phase_deadline cycle %}`: "open until 15 October, 18:00" for the cycle's current phase.

One tag for every page that acts within a phase (the cycle page, the idea form, the trainings,
the proposal editor, the jury sheet, the ballot), so the sentence and its format live once.
Times are shown in the municipalities' time zone (Georgia has one), whatever the server's.
"""

from zoneinfo import ZoneInfo

from django import template
from django.conf import settings
from django.utils import timezone

register = template.Library()


def local(value):
    """`value` in the municipalities' time zone."""
    return timezone.localtime(value, ZoneInfo(settings.TIME_ZONE)) if value else None


@register.filter
def municipal_time(value):
    return local(value)


@register.inclusion_tag("_deadline.html")
def phase_deadline(cycle, phase=""):
    """The end of the cycle's current phase (the next phase's start), or nothing; with `phase`,
    only while the cycle is in it (a ballot page after the vote names no deadline)."""
    if cycle is None or (phase and cycle.phase != phase):
        return {}
    ends = local(cycle.phase_ends_at)
    return {"ends": ends, "past": bool(ends and ends <= timezone.now())}
