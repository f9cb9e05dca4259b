"""Races the database settles: two publishers, two beat runs, two conflicting hand-overs."""

from datetime import timedelta

import pytest
from django.utils import timezone

from jury import services
from jury.models import Assignment, Shortlist
from notifications.models import Notification
from proposals.models import StatusChange
from tests import factories as f
from tests.races import race

from .conftest import sheet

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_organizers_publishing_at_once_publish_once(review, proposals, jurors, organizer):
    other = f.OrganizerFactory(municipality=review.municipality)
    for a in Assignment.objects.select_related("juror__user"):
        services.scores_save(assignment=a, by=a.juror.user, scores=sheet(a, 5), submit=True)
    ids = [p.pk for p in proposals]

    def publish(by):
        return lambda: services.shortlist_publish(cycle=review, by=by, proposal_ids=ids)

    outcomes = race(publish(organizer), publish(other))
    assert len(outcomes.results) == 1 and outcomes.refusals == ["conflict"]
    assert Shortlist.objects.filter(cycle=review).count() == 1
    assert StatusChange.objects.filter(to_status="shortlisted").count() == 3
    assert Notification.objects.filter(kind="proposal_shortlisted", channel="inapp").count() == 3


def test_two_beat_runs_remind_each_juror_once(review, jurors):
    review.voting_starts = timezone.now() + timedelta(days=2)
    review.save()
    results = race(services.juror_remind, services.juror_remind, expected=())
    assert sorted(results) in ([0, 3], [1, 2])
    assert Notification.objects.filter(kind="jury_reminder", channel="inapp").count() == 3


def test_double_submitted_conflict_recuses_once_and_hands_on_once(
    cycle, organizer, jurors, proposals
):
    from .conftest import open_review

    cycle.jurors_per_proposal = 1
    cycle.save()
    open_review(cycle, organizer)
    a = Assignment.objects.filter(proposal=proposals[1]).select_related("juror__user").get()

    def recuse():
        return services.conflict_declare(assignment=a, by=a.juror.user, reason="cousin")

    outcomes = race(recuse, recuse)
    assert len(outcomes.results) == 1 and len(outcomes.refusals) == 1
    assert Assignment.objects.filter(proposal=proposals[1], status="pending").count() == 1
