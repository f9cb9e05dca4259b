"""Opening the review, scoring, conflicts of interest, reopening and reminders."""

import datetime

import pytest
from django.utils import timezone

from cycles.services import allowed_actions
from jury import services
from jury.models import Assignment, Criterion, Juror, Score
from notifications.models import Notification
from record.models import Entry
from tests import factories as f

from .conftest import assignment_of, open_review, sheet

pytestmark = pytest.mark.django_db


def test_opening_review_creates_the_default_criteria_in_both_languages(review):
    names = list(Criterion.objects.filter(cycle=review).values_list("name_en", flat=True))
    assert names == [
        "Relevance to community needs",
        "Feasibility",
        "Cost-effectiveness",
        "Number of people who benefit",
        "Sustainability",
    ]
    assert all(Criterion.objects.filter(cycle=review).values_list("name_ka", flat=True))


def test_a_cycle_with_its_own_criteria_keeps_them(cycle, organizer, proposals, jurors):
    Criterion.objects.create(cycle=cycle, name_ka="ხარისხი", name_en="Quality")
    open_review(cycle, organizer)
    assert list(Criterion.objects.filter(cycle=cycle).values_list("name_en", flat=True)) == [
        "Quality"
    ]


def test_every_juror_gets_every_feasible_proposal_except_their_own(
    cycle, organizer, author, proposals, jurors
):
    f.JurorFactory(cycle=cycle, user=author)  # Bob is on the jury and wrote the playground
    f.FeasibleProposalFactory(cycle=cycle, title="Not valued yet", status="submitted")
    open_review(cycle, organizer)
    assert Assignment.objects.filter(juror__user=author).count() == 2
    assert not Assignment.objects.filter(juror__user=author, proposal=proposals[0]).exists()
    assert Assignment.objects.count() == 3 * 3 + 2
    assert not Assignment.objects.filter(proposal__title="Not valued yet").exists()


def test_k_jurors_per_proposal_are_balanced(cycle, organizer, jurors, terjola):
    cycle.jurors_per_proposal = 2
    cycle.save()
    for i in range(6):
        f.FeasibleProposalFactory(cycle=cycle, title=f"Project {i}")
    open_review(cycle, organizer)
    loads = sorted(j.assignments.count() for j in Juror.objects.filter(cycle=cycle))
    assert loads == [4, 4, 4]
    for p in cycle.proposals.all():
        assert p.jury_assignments.count() == 2


def test_jurors_are_notified_once_and_hold_the_juror_role(review, jurors):
    juliet = jurors[0].user
    notes = Notification.objects.filter(recipient=juliet, kind="jury_assigned", channel="inapp")
    assert notes.count() == 1
    assert notes.get().context["count"] == 3
    assert "score" in allowed_actions(review, juliet)
    assert "declare_conflict" in allowed_actions(review, juliet)


def test_scoring_saves_a_draft_then_submit_locks_it(api, review, proposals, juror):
    a = assignment_of(juror, proposals[1])
    client = api(juror)
    res = client.put(
        f"/api/v1/jury/assignments/{a.pk}/scores/", {"scores": sheet(a)[:2]}, format="json"
    )
    assert res.status_code == 200, res.json()
    assert res.json()["status"] == "pending" and len(res.json()["scores"]) == 2
    res = client.put(
        f"/api/v1/jury/assignments/{a.pk}/scores/",
        {"scores": sheet(a, 7), "submit": True},
        format="json",
    )
    assert res.status_code == 200
    assert res.json()["status"] == "submitted"
    assert {s["value"] for s in res.json()["scores"]} == {7}
    res = client.put(f"/api/v1/jury/assignments/{a.pk}/scores/", {"scores": sheet(a, 1)})
    assert res.status_code == 409 and res.json()["error"]["code"] == "conflict"


def test_submitting_needs_every_criterion(api, review, proposals, juror):
    a = assignment_of(juror, proposals[1])
    res = api(juror).put(
        f"/api/v1/jury/assignments/{a.pk}/scores/",
        {"scores": sheet(a)[:3], "submit": True},
        format="json",
    )
    assert res.status_code == 400
    assert "Sustainability" in res.json()["error"]["fields"]["scores"][0]


def test_a_value_over_the_maximum_is_400(api, review, proposals, juror):
    a = assignment_of(juror, proposals[1])
    scores = sheet(a)
    scores[1]["value"] = 11
    res = api(juror).put(f"/api/v1/jury/assignments/{a.pk}/scores/", {"scores": scores})
    assert res.status_code == 400
    assert res.json()["error"]["code"] == "invalid"
    assert "scores.1.value" in res.json()["error"]["fields"]
    assert not Score.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {"scores": [{"criterion": 999999, "value": 1}]},
        {"scores": [{"criterion": "x", "value": 1}]},
        {"scores": [{"value": -1}]},
        {"scores": "many"},
        {"scores": [{"criterion": 1, "value": 10**30}]},
        {},
    ],
)
def test_bad_score_input_is_400_never_500(api, review, proposals, juror, body):
    a = assignment_of(juror, proposals[1])
    res = api(juror).put(f"/api/v1/jury/assignments/{a.pk}/scores/", body, format="json")
    assert res.status_code == 400, res.content


@pytest.mark.parametrize("phase_name", ["training", "voting"])
def test_scoring_outside_jury_review_is_409(api, review, proposals, juror, phase, phase_name):
    a = assignment_of(juror, proposals[1])
    phase(review, phase_name)
    res = api(juror).put(f"/api/v1/jury/assignments/{a.pk}/scores/", {"scores": sheet(a)})
    assert res.status_code == 409
    assert res.json()["error"]["code"] == "phase_closed"


