"""Storms: real threads against PostgreSQL; the database settles every race.

Already covered in the apps' own race tests, not repeated here:
  - 200 ballots for one voter: tests/voting/test_races.py
    ::test_200_simultaneous_puts_for_one_voter_end_with_one_ballot_and_no_500 (and the variant
    without ballot changes, ::test_200_simultaneous_puts_without_changes_allowed_count_exactly_one)
  - 200 enrollments for 20 seats: tests/trainings/test_race.py
    ::test_200_simultaneous_enrollments_fill_20_seats_and_queue_180_in_arrival_order
  - two officers entering one person at two voting points: tests/voting/test_races.py
    ::test_two_officers_entering_one_person_at_two_voting_points_count_once
  - two beat runs advancing the same due cycle: tests/cycles/test_advance.py
    ::test_two_beat_runs_at_once_make_one_transition
Missing there, so here: two organizers pressing "advance" for the same cycle at the same moment,
through the API.
"""

import pytest

from cycles.models import Cycle, PhaseTransition

from .. import factories as f
from ..races import race

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_organizers_advancing_one_cycle_at_once_make_one_transition_and_one_conflict(
    api, terjola
):
    cycle = f.CycleFactory(municipality=terjola)
    first, second = (
        f.OrganizerFactory(municipality=terjola),
        f.OrganizerFactory(municipality=terjola),
    )
    clients = [api(first), api(second)]

    def press(client):
        return lambda: client.post(f"/api/v1/cycles/{cycle.pk}/advance/", {"to": "training"})

    responses = race(*map(press, clients))
    answers = sorted((r.status_code, r.json().get("error", {}).get("code")) for r in responses)
    assert answers == [(200, None), (409, "conflict")]
    assert Cycle.objects.get(pk=cycle.pk).phase == "training"
    assert PhaseTransition.objects.filter(cycle=cycle).count() == 1
