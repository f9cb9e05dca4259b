"""The phase table, read against a hand-written account of the cycle: a few representative
actions, just before, in and just after their phases. Each write path's own phase tests
(tests/<app>/test_phases.py) call the real endpoints."""

import pytest

from core.errors import Forbidden, NotAuthenticated, PhaseClosed
from cycles.models import Cycle
from cycles.permissions import check, may
from cycles.phases import require
from tests.conftest import set_phase

ALLOWED, CLOSED = True, False
HAND_WRITTEN = [
    ("submit_idea", "draft", CLOSED),
    ("submit_idea", "idea_submission", ALLOWED),
    ("submit_idea", "training", CLOSED),
    ("screen_idea", "idea_submission", ALLOWED),
    ("screen_idea", "training", ALLOWED),
    ("screen_idea", "jury_review", CLOSED),
    ("enroll", "idea_submission", CLOSED),
    ("enroll", "training", ALLOWED),
    ("enroll", "jury_review", CLOSED),
    ("submit_proposal", "training", ALLOWED),
    ("submit_proposal", "jury_review", CLOSED),
    ("score", "training", CLOSED),
    ("score", "jury_review", ALLOWED),
    ("score", "voting", CLOSED),
    ("manage_envelopes", "jury_review", ALLOWED),
    ("manage_envelopes", "voting", CLOSED),
    ("cast_ballot", "jury_review", CLOSED),
    ("cast_ballot", "voting", ALLOWED),
    ("cast_ballot", "results", CLOSED),
    ("view_results", "voting", CLOSED),
    ("view_results", "results", ALLOWED),
    ("view_results", "closed", ALLOWED),
    ("post_update", "results", CLOSED),
    ("post_update", "implementation", ALLOWED),
    ("post_update", "closed", CLOSED),
    ("edit_cycle", "draft", ALLOWED),
    ("edit_cycle", "implementation", ALLOWED),
    ("edit_cycle", "closed", CLOSED),
    ("send_broadcast", "draft", ALLOWED),
    ("send_broadcast", "implementation", ALLOWED),
    ("send_broadcast", "closed", CLOSED),
    ("view_broadcasts", "closed", ALLOWED),
    ("view_turnout", "jury_review", CLOSED),
    ("view_turnout", "voting", ALLOWED),
    ("view_turnout", "closed", ALLOWED),
]


@pytest.mark.parametrize("action, phase, allowed", HAND_WRITTEN)
def test_each_action_is_allowed_in_its_phases_and_409_outside(action, phase, allowed):
    cycle = Cycle(phase=phase)
    if allowed:
        require(cycle, action)
    else:
        with pytest.raises(PhaseClosed) as err:
            require(cycle, action)
        assert err.value.status == 409 and err.value.code == "phase_closed"


def test_the_message_names_the_phase_that_allows_it():
    from django.utils import translation

    with translation.override("en"), pytest.raises(PhaseClosed) as err:
        require(Cycle(phase="voting"), "submit_idea")
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
