import pytest

from core.errors import PhaseClosed
from cycles.models import Cycle
from cycles.phases import ACTIONS, ORDER, require


@pytest.mark.parametrize("phase", ORDER)
@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_every_action_in_every_phase_follows_the_table(action, phase):
    cycle = Cycle(phase=phase)
    if phase in ACTIONS[action][0]:
        require(cycle, action)
    else:
        with pytest.raises(PhaseClosed) as err:
            require(cycle, action)
        assert err.value.status == 409 and err.value.code == "phase_closed"


def test_key_actions_open_in_their_phase_only():
    assert ACTIONS["submit_idea"][0] == {"idea_submission"}
    assert ACTIONS["score"][0] == {"jury_review"}
    assert ACTIONS["cast_ballot"][0] == {"voting"}


def test_the_message_names_the_phase_that_allows_it(settings):
    from django.utils import translation

    with translation.override("en"), pytest.raises(PhaseClosed) as err:
        require(Cycle(phase="voting"), "submit_idea")
    assert "Ideas competition" in err.value.message and "Public voting" in err.value.message
