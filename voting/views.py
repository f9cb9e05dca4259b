"""Voting pages: plain forms that work without JavaScript, calling the same services as the API.

Who may act is asked before a form is read: organizer pages carry `cycle_action_required`; the
ballot and verification pages, which anyone may read, ask the service's own precondition and
refuse a POST with the one 403 (or 409) page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from core.errors import DomainError
from core.pages import flash_error, form_error, refused
from core.parsing import parse_int
from cycles.models import BallotKind, Cycle
from cycles.permissions import check, cycle_action_required, may
from cycles.services import has_role
from voting_points.models import MemberRole, PointStatus, VotingPoint

from . import services
from .forms import (
    EnvelopeForm,
    IdentityForm,
    PaperBallotForm,
    PaperCorrectionForm,
    VoterRollForm,
    choices_from_post,
)
from .models import ENVELOPE_FIELDS, Envelope


def _cycle(pk):
    return get_object_or_404(Cycle.objects.select_related("municipality"), pk=pk)


def _envelope_errors(exc, order) -> tuple[dict, list]:
    """Service field errors "envelopes.<i>.<field>" -> {envelope id: [messages]}, others."""
    per_envelope, other = {}, []
    for key, msgs in (exc.fields or {}).items():
        parts = key.split(".")
        index = parse_int(parts[1], minimum=0) if len(parts) > 1 else None
        if parts[0] == "envelopes" and index is not None:
            if index < len(order):
                per_envelope.setdefault(order[index], []).extend(msgs)
                continue
        if parts[0] not in ("personal_number", "birth_date", "voting_point", "community", "reason"):
            other.extend(msgs)
    return per_envelope, other


def _ballot_rows(envelopes, chosen=None, errors=None):
    """What the ballot form shows per envelope: its projects, what is ticked, what is wrong."""
    chosen, errors = chosen or {}, errors or {}
    rows = []
    for envelope in envelopes:
        picks = chosen.get(envelope.pk, {})
        ranked = envelope.ballot_kind == BallotKind.RANKED
        rows.append(
            {
                "envelope": envelope,
                "cumulative": envelope.ballot_kind == BallotKind.CUMULATIVE,
                "knapsack": envelope.ballot_kind == BallotKind.KNAPSACK,
                "ranked": ranked,
                "ranks": [str(r) for r in range(1, envelope.rank_length() + 1)] if ranked else [],
                "projects": [
                    {
                        "project": p,
                        "checked": p.pk in picks,
                        "points": picks.get(p.pk, ""),
                        "rank": str(picks.get(p.pk, "")),
                    }
                    for p in envelope.projects.all()
                ],
                "errors": errors.get(envelope.pk, []),
            }
        )
    return rows


def _posted_choices(post, envelopes) -> dict:
    chosen = {}
    for envelope in envelopes:
        prefix = f"e{envelope.pk}"
        picks = {}
        for project in envelope.projects.all():
            if envelope.ballot_kind in (BallotKind.CUMULATIVE, BallotKind.RANKED):
                raw = (post.get(f"{prefix}_p{project.pk}") or "").strip()
                if raw:
                    picks[project.pk] = raw
            elif str(project.pk) in post.getlist(prefix):
                picks[project.pk] = 1
        chosen[envelope.pk] = picks
    return chosen


def _cast_choices(cast, envelopes) -> dict:
    """What the voter's cast ballots chose, as the form shows it (ranks on ranked ballots);
    each ranked ballot also gets `ranking`, its project titles in order, for the page."""
    titles = {p.pk: p.title for e in envelopes for p in e.projects.all()}
    chosen = {}
    for b in cast:
        picks = {c.project_id: c.points for c in b.choices.all()}
        if b.envelope.ballot_kind == BallotKind.RANKED:
            order = sorted(picks, key=lambda pid: -picks[pid])
            b.ranking = [titles.get(pid, pid) for pid in order]
            picks = {pid: place for place, pid in enumerate(order, start=1)}
        chosen[b.envelope_id] = picks
    return chosen


def _checklist(request, cycle, voter):
    """What voting online needs, before the personal-number form: each step, done or not, with
    the page that does it (and back to the ballot after)."""
    user = request.user
    back = reverse("voting:ballot", kwargs={"pk": cycle.pk})
    here = urlencode({"next": back})
    if not user.is_authenticated:
        return [
            {
                "key": "account",
                "label": _("An account (log in or register)"),
                "done": False,
                "url": f"{reverse('accounts:login')}?{here}",
            }
        ]
    return [
        {
            "key": "phone",
            "label": _("A verified phone number"),
            "done": user.phone_verified,
            "url": f"{reverse('accounts:verify-phone')}?{here}",
        },
        {
            "key": "birth_date",
            "label": _("Your birth date on your profile (the same as in your ID)"),
            "done": bool(user.birth_date),
            "url": f"{reverse('accounts:profile')}?{here}",
        },
        {
            "key": "personal_number",
            "label": _("Your personal number (11 digits), checked once for this cycle"),
            "done": voter is not None,
            "url": reverse("voting:verification", kwargs={"pk": cycle.pk}),
        },
    ]


def ballot(request, pk):
    """The ballot: anyone reads it; a verified voter fills it in during voting."""
    cycle = _cycle(pk)
    voter = services.voter_key_of(cycle=cycle, user=request.user)
    all_envelopes = list(
        Envelope.objects.filter(cycle=cycle)
        .select_related("community")
        .prefetch_related("projects")
    )
    mine = {e.pk for e in services.envelopes_for(cycle, voter)} if voter else set()
    envelopes = [e for e in all_envelopes if e.pk in mine] if voter else all_envelopes
    cast = services.my_ballots(cycle=cycle, user=request.user) if voter else []
    paper = services.paper_vote_of(cycle=cycle, user=request.user) if voter else None
    chosen = _cast_choices(cast, all_envelopes)
    errors, other, status = {}, [], 200
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            services.require_voter(cycle=cycle, user=request.user)
        except DomainError as exc:
            return refused(request, exc, cycle=cycle)
        data, order = choices_from_post(request.POST, envelopes)
        try:
            services.ballot_cast(cycle=cycle, user=request.user, envelopes=data)
            messages.success(request, _("Your ballot is counted. Keep your receipt code."))
            return redirect("voting:ballot", pk=cycle.pk)
        except DomainError as exc:
            errors, other = _envelope_errors(exc, order)
            if not errors and not other:
                other = [exc.message]
            chosen = _posted_choices(request.POST, envelopes)
            status = exc.status
    return render(
        request,
        "voting/ballot.html",
        {
            "cycle": cycle,
            "voter": voter,
            "can_vote": voter is not None
            and paper is None
            and may(request.user, cycle, "cast_ballot"),
            "paper": paper,
            "rows": _ballot_rows(envelopes, chosen, errors),
            "other_errors": other,
            "cast": cast,
            "can_verify": may(request.user, cycle, "verify_voter"),
            "checklist": _checklist(request, cycle, voter)
            if voter is None and cycle.phase in ("jury_review", "voting")
            else None,
        },
        status=status,
    )


@sensitive_post_parameters("personal_number")
@login_required
def verification(request, pk):
    """Residents verify themselves as voters; anyone else reads why they may not."""
    cycle = _cycle(pk)
    try:
        services.require_verifiable(cycle=cycle, user=request.user)
        refusal = None
    except DomainError as exc:
        if request.method == "POST":
            return refused(request, exc, cycle=cycle)
        refusal = exc.message
    form = IdentityForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.voter_verify(cycle=cycle, user=request.user, **form.cleaned_data)
            messages.success(request, _("You are verified as a voter."))
            return redirect("voting:ballot", pk=cycle.pk)
        except DomainError as exc:
            form_error(form, exc)
            status = exc.status
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "voting/verification.html",
        {
            "cycle": cycle,
            "form": form,
            "voter": services.voter_key_of(cycle=cycle, user=request.user),
            "refusal": refusal,
            "checklist": _checklist(request, cycle, None),
        },
        status=status,
    )


def ballot_print(request, pk):
    """The paper ballot of each envelope, one A4 page each: public, print CSS, no script."""
    cycle = _cycle(pk)
    envelopes = (
        Envelope.objects.filter(cycle=cycle)
        .select_related("community")
        .prefetch_related("projects")
    )
    return render(request, "voting/ballot_print.html", {"cycle": cycle, "envelopes": envelopes})


def receipt(request):
    """Anyone checks a receipt code and learns only whether such a ballot is counted."""
    code = (request.GET.get("code") or "").strip()[:40]
    counted = services.receipt_counted(code) if code else None
    return render(request, "voting/receipt.html", {"code": code, "counted": counted})


def _paper_page(request, cycle, *, correction):
    envelopes = list(
        Envelope.objects.filter(cycle=cycle)
        .select_related("community")
        .prefetch_related("projects")
    )
    form_class = PaperCorrectionForm if correction else PaperBallotForm
    points = VotingPoint.objects.filter(cycle=cycle)
    if not (correction and has_role(request.user, cycle, "organizer")):
        points = points.staffed_by(request.user, MemberRole.OFFICER).filter(status=PointStatus.OPEN)
    form = form_class(
        request.POST or None,
        cycle=cycle,
        points=points,
        initial={"voting_point": request.GET.get("point")},
    )
    errors, other, chosen, status = {}, [], {}, 200
    if request.method == "POST":
        data, order = choices_from_post(request.POST, envelopes)
        chosen = _posted_choices(request.POST, envelopes)
        if form.is_valid():
            service = services.paper_ballot_correct if correction else services.paper_ballot_enter
            try:
                args = {**form.cleaned_data, "voting_point": form.cleaned_data["voting_point"].pk}
                ballots = service(cycle=cycle, by=request.user, envelopes=data, **args)
                codes = ", ".join(b.receipt for b in ballots)
                messages.success(
                    request,
                    _("Paper ballot saved. Give the voter the receipt code: %(codes)s")
                    % {"codes": codes},
                )
                page = "voting:correct-paper" if correction else "voting:paper"
                return redirect(f"{reverse(page, args=[cycle.pk])}?point={args['voting_point']}")
            except DomainError as exc:
                errors, other = _envelope_errors(exc, order)
                if not (errors or other):
                    form_error(form, exc)
                status = exc.status
        else:
            status = 400
    return render(
        request,
        "voting/paper.html",
        {
            "cycle": cycle,
            "form": form,
            "rows": _ballot_rows(envelopes, chosen, errors),
            "other_errors": other,
            "correction": correction,
            "no_point": not points.exists(),
            "my_points": VotingPoint.objects.filter(cycle=cycle).staffed_by(
                request.user, MemberRole.OFFICER
            ),
        },
        status=status,
    )


@sensitive_post_parameters("personal_number")
@cycle_action_required("enter_paper_ballot")
def paper(request, pk, cycle):
    """Staff at a voting point enter a paper ballot."""
    return _paper_page(request, cycle, correction=False)


@sensitive_post_parameters("personal_number")
@cycle_action_required("enter_paper_ballot")
def correct_paper(request, pk, cycle):
    """Staff correct a paper ballot entered wrongly, saying why."""
    return _paper_page(request, cycle, correction=True)


@cycle_action_required("manage_envelopes")
def envelopes(request, pk, cycle, envelope_pk=None):
    """Organizers split the budget into envelopes, until voting opens."""
    editing = get_object_or_404(Envelope, pk=envelope_pk, cycle=cycle) if envelope_pk else None
    form = EnvelopeForm(request.POST or None, instance=editing, cycle=cycle)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in ENVELOPE_FIELDS}
        try:
            if editing:
                services.envelope_update(envelope=editing, by=request.user, data=data)
            else:
                services.envelope_create(cycle=cycle, by=request.user, data=data)
            messages.success(request, _("Envelope saved."))
            return redirect("voting:envelopes", pk=cycle.pk)
        except DomainError as exc:
            form_error(form, exc)
            status = exc.status
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "voting/envelopes.html",
        {
            "cycle": cycle,
            "form": form,
            "editing": editing,
            "envelopes": Envelope.objects.filter(cycle=cycle).select_related("community"),
        },
        status=status,
    )


@cycle_action_required("manage_envelopes")
@require_POST
def envelope_delete(request, pk, envelope_pk, cycle):
    envelope = get_object_or_404(Envelope, pk=envelope_pk, cycle=cycle)
    try:
        services.envelope_delete(envelope=envelope, by=request.user)
        messages.success(request, _("Envelope removed."))
    except DomainError as exc:
        flash_error(request, exc)
    return redirect("voting:envelopes", pk=cycle.pk)


@cycle_action_required("view_voter_roll")
def voter_roll(request, pk, cycle):
    """Organizers import the civil registry's voter roll and see the lines it refused."""
    form = VoterRollForm(request.POST or None, request.FILES or None)
    result, status = None, 200
    if request.method == "POST":
        try:
            check(request.user, cycle, "manage_voter_roll")
        except DomainError as exc:
            return refused(request, exc, cycle=cycle)
        if form.is_valid():
            try:
                result = services.voter_roll_import(
                    cycle=cycle, by=request.user, upload=form.cleaned_data["file"]
                )
                messages.success(
                    request,
                    _("The voter roll has %(n)d people now.") % {"n": result["count"]},
                )
            except DomainError as exc:
                form_error(form, exc)
                status = exc.status
        else:
            status = 400
    return render(
        request,
        "voting/voter_roll.html",
        {
            "cycle": cycle,
            "form": form,
            "result": result,
            "summary": services.voter_roll_summary(cycle),
            "may_import": may(request.user, cycle, "manage_voter_roll"),
        },
        status=status,
    )
