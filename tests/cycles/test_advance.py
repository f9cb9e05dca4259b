from datetime import timedelta

import pytest
from django.utils import timezone

from core.errors import Conflict, Forbidden
from cycles import services
from cycles.models import Cycle, PhaseTransition
from cycles.tasks import advance_due_cycles
from notifications.models import Notification
from tests import factories as f
from tests.races import race


def test_organizer_advances_one_step_and_it_is_recorded(cycle, organizer):
    services.advance(cycle=cycle, to="training", by=organizer, reason="ideas are in")
    cycle.refresh_from_db()
    assert cycle.phase == "training"
    t = PhaseTransition.objects.get(cycle=cycle)
    assert (t.from_phase, t.to_phase, t.by, t.reason) == (
        "idea_submission",
        "training",
        organizer,
        "ideas are in",
    )


def test_advancing_notifies_the_organizers(cycle, organizer):
    services.advance(cycle=cycle, to="training", by=organizer)
    kinds = set(Notification.objects.filter(recipient=organizer).values_list("kind", flat=True))
    assert kinds == {"phase_changed"}


def test_skipping_a_phase_is_a_conflict(cycle, organizer):
    with pytest.raises(Conflict):
        services.advance(cycle=cycle, to="voting", by=organizer)
    assert Cycle.objects.get(pk=cycle.pk).phase == "idea_submission"
    assert not PhaseTransition.objects.exists()


def test_going_back_is_a_conflict(cycle, organizer, phase):
    phase(cycle, "training")
    with pytest.raises(Conflict):
        services.advance(cycle=cycle, to="idea_submission", by=organizer)


def test_closed_cycle_cannot_move(cycle, organizer, phase):
    phase(cycle, "closed")
    with pytest.raises(Conflict):
        services.advance(cycle=cycle, to="draft", by=organizer)


def test_organizer_of_another_municipality_cannot_advance(cycle, vani_organizer):
    with pytest.raises(Forbidden):
        services.advance(cycle=cycle, to="training", by=vani_organizer)


def test_a_failing_guard_stops_the_move(cycle, organizer, monkeypatch):
    from civic_budget import wiring

    monkeypatch.setitem(wiring.PHASE_GUARDS, "training", ["tests.cycles.test_advance.refuse"])
    with pytest.raises(Conflict, match="not yet"):
        services.advance(cycle=cycle, to="training", by=organizer)
    assert Cycle.objects.get(pk=cycle.pk).phase == "idea_submission"


def refuse(cycle):
    raise Conflict("not yet")


def test_beat_task_advances_due_cycles_only(cycle, terjola):
    Cycle.objects.filter(pk=cycle.pk).update(training_starts=timezone.now() - timedelta(minutes=1))
    later = f.CycleFactory(municipality=terjola)
    assert advance_due_cycles() == 1
    assert Cycle.objects.get(pk=cycle.pk).phase == "training"
    assert Cycle.objects.get(pk=later.pk).phase == "idea_submission"
    assert PhaseTransition.objects.get(cycle=cycle).by is None
    assert advance_due_cycles() == 0


def test_draft_cycles_wait_for_an_organizer(terjola):
    draft = f.CycleFactory(
        municipality=terjola,
        phase="draft",
        idea_submission_starts=timezone.now() - timedelta(days=1),
    )
    assert advance_due_cycles() == 0
    assert Cycle.objects.get(pk=draft.pk).phase == "draft"


def test_default_schedule_opens_jury_review_on_30_september():
    from cycles.models import default_schedule

    start = timezone.localtime(default_schedule(2027)["jury_review_starts"])
    assert (start.year, start.month, start.day) == (2027, 9, 30)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_beat_runs_at_once_make_one_transition():
    cycle = f.CycleFactory(training_starts=timezone.now() - timedelta(minutes=1))
    results = race(services.advance_due, services.advance_due, expected=())
    assert sorted(results) == [0, 1]
    assert PhaseTransition.objects.filter(cycle=cycle).count() == 1
    assert Cycle.objects.get(pk=cycle.pk).phase == "training"
