"""A voter's first ballot is answered by the door in front of the my-ballot view (voting/fast.py,
issue 18) exactly as the view answers it; everything else is the view's. PostgreSQL only: the
door writes the ballot in one PostgreSQL statement, and on SQLite every request goes to the view."""

import pytest
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle
from rest_framework_simplejwt.tokens import RefreshToken

from voting import api as voting_api
from voting import services
from voting.models import Ballot

from .. import factories as f
from .conftest import BIRTH, BOB_PN, ids

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture
def bob(voting):
    bob = f.UserFactory(name="Bob", municipality=voting.municipality)
    services.voter_verify(cycle=voting, user=bob, personal_number=BOB_PN, birth_date=BIRTH)
    return bob


@pytest.fixture
def view_only(monkeypatch):
    """Who answered: the API view's cast, recorded."""
    calls = []
    cast = voting_api.MyBallotViewSet.cast

    def recorded(self, request, pk=None):
        calls.append(request.user.pk)
        return cast(self, request, pk=pk)

    monkeypatch.setattr(voting_api.MyBallotViewSet, "cast", recorded)
    return calls


def _put(user, voting, body, **headers):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en", **headers)
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(user).access_token}")
    return client.put(f"/api/v1/cycles/{voting.pk}/my-ballot/", body, format="json")


def _shape(response):
    body = response.json()
    for cast in body["envelopes"]:
        assert len(cast.pop("receipt")) == 16
    return response.status_code, response["Content-Type"], body


def test_a_first_ballot_gets_from_the_door_what_the_view_gives(
    voting, voter, bob, projects, envelope, view_only
):
    body = {"envelopes": [{"envelope": envelope.pk, "choices": ids(projects, "Road", "Library")}]}
    by_door = _put(voter, voting, body)
    assert view_only == []  # the door answered
    # the same request, for Bob, answered by the view (an Accept the door leaves to the view)
    by_view = _put(bob, voting, body, HTTP_ACCEPT="application/*")
    assert view_only == [bob.pk]
    door = _shape(by_door)
    assert door == _shape(by_view)
    for header in ("Allow", "Vary", "Content-Language", "X-Frame-Options",
                   "X-Content-Type-Options", "Referrer-Policy", "Content-Security-Policy"):  # fmt: skip
        assert by_door[header] == by_view[header], header
    assert door == (
        200,
        "application/json",
        {
            "verified": True,
            "ballot_changes_allowed": voting.ballot_changes_allowed,
            "voted_on_paper": None,
            "envelopes": [
                {
                    "envelope": envelope.pk,
                    "choices": sorted(ids(projects, "Road", "Library")),
                    "channel": "online",
                    "voting_point": "",
                    # a ballot's time is kept to its day (voting.models.ballot_day), in Tbilisi
                    "updated_at": by_view.json()["envelopes"][0]["updated_at"],
                }
            ],
        },
    )
    assert Ballot.objects.filter(envelope=envelope).count() == 2


def test_a_second_ballot_and_every_refusal_are_the_views(
    voting, voter, bob, projects, envelope, view_only
):
    road = {"envelopes": [{"envelope": envelope.pk, "choices": ids(projects, "Road")}]}
    assert _put(voter, voting, road).status_code == 200 and view_only == []
    again = _put(voter, voting, road)  # a change (or its refusal) takes the locked path
    assert view_only == [voter.pk] and again.status_code in (200, 409)
    over = {"envelopes": [{"envelope": envelope.pk, "choices": ids(projects, "Road", "Playground", "Library")}]}  # fmt: skip
    refused = _put(bob, voting, over)
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "invalid"
    assert view_only == [voter.pk, bob.pk]
    stranger = f.UserFactory(municipality=voting.municipality)
    assert _put(stranger, voting, road).status_code == 403
    assert view_only[-1] == stranger.pk


def test_the_door_counts_the_ballot_throttle_once(
    voting, voter, projects, envelope, monkeypatch, settings
):
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "ballot", "2/min")
    body = {"envelopes": [{"envelope": envelope.pk, "choices": ids(projects, "Road")}]}
    statuses = [_put(voter, voting, body).status_code for _ in range(3)]
    # the door's 200 counted once, the view's answer (a change, or "already voted") the second
    assert statuses[0] == 200 and statuses[1] in (200, 409) and statuses[2] == 429


def test_a_body_in_another_shape_the_serializer_takes_is_the_views(
    voting, voter, projects, envelope, view_only
):
    # an id as a string: the serializer reads it as the number, the door leaves it to it
    body = {"envelopes": [{"envelope": str(envelope.pk), "choices": ids(projects, "Road")}]}
    r = _put(voter, voting, body)
    assert r.status_code == 200, r.json()
    assert view_only == [voter.pk] and r.json()["envelopes"][0]["envelope"] == envelope.pk


def test_the_door_reads_the_account_itself_and_still_refuses_what_authentication_refuses(
    voting, voter, bob, projects, envelope
):
    """The door reads the token's account with the cycle and the voter key in one round trip
    (voting.services.caster): an inactive account, a token older than the password, an
    account gone and a cycle that does not exist are the view's refusals, and write nothing."""
    road = {"envelopes": [{"envelope": envelope.pk, "choices": ids(projects, "Road")}]}
    old_token = RefreshToken.for_user(bob).access_token
    bob.set_password("a new one, changed after the token")
    bob.save()
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {old_token}")
    r = client.put(f"/api/v1/cycles/{voting.pk}/my-ballot/", road, format="json")
    assert (r.status_code, r.json()["error"]["message"]) == (
        401,
        "The user's password has been changed.",
    )
    voter.is_active = False
    voter.save()
    r = _put(voter, voting, road)
    assert (r.status_code, r.json()["error"]["message"]) == (401, "User is inactive")
    gone = f.UserFactory(municipality=voting.municipality)
    token = RefreshToken.for_user(gone).access_token
    gone.delete()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    r = client.put(f"/api/v1/cycles/{voting.pk}/my-ballot/", road, format="json")
    assert (r.status_code, r.json()["error"]["message"]) == (401, "User not found")
    for pk in (voting.pk + 1000, 99999999999999999999999):
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(bob).access_token}")
        r = client.put(f"/api/v1/cycles/{pk}/my-ballot/", road, format="json")
        assert r.status_code == 404, r.json()
    assert not Ballot.objects.filter(envelope__cycle=voting).exists()


def test_a_ballot_asking_for_html_is_a_406_and_writes_nothing(voting, voter, projects, envelope):
    """It was a 500: DRF's browsable page ran the object permission on the reply's dict."""
    road = {"envelopes": [{"envelope": envelope.pk, "choices": ids(projects, "Road")}]}
    refused = _put(voter, voting, road, HTTP_ACCEPT="text/html")
    assert refused.status_code == 406 and refused.json()["error"]["code"] == "not_acceptable"
    assert not Ballot.objects.filter(envelope__cycle=voting).exists()
    assert _put(voter, voting, road, HTTP_ACCEPT="text/html,*/*;q=0.8").status_code == 200
    assert Ballot.objects.filter(envelope__cycle=voting).count() == 1
