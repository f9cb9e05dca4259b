"""Implementation: winners become funded projects; organizers post progress; residents follow."""

from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core.errors import Conflict, Invalid
from cycles.phases import require
from cycles.services import require_organizer
from notifications.services import localized, notify
from proposals.models import Proposal, ProposalStatus
from proposals.services import proposal_set_status
from record.services import log as record

from . import photos as photo_files
from .models import DONE, Follow, FundedProject, Photo, ProjectStatus, Update

PLAN_FIELDS = ("department", "planned_start", "planned_end", "budget", "latitude", "longitude")


def _check_plan(data):
    """Field rules the database also enforces, said in words the organizer understands."""
    errors = {}
    start, end = data.get("planned_start"), data.get("planned_end")
    if start and end and start > end:
        errors["planned_end"] = [_("The planned end cannot be before the planned start.")]
    if (data.get("latitude") is None) != (data.get("longitude") is None):
        errors["latitude"] = [_("Give both latitude and longitude, or neither.")]
    if data.get("budget") is not None and data["budget"] < 0:
        errors["budget"] = [_("The budget cannot be negative.")]
    if errors:
        raise Invalid(fields=errors)


def _plan_data(project):
    return {
        "department": project.department,
        "planned_start": project.planned_start and project.planned_start.isoformat(),
        "planned_end": project.planned_end and project.planned_end.isoformat(),
        "budget": str(project.budget),
        "latitude": project.latitude is not None and str(project.latitude) or None,
        "longitude": project.longitude is not None and str(project.longitude) or None,
    }


def _project_url(project):
    return f"{settings.SITE_URL}/funded/{project.pk}/"


def _fund(proposal, by, data=None) -> FundedProject:
    """Create the funded project of a won proposal (in the caller's transaction)."""
    data = {"budget": proposal.final_cost, **(data or {})}
    _check_plan(data)
    try:
        with transaction.atomic():
            project = FundedProject.objects.create(
                cycle_id=proposal.cycle_id,
                proposal=proposal,
                **{k: v for k, v in data.items() if k in PLAN_FIELDS},
            )
    except IntegrityError:
        raise Conflict(_("This proposal already has a funded project."))
    proposal_set_status(
        proposal=proposal,
        status=ProposalStatus.IN_IMPLEMENTATION,
        by=by,
        reason="funded",
    )
    record(
        cycle=proposal.cycle,
        actor=by,
        action="project_funded",
        obj=project,
        data={
            "proposal": proposal.pk,
            **{k: v for k, v in _plan_data(project).items() if v not in (None, "")},
        },
    )
    notify(
        "project_funded",
        proposal.authors(),
        {
            "project_title": proposal.title,
            "budget": str(project.budget),
            "url": _project_url(project),
        },
        subject=f"funded:{project.pk}:created",
    )
    return project


def open_implementation(cycle, by):
    """When implementation opens, every won proposal of the cycle becomes a funded project."""
    won = (
        Proposal.objects.filter(cycle=cycle, status=ProposalStatus.WON, funded_project__isnull=True)
        .select_related("cycle", "idea")
        .order_by("id")
    )
    for proposal in won:
        _fund(proposal, by)


def guard_all_done(cycle):
    """A cycle closes only when every funded project is completed or cancelled."""
    open_projects = FundedProject.objects.filter(cycle=cycle).exclude(status__in=DONE).count()
    if open_projects:
        raise Conflict(
            _(
                "The cycle cannot close while %(n)d funded project(s) are neither completed "
                "nor cancelled."
            )
            % {"n": open_projects}
        )


def funded_project_create(*, proposal, by, data=None) -> FundedProject:
    """Organizers of the municipality fund a won proposal (results or implementation phase)."""
    require_organizer(by, proposal.cycle.municipality_id)
    require(proposal.cycle, "fund_project")
    with transaction.atomic():
        locked = (
            Proposal.objects.select_for_update(of=("self",))
            .select_related("cycle")
            .get(pk=proposal.pk)
        )
        if locked.status != ProposalStatus.WON:
            raise Conflict(_("Only a proposal that won the vote can be funded."))
        return _fund(locked, by, data)


def funded_project_edit(*, project, by, data) -> FundedProject:
    """Organizers change the plan (department, dates, budget, point) until the project is done."""
    require_organizer(by, project.cycle.municipality_id)
    require(project.cycle, "fund_project")
    with transaction.atomic():
        locked = FundedProject.objects.select_for_update().get(pk=project.pk)
        if locked.is_done:
            raise Conflict(_("This project is finished; its plan can no longer change."))
        before = _plan_data(locked)
        merged = {f: getattr(locked, f) for f in PLAN_FIELDS}
        merged.update({k: v for k, v in data.items() if k in PLAN_FIELDS})
        _check_plan(merged)
        for field, value in merged.items():
            setattr(locked, field, value)
        locked.save()
        after = _plan_data(locked)
        changed = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
        if changed:
            record(
                cycle=project.cycle,
                actor=by,
                action="project_plan_changed",
                obj=locked,
                reason=data.get("reason", ""),
                data=changed,
            )
    return locked


