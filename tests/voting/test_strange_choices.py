"""A strange ballot choice (API, web and paper) is refused in words and casts nothing.

`"²".isdigit()` is true and `int("²")` fails; "--10" survived `lstrip("-")`; a 5,000-digit
string is too long for `int()`; JSON's `1e400` is infinity: each was a 500 once.
"""

import json

import pytest

from voting.models import Ballot

from .. import factories as f
from .conftest import ALICE_PN, BIRTH


@pytest.mark.parametrize("bad", ["²", "--10", "9" * 5000, "٣", "1e400", "\x00", None, [], {}])
def test_a_strange_ballot_choice_is_refused_and_casts_nothing(api, voter, voting, envelope, bad):
    body = json.dumps({"envelopes": [{"envelope": envelope.pk, "choices": [bad]}]})
    response = api(voter).generic(
        "PUT", f"/api/v1/cycles/{voting.pk}/my-ballot/", body, "application/json"
    )
    assert response.status_code == 400, response.content[:300]
    assert response.json()["error"]["code"] == "invalid"
    assert not Ballot.objects.exists()


@pytest.mark.parametrize("bad", ["²", "--10", "9" * 5000, "1e400", "\x00"])
def test_a_strange_envelope_id_is_refused(api, voter, voting, projects, bad):
    envelope_id = bad if bad == "1e400" else json.dumps(bad)
    body = f'{{"envelopes": [{{"envelope": {envelope_id}, "choices": [{projects[0].pk}]}}]}}'
    response = api(voter).generic(
        "PUT", f"/api/v1/cycles/{voting.pk}/my-ballot/", body, "application/json"
    )
    assert response.status_code == 400, response.content[:300]
    assert not Ballot.objects.exists()


@pytest.mark.parametrize("bad", ["²", "--10", "9" * 5000, "\x00"])
def test_a_strange_choice_on_the_web_ballot_is_refused(client, voter, voting, envelope, bad):
    client.force_login(voter)
    response = client.post(f"/cycles/{voting.pk}/ballot/", {f"e{envelope.pk}": [bad]})
    assert response.status_code == 400
    if bad != "\x00":  # a NUL byte is refused before any page (core.middleware)
        assert "is not a project on this ballot" in response.content.decode()
    assert not Ballot.objects.exists()


@pytest.mark.parametrize("bad", ["²", "--10", "9" * 5000, "1e400", "\x00"])
def test_a_strange_choice_on_a_paper_ballot_is_refused(api, organizer, voting, envelope, bad):
    body = {
        "personal_number": ALICE_PN,
        "birth_date": BIRTH.isoformat(),
        "voting_point": f.officer_point(voting, organizer),
        "envelopes": [{"envelope": envelope.pk, "choices": [bad]}],
    }
    response = api(organizer).post(
        f"/api/v1/cycles/{voting.pk}/paper-ballots/", body, format="json"
    )
    assert response.status_code == 400, response.content[:300]
    fields = response.json()["error"]["fields"]
    if bad != "\x00":  # a NUL byte is refused by the parser, before the choices are read
        assert fields["envelopes.0.choices"] == [f"{bad} is not a project on this ballot."]
    assert not Ballot.objects.exists()
