"""Implementation: winners become funded projects; organizers post progress; residents follow."""

from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import Conflict, Invalid
from core.services import model_update, plain
from cycles.permissions import check
from notifications.services import localized, notify
from proposals.models import Proposal, ProposalStatus
from proposals.services import proposal_set_status
from record import services as record

from . import uploads
from .models import (
    DONE,
    PLAN_FIELDS,
    Follow,
    FundedProject,
    Photo,
    ProblemReport,
    ProblemReportPhoto,
    ProblemReportStatus,
    ProjectStatus,
    Update,
)


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


def _project_url(project):
    return settings.SITE_URL + reverse("funded-detail", args=[project.pk])


def _fund(proposal, by, data=None) -> FundedProject:
    """Create the funded project of a won proposal (in the caller's transaction)."""
    plan = {"budget": proposal.final_cost}
    plan.update({f: data[f] for f in PLAN_FIELDS if f in (data or {})})
    _check_plan(plan)
    try:
        with transaction.atomic():
            project = FundedProject.objects.create(
                cycle_id=proposal.cycle_id, proposal=proposal, **plan
            )
    except IntegrityError:
        raise Conflict(_("This proposal already has a funded project.")) from None
    proposal_set_status(
        proposal=proposal,
        status=ProposalStatus.IN_IMPLEMENTATION,
        by=by,
        reason="funded",
    )
    record.log(
        cycle=proposal.cycle,
        actor=by,
        action="project_funded",
        obj=project,
        data={
            "proposal": proposal.pk,
            **{f: plain(v) for f, v in plan.items() if v not in (None, "")},
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
    check(by, proposal.cycle, "fund_project")
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
    check(by, project.cycle, "fund_project")
    with transaction.atomic():
        locked = FundedProject.objects.select_for_update().get(pk=project.pk)
        if locked.is_done:
            raise Conflict(_("This project is finished; its plan can no longer change."))
        _check_plan({f: data[f] if f in data else getattr(locked, f) for f in PLAN_FIELDS})
        changes = model_update(locked, data, PLAN_FIELDS)
        if changes:
            record.log(
                cycle=project.cycle,
                actor=by,
                action="project_plan_changed",
                obj=locked,
                reason=data.get("reason", ""),
                data=changes,
            )
    return locked


def _money(value, field="spent"):
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError, TypeError):
        raise Invalid(fields={field: [_("Enter an amount in GEL, e.g. 1500.00.")]}) from None
    if amount < 0 or amount >= Decimal("1e10"):
        raise Invalid(fields={field: [_("Enter an amount in GEL, e.g. 1500.00.")]})
    return amount


def progress_update_post(*, project, by, data, photos=()) -> Update:
    """Organizers post progress; cancelling, lowering the amount spent or spending (more) above
    the plan needs a public reason."""
    check(by, project.cycle, "post_update")
    status = data.get("status")
    text_ka = (data.get("text_ka") or "").strip()
    text_en = (data.get("text_en") or "").strip()
    reason = (data.get("reason") or "").strip()
    errors = {}
    if status not in ProjectStatus.values:
        errors["status"] = [_("Choose a status.")]
    if not text_ka and not text_en:
        errors["text_ka"] = [_("Write what happened, in Georgian or English.")]
    if status == ProjectStatus.CANCELLED and not reason:
        errors["reason"] = [_("Cancelling a funded project needs a public reason.")]
    if errors:
        raise Invalid(fields=errors)
    spent = _money(data.get("spent"))
    uploads.check_count(photos)
    prepared = [uploads.prepare(p) for p in photos]  # validate before anything is written

    with transaction.atomic():
        locked = (
            FundedProject.objects.select_for_update(of=("self",))
            .select_related("cycle__municipality", "proposal__idea")
            .get(pk=project.pk)
        )
        if locked.is_done:
            raise Conflict(_("This project is finished and takes no more updates."))
        if spent < locked.spent and not reason:
            raise Invalid(
                fields={"reason": [_("Lowering the amount spent is a correction: say why.")]}
            )
        if spent > locked.budget and spent > locked.spent and not reason:
            raise Invalid(
                fields={
                    "reason": [
                        _(
                            "%(spent)s GEL is %(over)s GEL above the plan of %(budget)s GEL: "
                            "spending above the plan needs a public reason."
                        )
                        % {
                            "spent": spent,
                            "over": spent - locked.budget,
                            "budget": locked.budget,
                        }
                    ]
                }
            )
        previous = {"status": locked.status, "spent": str(locked.spent)}
        update = Update.objects.create(
            project=locked,
            status=status,
            text_ka=text_ka,
            text_en=text_en,
            spent=spent,
            reason=reason,
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
        record.log(
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
                "over_budget": spent > locked.budget,
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


def funded_project_follow(*, project, user) -> Follow:
    """A signed-in user follows a funded project while results or implementation are open."""
    check(user, project.cycle, "follow_project")
    # the unique constraint settles double clicks: the second one finds the first row
    follow, _created = Follow.objects.get_or_create(project=project, user=user)
    return follow


def funded_project_unfollow(*, project, user) -> int:
    """Anyone may stop following at any time: no phase stops a resident from saying no."""
    if not (user and user.is_authenticated):
        return 0
    return Follow.objects.filter(project=project, user=user).delete()[0]


# A resident may have this many reports of one project waiting for moderation at once.
PENDING_REPORTS_PER_PERSON = 3


def problem_report_submit(*, project, by, text, photos=()) -> ProblemReport:
    """A resident reports what is wrong with a funded project; it waits for moderation."""
    check(by, project.cycle, "report_problem")
    text = (text or "").strip()
    if len(text) < 10:
        raise Invalid(fields={"text": [_("Say what is wrong in a sentence or two.")]})
    if len(text) > 2000:
        raise Invalid(fields={"text": [_("Keep the report under 2,000 characters.")]})
    uploads.check_count(photos)
    prepared = [uploads.prepare(p) for p in photos]  # validate before anything is written
    with transaction.atomic():
        # one report at a time per person: two double-clicked submits cannot pass the cap together
        get_user_model().objects.select_for_update().filter(pk=by.pk).first()
        waiting = ProblemReport.objects.filter(
            project=project, author=by, status=ProblemReportStatus.PENDING
        ).count()
        if waiting >= PENDING_REPORTS_PER_PERSON:
            raise Conflict(
                _("You have %(n)d reports on this project waiting for moderation already.")
                % {"n": waiting}
            )
        report = ProblemReport.objects.create(project=project, author=by, text=text)
        for full, thumb in prepared:
            photo = ProblemReportPhoto(report=report)
            photo.image.save(full.name, full, save=False)
            photo.thumbnail.save(thumb.name, thumb, save=False)
            photo.save()
    return report


def _moderated(report, by, action):
    check(by, report.project.cycle, action)
    locked = ProblemReport.objects.select_for_update().get(pk=report.pk)
    return locked


def problem_report_publish(*, report, by) -> ProblemReport:
    """An organizer publishes a report: it shows on the project's page, the reporter unnamed."""
    with transaction.atomic():
        locked = _moderated(report, by, "moderate_reports")
        if locked.status == ProblemReportStatus.PUBLISHED:
            return locked
        locked.status, locked.reason = ProblemReportStatus.PUBLISHED, ""
        locked.moderated_at = timezone.now()
        locked.save(update_fields=["status", "reason", "moderated_at"])
        record.log(
            cycle=report.project.cycle,
            actor=by,
            action="problem_report_published",
            obj=locked.project,
            data={"report": locked.pk},
        )
    return locked


def problem_report_reject(*, report, by, reason) -> ProblemReport:
    """An organizer does not publish a report, and says why, in public."""
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(fields={"reason": [_("Say why the report is not published.")]})
    with transaction.atomic():
        locked = _moderated(report, by, "moderate_reports")
        locked.status, locked.reason = ProblemReportStatus.REJECTED, reason[:2000]
        locked.moderated_at = timezone.now()
        locked.save(update_fields=["status", "reason", "moderated_at"])
        record.log(
            cycle=report.project.cycle,
            actor=by,
            action="problem_report_rejected",
            obj=locked.project,
            reason=locked.reason,
            data={"report": locked.pk},
        )
    return locked


def problem_report_answer(*, report, by, text) -> ProblemReport:
    """An organizer answers a report (a published one, or one it publishes now); the reporter
    is told. A later answer replaces the earlier one, and the record keeps both."""
    text = (text or "").strip()
    if not text:
        raise Invalid(fields={"text": [_("Write the answer.")]})
    with transaction.atomic():
        locked = _moderated(report, by, "moderate_reports")
        if locked.status == ProblemReportStatus.REJECTED:
            raise Conflict(_("This report is not published; publish it before answering."))
        locked.status, locked.answer = ProblemReportStatus.PUBLISHED, text[:5000]
        locked.answered_at = timezone.now()
        locked.moderated_at = locked.moderated_at or locked.answered_at
        locked.save(update_fields=["status", "answer", "answered_at", "moderated_at"])
        project = report.project
        record.log(
            cycle=project.cycle,
            actor=by,
            action="problem_report_answered",
            obj=project,
            data={"report": locked.pk, "answer": locked.answer},
        )
        notify(
            "problem_report_answered",
            [locked.author],
            {
                "project_title": project.proposal.title,
                "answer": locked.answer,
                "url": _project_url(project),
            },
            subject=f"funded:{project.pk}:report:{locked.pk}:answer:{locked.answered_at:%s}",
        )
    return locked
