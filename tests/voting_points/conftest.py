"""Voting-point personas: the voting fixtures (Terjola's cycle voting on three projects), with
Chkhari school (officer Irakli) and Terjola town hall (officer Tamar), both open."""

import pytest

from tests.voting.conftest import (  # noqa: F401  (fixtures)
    envelope,
    officer,
    projects,
    school,
    town_hall,
    town_hall_officer,
    voting,
)

from .. import factories as f


@pytest.fixture
def observer(terjola):
    """Nana, a citizen observer (no other role)."""
    return f.UserFactory(name="Nana", email="nana@example.ge", municipality=terjola)
