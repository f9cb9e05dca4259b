"""Each write service, called directly (the second line behind the API's permission), before, in
and after its phase, by each kind of caller. The answers are written out by hand from the rules
of the cycle (DESIGN.md), not read from the phase table: a wrong row in `cycles/phases.py` or a
service that forgets its check fails here. The API side of the same rules, with status codes,
is in tests/<app>/test_phases.py.

Terjola's cycle. `resident` lives in Terjola, `outsider` in Vani; `organizer` organizes Terjola
(and lives there, so may do what residents do); `juror` sits on the cycle's jury.
"""

import datetime
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import translation

from core.errors import Forbidden, NotAuthenticated, PhaseClosed
from cycles.models import Cycle
from cycles.permissions import check, may
from cycles.phases import require
from ideas import services as ideas
from implementation import services as implementation
from jury import services as jury
from jury.models import Assignment, Criterion
from outreach import services as outreach
from proposals import services as proposals
from proposals.models import BudgetLine
from tests import factories as f
from tests.conftest import set_phase
from trainings import services as trainings
from voting import services as voting
from voting.models import VoterKey, voter_key_for

DONE, CLOSED, REFUSED = "done", "409 phase closed", "403 refused"
ORG, RES, OUT = "organizer", "resident", "outsider"


def outcome(call) -> str:
    """What the caller gets; any other domain error (a wrong test body) fails the test."""
    try:
        with transaction.atomic():
            call()
    except PhaseClosed:
        return CLOSED
    except (Forbidden, NotAuthenticated):
        return REFUSED
    return DONE


def cases(table):
    return [
        pytest.param(phase, role, expected, id=f"{phase}-{role}")
        for phase, by_role in table.items()
        for role, expected in by_role.items()
    ]


@pytest.fixture
def people(resident, outsider, organizer, juror):
    return {RES: resident, OUT: outsider, ORG: organizer, "juror": juror}


# --- ideas: residents submit during the competition; organizers screen in it and in trainings


SUBMIT = {
    "draft": {RES: CLOSED, OUT: REFUSED, ORG: CLOSED},
    "idea_submission": {RES: DONE, OUT: REFUSED, ORG: DONE},
    "training": {RES: CLOSED, OUT: REFUSED, ORG: CLOSED},
}


@pytest.mark.parametrize("phase, role, expected", cases(SUBMIT))
def test_idea_submit(cycle, people, phase, role, expected):
    category = f.CategoryFactory(cycle=cycle)
    data = {"title": "Benches", "summary": "By the river", "category": category}
    data["estimated_cost"] = Decimal("5000.00")
    set_phase(cycle, phase)
    call = lambda: ideas.idea_submit(author=people[role], cycle=cycle, data=data)  # noqa: E731
    assert outcome(call) == expected


SCREEN = {
    "idea_submission": {ORG: DONE, RES: REFUSED, OUT: REFUSED},
    "training": {ORG: DONE, RES: REFUSED, OUT: REFUSED},
    "jury_review": {ORG: CLOSED, RES: REFUSED, OUT: REFUSED},
}


@pytest.mark.parametrize("phase, role, expected", cases(SCREEN))
def test_idea_screen(cycle, people, author, phase, role, expected):
    idea = f.IdeaFactory(cycle=cycle, author=author)
    set_phase(cycle, phase)
    call = lambda: ideas.idea_screen(idea=idea, by=people[role], decision="eligible")  # noqa: E731
    assert outcome(call) == expected


# --- trainings: organizers schedule until trainings end; residents with an eligible idea enroll
# during trainings


SCHEDULE = {
    "draft": {ORG: DONE, RES: REFUSED, OUT: REFUSED},
    "training": {ORG: DONE, RES: REFUSED, OUT: REFUSED},
    "jury_review": {ORG: CLOSED, RES: REFUSED, OUT: REFUSED},
}


