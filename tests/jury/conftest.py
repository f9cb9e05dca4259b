"""Jury personas: a Terjola cycle with three feasible proposals and a jury of three."""

import pytest

from cycles.services import advance
from jury.models import Assignment, Criterion
from tests import factories as f
from tests.conftest import set_phase


@pytest.fixture
def proposals(cycle, author, terjola):
    """Bob wrote the playground; two other residents wrote the others."""
    chkhari = terjola.communities.first()
    return [
        f.FeasibleProposalFactory(
            cycle=cycle, idea__author=author, title="Playground in Chkhari", community=chkhari
        ),
        f.FeasibleProposalFactory(cycle=cycle, title="Street lights", total_cost="8000.00"),
        f.FeasibleProposalFactory(cycle=cycle, title="Water pipe", total_cost="30000.00"),
    ]


@pytest.fixture
def jurors(cycle, juror, terjola):
    """Juliet chairs; Karlo and Lela sit with her."""
    karlo = f.UserFactory(name="Jury Karlo", email="karlo@example.ge", municipality=terjola)
    lela = f.UserFactory(name="Jury Lela", email="lela@example.ge", municipality=terjola)
    return [
        f.JurorFactory(cycle=cycle, user=juror, is_chair=True),
        f.JurorFactory(cycle=cycle, user=karlo),
        f.JurorFactory(cycle=cycle, user=lela),
    ]


def open_review(cycle, organizer):
    """The real path: the organizer advances the cycle from trainings into jury review."""
    set_phase(cycle, "training")
    advance(cycle=cycle, to="jury_review", by=organizer)
    cycle.refresh_from_db()
    return cycle


@pytest.fixture
def review(cycle, organizer, proposals, jurors):
    return open_review(cycle, organizer)


def sheet(assignment, value=None):
    """A full score sheet for the API: every criterion, `value` or the maximum."""
    crit = Criterion.objects.filter(cycle=assignment.juror.cycle)
    return [
        {"criterion": c.pk, "value": c.max_score if value is None else value, "comment": "ok"}
        for c in crit
    ]


def assignment_of(user, proposal):
    return Assignment.objects.get(juror__user=user, proposal=proposal)
