"""Organizer decisions on ideas: screening with a public reason, and merging duplicates.

Every decision lands in the public record and tells the authors, in their own language.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.errors import Conflict, DomainError, Invalid
from core.services import model_update
from cycles.permissions import check
from notifications.services import localized, notify
from record import services as record

from ..models import (
    OPEN_STATES,
    SCREENING_DECISIONS,
    SCREENING_FIELDS,
    Idea,
    IdeaStatus,
    ScreeningReason,
)


def idea_screen(*, idea, by, decision, reason="", note="") -> Idea:
    """Organizers of the idea's municipality decide: eligible, or ineligible with a reason."""
    check(by, idea.cycle, "screen_idea")
    if decision not in SCREENING_DECISIONS:
        raise Invalid(fields={"decision": [_("Choose eligible or ineligible.")]})
    if decision == IdeaStatus.INELIGIBLE and reason not in ScreeningReason.values:
        raise Invalid(fields={"reason": [_("Choose the reason the idea is not eligible.")]})
    if decision == IdeaStatus.ELIGIBLE:
        reason = ""
    with transaction.atomic():
        current = Idea.objects.select_for_update().get(pk=idea.pk)
        if current.status not in OPEN_STATES:
            raise Conflict(_("A withdrawn or merged idea cannot be screened."))
        if (current.status, current.screening_reason, current.screening_note) == (
            decision,
            reason,
            note,
        ):
            return current  # the same decision again (a retry) changes nothing, tells no one
        decided = {
            "status": decision,
            "screening_reason": reason,
            "screening_note": note,
            "screened_by": by,
            "screened_at": timezone.now(),
        }
        model_update(current, decided, SCREENING_FIELDS)
        record.log(
            cycle=current.cycle,
            actor=by,
            action="idea_screened",
            obj=current,
            reason=note,
            data={"decision": decision, "reason": reason},
        )
        notify(
            "idea_screened",
            current.authors(),
            {
                "idea": current.pk,
                "idea_title": current.title,
                "decision": decision,
                "decision_label": localized(IdeaStatus(decision).label),
                "reason_label": localized(ScreeningReason(reason).label) if reason else "",
                "note": note,
            },
            # a changed decision is news; a retried one is not
            subject=f"idea:{current.pk}:screened:{decision}:{reason}",
        )
    idea.refresh_from_db()
    return idea


def ideas_screen_many(*, ideas, by, decision, reason="", note="") -> tuple[int, list[str]]:
    """The admin's bulk action: each idea through the same rule; returns (done, errors)."""
    done, errors = 0, []
    for idea in ideas:
        try:
            idea_screen(idea=idea, by=by, decision=decision, reason=reason, note=note)
            done += 1
        except DomainError as exc:
            errors.append(f"{idea}: {exc.message}")
    return done, errors


def idea_merge(*, idea, into, by, note="") -> Idea:
    """An organizer merges duplicate `idea` into `into`; its authors become co-authors there."""
    check(by, idea.cycle, "merge_idea")
    if into.pk == idea.pk:
        raise Invalid(fields={"into": [_("An idea cannot be merged into itself.")]})
    if into.cycle_id != idea.cycle_id:
        raise Invalid(fields={"into": [_("Both ideas must belong to the same cycle.")]})
    with transaction.atomic():
        # lock both rows in a fixed order so two crossing merges cannot deadlock
        locked = {
            i.pk: i
            for i in Idea.objects.select_for_update()
            .filter(pk__in=[idea.pk, into.pk])
            .order_by("pk")
        }
        source, target = locked[idea.pk], locked[into.pk]
        if source.status not in OPEN_STATES:
            raise Conflict(_("This idea is already withdrawn or merged."))
        if target.status not in OPEN_STATES:
            raise Conflict(_("An idea cannot be merged into a withdrawn or merged idea."))
        Idea.objects.filter(pk=source.pk).update(
            status=IdeaStatus.MERGED, merged_into=target, updated_at=timezone.now()
        )
        joining = [u for u in source.authors() if u.pk != target.author_id]
        target.co_authors.add(*joining)
        record.log(
            cycle=source.cycle,
            actor=by,
            action="idea_merged",
            obj=source,
            reason=note,
            data={"merged": source.pk, "into": target.pk, "into_title": target.title},
        )
        people = {u.pk: u for u in [*target.authors(), *source.authors()]}
        notify(
            "idea_merged",
            people.values(),
            {
                "idea": source.pk,
                "idea_title": source.title,
                "into": target.pk,
                "into_title": target.title,
                "note": note,
            },
            subject=f"idea:{source.pk}:merged",
        )
    idea.refresh_from_db()
    return idea


def unscreened_ideas(cycle) -> list:
    """Before trainings: ideas nobody screened yet; moving on needs a reason (they would never
    be screened, and their authors could not write proposals)."""
    from cycles.phases import Unfinished

    n = Idea.objects.filter(cycle=cycle, status=IdeaStatus.SUBMITTED).count()
    if not n:
        return []
    message = ngettext("%(n)d idea not screened.", "%(n)d ideas not screened.", n) % {"n": n}
    return [Unfinished("ideas_not_screened", n, message, needs_reason=True)]