def test_a_juror_cannot_touch_anothers_assignment(api, review, proposals, jurors):
    a = assignment_of(jurors[1].user, proposals[1])
    client = api(jurors[0].user)
    res = client.put(f"/api/v1/jury/assignments/{a.pk}/scores/", {"scores": sheet(a)})
    assert res.status_code == 403 and "another juror" in res.json()["error"]["message"]
    res = client.post(f"/api/v1/jury/assignments/{a.pk}/conflict/", {"reason": "x"})
    assert res.status_code == 403
    assert client.get(f"/api/v1/jury/assignments/{a.pk}/").status_code == 404  # not even seen
    assert not a.scores.exists() and Assignment.objects.get(pk=a.pk).status == "pending"


def test_chair_or_organizer_reopens_a_submitted_sheet_but_not_another_juror(
    api, review, proposals, jurors, organizer
):
    karlo, lela = jurors[1].user, jurors[2].user
    a = assignment_of(karlo, proposals[1])
    services.scores_save(assignment=a, by=karlo, scores=sheet(a), submit=True)
    assert api(lela).post(f"/api/v1/jury/assignments/{a.pk}/reopen/").status_code == 403
    res = api(jurors[0].user).post(f"/api/v1/jury/assignments/{a.pk}/reopen/", {"reason": "typo"})
    assert res.status_code == 200 and res.json()["status"] == "pending"
    assert api(organizer).post(f"/api/v1/jury/assignments/{a.pk}/reopen/").status_code == 409
    services.scores_save(assignment=a, by=karlo, scores=sheet(a, 3), submit=True)
    assert api(organizer).post(f"/api/v1/jury/assignments/{a.pk}/reopen/").status_code == 200


def test_conflict_recuses_and_everyone_already_has_it_without_k(api, review, proposals, juror):
    a = assignment_of(juror, proposals[1])
    res = api(juror).post(
        f"/api/v1/jury/assignments/{a.pk}/conflict/", {"reason": "My cousin wrote it"}
    )
    assert res.status_code == 200 and res.json()["status"] == "recused"
    assert Assignment.objects.filter(proposal=proposals[1]).active().count() == 2
    entry = Entry.objects.get(action="jury_conflict_declared")
    assert entry.reason == "My cousin wrote it" and not entry.public


def test_conflict_needs_a_reason(api, review, proposals, juror):
    a = assignment_of(juror, proposals[1])
    res = api(juror).post(f"/api/v1/jury/assignments/{a.pk}/conflict/", {"reason": "  "})
    assert res.status_code == 400


def test_with_k_jurors_a_conflict_hands_the_proposal_to_a_free_juror(
    api, cycle, organizer, author, jurors, terjola
):
    cycle.jurors_per_proposal = 1
    cycle.save()
    bob_seat = f.JurorFactory(cycle=cycle, user=author)
    mine = f.FeasibleProposalFactory(cycle=cycle, idea__author=author, title="Bob's own")
    other = f.FeasibleProposalFactory(cycle=cycle, title="Someone else's")
    open_review(cycle, organizer)
    first = Assignment.objects.get(proposal=mine)
    assert first.juror != bob_seat
    # the holder declares a conflict; the next juror is neither Bob (author) nor the holder
    res = api(first.juror.user).post(
        f"/api/v1/jury/assignments/{first.pk}/conflict/", {"reason": "Neighbour"}
    )
    assert res.status_code == 200
    new = Assignment.objects.get(proposal=mine, status="pending")
    assert new.replaces_id == first.pk
    assert new.juror not in (bob_seat, first.juror)
    assert Notification.objects.filter(
        recipient=new.juror.user, kind="jury_assigned", channel="inapp"
    ).exists()
    # once every juror is used up, the recusal stands without a replacement
    res = api(new.juror.user).post(
        f"/api/v1/jury/assignments/{new.pk}/conflict/", {"reason": "Also a neighbour"}
    )
    third = Assignment.objects.get(proposal=mine, status="pending")
    res = api(third.juror.user).post(
        f"/api/v1/jury/assignments/{third.pk}/conflict/", {"reason": "Same street"}
    )
    assert res.status_code == 200
    assert not Assignment.objects.filter(proposal=mine).active().exists()
    assert Assignment.objects.filter(proposal=other).active().count() == 1


def test_declaring_twice_is_409(api, review, proposals, juror):
    a = assignment_of(juror, proposals[1])
    client = api(juror)
    client.post(f"/api/v1/jury/assignments/{a.pk}/conflict/", {"reason": "x"})
    res = client.post(f"/api/v1/jury/assignments/{a.pk}/conflict/", {"reason": "x"})
    assert res.status_code == 409


def test_reminder_goes_once_three_days_before_review_ends(review, proposals, jurors):
    karlo = jurors[1].user
    for p in proposals:
        a = assignment_of(karlo, p)
        services.scores_save(assignment=a, by=karlo, scores=sheet(a), submit=True)
    review.voting_starts = timezone.now() + datetime.timedelta(days=5)
    review.save()
    assert services.juror_remind() == 0  # too early
    later = timezone.now() + datetime.timedelta(days=2, hours=12)
    assert services.juror_remind(now=later) == 2  # Juliet and Lela; Karlo is done
    assert services.juror_remind(now=later) == 0
    notes = Notification.objects.filter(kind="jury_reminder", channel="inapp")
    assert sorted(n.recipient.name for n in notes) == ["Jury Juliet", "Jury Lela"]
    assert notes.first().context["pending"] == 3


def test_the_reminder_task_runs_from_beat(review):
    from django.conf import settings

    from jury.tasks import remind_jurors

    tasks = {e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "jury.tasks.remind_jurors" in tasks
    assert remind_jurors.delay().get() == 0