@pytest.mark.parametrize("phase, role, expected", cases(SCHEDULE))
def test_session_create(cycle, people, phase, role, expected):
    starts = datetime.datetime(2031, 7, 20, 11, tzinfo=datetime.UTC)
    data = {"title_ka": "პროექტის წერა", "title_en": "Writing a proposal", "place": "Library"}
    data.update(starts_at=starts, ends_at=starts + datetime.timedelta(hours=2), capacity=20)
    set_phase(cycle, phase)
    call = lambda: trainings.session_create(cycle=cycle, by=people[role], data=data)  # noqa: E731
    assert outcome(call) == expected


ENROLL = {
    "idea_submission": {RES: CLOSED, OUT: REFUSED},
    "training": {RES: DONE, OUT: REFUSED},
    "jury_review": {RES: CLOSED, OUT: REFUSED},
}


@pytest.mark.parametrize("phase, role, expected", cases(ENROLL))
def test_session_enroll(cycle, people, phase, role, expected):
    f.IdeaFactory(cycle=cycle, author=people[RES], status="eligible")  # her ticket in
    session = f.TrainingSessionFactory(cycle=cycle)
    set_phase(cycle, phase)
    call = lambda: trainings.session_enroll(session=session, user=people[role])  # noqa: E731
    assert outcome(call) == expected


# --- proposals: the author submits during trainings; organizers assess then and in jury review


PROPOSAL_SUBMIT = {
    "idea_submission": {RES: CLOSED},
    "training": {RES: DONE},
    "jury_review": {RES: CLOSED},
}


@pytest.mark.parametrize("phase, role, expected", cases(PROPOSAL_SUBMIT))
def test_proposal_submit(cycle, people, phase, role, expected):
    Cycle.objects.filter(pk=cycle.pk).update(training_required=False)
    cycle.refresh_from_db()
    draft = f.DraftProposalFactory(cycle=cycle, idea__author=people[role])
    BudgetLine.objects.create(proposal=draft, item="Lamp posts", quantity=4, unit_cost=1500)
    set_phase(cycle, phase)
    call = lambda: proposals.proposal_submit(proposal=draft, by=people[role])  # noqa: E731
    assert outcome(call) == expected


def test_someone_elses_draft_is_refused_in_its_phase(cycle, people, author):
    draft = f.DraftProposalFactory(cycle=cycle, idea__author=author)
    set_phase(cycle, "training")
    for role in (RES, OUT):

        def call(role=role):
            proposals.proposal_submit(proposal=draft, by=people[role])

        assert outcome(call) == REFUSED, role


VALUE = {
    "training": {ORG: DONE, RES: REFUSED, OUT: REFUSED},
    "jury_review": {ORG: DONE, RES: REFUSED, OUT: REFUSED},
    "voting": {ORG: CLOSED, RES: REFUSED, OUT: REFUSED},
}


@pytest.mark.parametrize("phase, role, expected", cases(VALUE))
def test_proposal_value(cycle, people, author, phase, role, expected):
    proposal = f.DraftProposalFactory(cycle=cycle, idea__author=author, status="submitted")
    set_phase(cycle, phase)

    def call():
        proposals.proposal_value(proposal=proposal, by=people[role], feasible=True, reason="Fine")

    assert outcome(call) == expected


# --- jury: a juror scores during jury review only; organizers seat jurors until it ends


SCORE = {
    "training": {"juror": CLOSED, RES: REFUSED, ORG: REFUSED},
    "jury_review": {"juror": DONE, RES: REFUSED, ORG: REFUSED},
    "voting": {"juror": CLOSED, RES: REFUSED, ORG: REFUSED},
}