def _money(value, field="spent"):
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError, TypeError):
        raise Invalid(fields={field: [_("Enter an amount in GEL, e.g. 1500.00.")]})
    if amount < 0 or amount >= Decimal("1e10"):
        raise Invalid(fields={field: [_("Enter an amount in GEL, e.g. 1500.00.")]})
    return amount


def post_update(
    *, project, by, status, spent, text_ka="", text_en="", reason="", photos=()
) -> Update:
    """Organizers post progress; cancelling (or lowering the amount spent) needs a public reason."""
    require_organizer(by, project.cycle.municipality_id)
    require(project.cycle, "post_update")
    errors = {}
    if status not in ProjectStatus.values:
        errors["status"] = [_("Choose a status.")]
    if not (text_ka or "").strip() and not (text_en or "").strip():
        errors["text_ka"] = [_("Write what happened, in Georgian or English.")]
    if status == ProjectStatus.CANCELLED and not (reason or "").strip():
        errors["reason"] = [_("Cancelling a funded project needs a public reason.")]
    if errors:
        raise Invalid(fields=errors)
    spent = _money(spent)
    photo_files.check_count(photos)
    prepared = [photo_files.prepare(p) for p in photos]  # validate before anything is written

    with transaction.atomic():
        locked = (
            FundedProject.objects.select_for_update(of=("self",))
            .select_related("cycle__municipality", "proposal__idea")
            .get(pk=project.pk)
        )
        if locked.is_done:
            raise Conflict(_("This project is finished and takes no more updates."))
        if spent < locked.spent and not (reason or "").strip():
            raise Invalid(
                fields={"reason": [_("Lowering the amount spent is a correction: say why.")]}
            )
        previous = {"status": locked.status, "spent": str(locked.spent)}
        update = Update.objects.create(
            project=locked,
            status=status,
            text_ka=(text_ka or "").strip(),
            text_en=(text_en or "").strip(),
            spent=spent,
            reason=(reason or "").strip(),
            by=by,
        )
        for full, thumb in prepared:
            photo = Photo(update=update)
            photo.image.save(full.name, full, save=False)
            photo.thumbnail.save(thumb.name, thumb, save=False)
            photo.save()
        FundedProject.objects.filter(pk=locked.pk).update(status=status, spent=spent)
        locked.status, locked.spent = status, spent
        if status == ProjectStatus.COMPLETED:
            proposal_set_status(
                proposal=locked.proposal,
                status=ProposalStatus.COMPLETED,
                by=by,
                reason=update.text_ka or update.text_en,
            )
        record(
            cycle=locked.cycle,
            actor=by,
            action="project_updated",
            obj=locked,
            reason=update.reason,
            data={
                "update": update.pk,
                "status": status,
                "spent": str(spent),
                "budget": str(locked.budget),
                "photos": len(prepared),
                "previous": previous,
            },
        )
        _notify_update(locked, update)
    return update


def _notify_update(project, update):
    """Followers and, always, the proposal's authors hear of each update, once each."""
    recipients = {u.pk: u for u in project.proposal.authors()}
    for follow in project.follows.select_related("user").filter(user__is_active=True):
        recipients.setdefault(follow.user_id, follow.user)
    notify(
        "project_updated",
        list(recipients.values()),
        {
            "project_title": project.proposal.title,
            "status_label": localized(ProjectStatus(update.status).label),
            "text": {
                "ka": update.text_ka or update.text_en,
                "en": update.text_en or update.text_ka,
            },
            "spent": str(update.spent),
            "budget": str(project.budget),
            "url": _project_url(project),
        },
        subject=f"funded:{project.pk}:update:{update.pk}",
    )


def follow(*, project, user) -> Follow:
    """A signed-in user follows a funded project while results or implementation are open."""
    require(project.cycle, "follow_project")
    if not (user and user.is_authenticated):
        raise Invalid(_("Log in to follow a project."))
    # the unique constraint settles double clicks: the second one finds the first row
    follow, _created = Follow.objects.get_or_create(project=project, user=user)
    return follow


def unfollow(*, project, user) -> int:
    """Anyone may stop following at any time: no phase stops a resident from saying no."""
    return Follow.objects.filter(project=project, user=user).delete()[0]


def is_following(project, user) -> bool:
    return bool(user and user.is_authenticated and project.follows.filter(user=user).exists())
