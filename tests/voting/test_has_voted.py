"""Whether a person has voted, asked by account: what other apps (reminders) ask voting instead
of joining ballots to users themselves."""

import pytest

from voting import services

from .conftest import ids

pytestmark = pytest.mark.django_db


def test_a_verified_person_has_voted_only_once_a_ballot_is_cast(voting, voter, author, projects):
    assert services.has_voted(cycle=voting, user=voter) is False
    assert set(services.accounts_verified(voting).values_list("user", flat=True)) == {voter.pk}
    assert not services.accounts_that_voted(voting).exists()

    envelope = projects[0].envelope
    services.ballot_cast(
        cycle=voting,
        user=voter,
        envelopes=[{"envelope": envelope.pk, "choices": ids(projects, "Library")}],
    )
    assert services.has_voted(cycle=voting, user=voter) is True
    assert services.has_voted(cycle=voting, user=author) is False
    assert list(services.accounts_that_voted(voting).values_list("user", flat=True)) == [voter.pk]