@pytest.mark.parametrize("phase, role, expected", cases(SCORE))
def test_scores_save(cycle, people, phase, role, expected):
    criterion = Criterion.objects.create(cycle=cycle, name_en="Need", weight=1, max_score=10)
    seat = f.JurorFactory(cycle=cycle, user=people["juror"])
    proposal = f.FeasibleProposalFactory(cycle=cycle)
    assignment = Assignment.objects.create(juror=seat, proposal=proposal)
    set_phase(cycle, phase)
    scores = [{"criterion": criterion.pk, "value": 7, "comment": ""}]

    def call():
        jury.scores_save(assignment=assignment, by=people[role], scores=scores)

    assert outcome(call) == expected


SEAT = {
    "training": {ORG: DONE, RES: REFUSED, OUT: REFUSED},
    "jury_review": {ORG: DONE, RES: REFUSED, OUT: REFUSED},
    "voting": {ORG: CLOSED, RES: REFUSED, OUT: REFUSED},
}


@pytest.mark.parametrize("phase, role, expected", cases(SEAT))
def test_juror_add(cycle, people, phase, role, expected):
    set_phase(cycle, phase)
    call = lambda: jury.juror_add(cycle=cycle, by=people[role], user=people["juror"])  # noqa: E731
    assert outcome(call) == expected


# --- voting: organizers shape envelopes before the vote; a verified resident votes during it;
# organizers enter paper ballots during it


ENVELOPES = {
    "draft": {ORG: DONE, RES: REFUSED, OUT: REFUSED},
    "jury_review": {ORG: DONE, RES: REFUSED, OUT: REFUSED},
    "voting": {ORG: CLOSED, RES: REFUSED, OUT: REFUSED},
}


@pytest.mark.parametrize("phase, role, expected", cases(ENVELOPES))
def test_envelope_create(cycle, people, phase, role, expected):
    data = {"budget": Decimal("30000.00"), "ballot_kind": "approval", "max_choices": 2}
    set_phase(cycle, phase)
    call = lambda: voting.envelope_create(cycle=cycle, by=people[role], data=data)  # noqa: E731
    assert outcome(call) == expected


CAST = {
    "jury_review": {RES: CLOSED},
    "voting": {RES: DONE},
    "results": {RES: CLOSED},
}


@pytest.mark.parametrize("phase, role, expected", cases(CAST))
def test_ballot_cast(cycle, people, phase, role, expected):
    envelope = f.EnvelopeFactory(cycle=cycle, ballot_kind="approval", max_choices=1)
    project = f.BallotProjectFactory(envelope=envelope, cost=Decimal("5000.00"))
    VoterKey.objects.create(cycle=cycle, key=voter_key_for("01001012345"), user=people[role])
    set_phase(cycle, phase)
    choices = [{"envelope": envelope.pk, "choices": [project.pk]}]
    call = lambda: voting.ballot_cast(cycle=cycle, user=people[role], envelopes=choices)  # noqa: E731
    assert outcome(call) == expected


def test_an_outsider_cannot_cast_in_another_municipality(cycle, people):
    set_phase(cycle, "voting")
    with pytest.raises(Forbidden):
        voting.ballot_cast(cycle=cycle, user=people[OUT], envelopes=[])


PAPER = {
    "jury_review": {ORG: CLOSED, RES: REFUSED, OUT: REFUSED},
    "voting": {ORG: DONE, RES: REFUSED, OUT: REFUSED},
    "results": {ORG: CLOSED, RES: REFUSED, OUT: REFUSED},
}


@pytest.mark.parametrize("phase, role, expected", cases(PAPER))
def test_paper_ballot_enter(cycle, people, phase, role, expected):
    envelope = f.EnvelopeFactory(cycle=cycle, ballot_kind="approval", max_choices=1)
    project = f.BallotProjectFactory(envelope=envelope, cost=Decimal("5000.00"))
    point = f.officer_point(cycle, people[ORG])  # the organizer is also the point's officer
    set_phase(cycle, phase)

    def call():
        voting.paper_ballot_enter(
            cycle=cycle, by=people[role], personal_number="01001054321",
            birth_date=datetime.date(1985, 3, 14), voting_point=point,
            envelopes=[{"envelope": envelope.pk, "choices": [project.pk]}],
        )  # fmt: skip

    assert outcome(call) == expected


# --- implementation: organizers post progress during implementation only; anyone signed in
# follows a winner from the results on


UPDATE = {
    "results": {ORG: CLOSED, RES: REFUSED, OUT: REFUSED},
    "implementation": {ORG: DONE, RES: REFUSED, OUT: REFUSED},
    "closed": {ORG: CLOSED, RES: REFUSED, OUT: REFUSED},
}


@pytest.mark.parametrize("phase, role, expected", cases(UPDATE))
def test_progress_update_post(cycle, people, phase, role, expected):
    project = f.FundedProjectFactory(proposal__cycle=cycle)
    set_phase(cycle, phase)
    data = {"status": "in_progress", "spent": Decimal("100.00"), "text_en": "Work began."}

    def call():
        implementation.progress_update_post(project=project, by=people[role], data=data)

    assert outcome(call) == expected


FOLLOW = {
    "voting": {RES: CLOSED, OUT: CLOSED},
    "results": {RES: DONE, OUT: DONE},
    "implementation": {RES: DONE, OUT: DONE},
    "closed": {RES: CLOSED, OUT: CLOSED},
}


@pytest.mark.parametrize("phase, role, expected", cases(FOLLOW))
def test_funded_project_follow(cycle, people, phase, role, expected):
    project = f.FundedProjectFactory(proposal__cycle=cycle)
    set_phase(cycle, phase)
    call = lambda: implementation.funded_project_follow(project=project, user=people[role])  # noqa: E731
    assert outcome(call) == expected


# --- outreach: organizers write to residents from the draft until the cycle closes


BROADCAST = {
    "draft": {ORG: DONE, RES: REFUSED, OUT: REFUSED},
    "implementation": {ORG: DONE, RES: REFUSED, OUT: REFUSED},
    "closed": {ORG: CLOSED, RES: REFUSED, OUT: REFUSED},
}


@pytest.mark.parametrize("phase, role, expected", cases(BROADCAST))
def test_broadcast_send(cycle, people, phase, role, expected):
    data = {"channels": ["inapp"], "community": None, "text_ka": "ხვალ კრებაა.", "text_en": ""}
    set_phase(cycle, phase)
    call = lambda: outreach.broadcast_send(cycle=cycle, by=people[role], data=data)  # noqa: E731
    assert outcome(call) == expected


# --- the refusal itself


def test_the_message_names_the_phase_that_allows_it():
    with translation.override("en"), pytest.raises(PhaseClosed) as err:
        require(Cycle(phase="voting"), "submit_idea")
    assert err.value.status == 409 and err.value.code == "phase_closed"
    assert err.value.message == (
        "This is possible only during: Ideas competition. The cycle is now in: Public voting."
    )


def test_may_needs_both_the_phase_and_the_role(cycle, resident, outsider, organizer):
    set_phase(cycle, "voting")
    assert may(resident, cycle, "cast_ballot")
    assert not may(outsider, cycle, "cast_ballot")  # another municipality
    assert not may(resident, cycle, "enter_paper_ballot")  # an organizer's action
    assert may(organizer, cycle, "enter_paper_ballot")
    assert not may(resident, cycle, "submit_idea")  # not in this phase


def test_check_answers_who_first_then_whose_then_when(cycle, outsider, organizer):
    from django.contrib.auth.models import AnonymousUser

    set_phase(cycle, "voting")
    with pytest.raises(NotAuthenticated):
        check(AnonymousUser(), cycle, "submit_idea")
    with pytest.raises(Forbidden):
        check(outsider, cycle, "submit_idea")  # 403 even though the phase is wrong too
    with pytest.raises(PhaseClosed):
        check(organizer, cycle, "screen_idea")
