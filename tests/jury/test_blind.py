"""Blind review: nothing a juror receives names, reaches or identifies a proposal's authors."""

import json

import pytest
from django.test import Client

from jury import api_urls
from jury.models import Assignment
from tests import factories as f

from .conftest import sheet

pytestmark = pytest.mark.django_db

IDENTITY_KEYS = {
    "author",
    "authors",
    "author_id",
    "co_authors",
    "user",
    "user_id",
    "email",
    "phone",
    "idea",
    "created_by",
    "valued_by",
}


def keys(value):
    if isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from keys(v)
    elif isinstance(value, list):
        for v in value:
            yield from keys(v)


@pytest.fixture
def coauthor(proposals, terjola):
    person = f.UserFactory(
        name="Zurab Coauthorashvili", email="zurab@example.ge", phone="+995599777777"
    )
    proposals[0].idea.co_authors.add(person)
    return person


def assert_blind(text, people, where):
    for person in people:
        for value in (person.name, person.email, person.phone):
            assert value not in text, f"{where} shows {value!r}"


def test_every_jury_endpoint_is_blind_for_a_juror(api, review, proposals, juror, author, coauthor):
    """Juliet chairs the jury; Bob and Zurab wrote the playground. Walk every jury endpoint."""
    client = api(juror)
    mine = Assignment.objects.filter(juror__user=juror).order_by("id")
    a, b = mine[0], mine[1]
    cycle = review.pk
    calls = {
        "jury-assignment-list": [("get", "/api/v1/jury/assignments/", None)],
        "jury-assignment-detail": [("get", f"/api/v1/jury/assignments/{a.pk}/", None)],
        "jury-assignment-scores": [
            ("put", f"/api/v1/jury/assignments/{a.pk}/scores/", {"scores": sheet(a)[:1]}),
            (
                "put",
                f"/api/v1/jury/assignments/{a.pk}/scores/",
                {"scores": sheet(a), "submit": True},
            ),
        ],
        "jury-assignment-reopen": [("post", f"/api/v1/jury/assignments/{a.pk}/reopen/", {})],
        "jury-assignment-conflict": [
            ("post", f"/api/v1/jury/assignments/{b.pk}/conflict/", {"reason": "neighbour"})
        ],
        "cycle-criteria": [("get", f"/api/v1/cycles/{cycle}/criteria/", None)],
        "cycle-ranking": [("get", f"/api/v1/cycles/{cycle}/ranking/", None)],
        "cycle-jurors": [("get", f"/api/v1/cycles/{cycle}/jurors/", None)],
        "cycle-jury-progress": [("get", f"/api/v1/cycles/{cycle}/jury-progress/", None)],
        "cycle-shortlist": [
            ("post", f"/api/v1/cycles/{cycle}/shortlist/", {"proposals": [proposals[0].pk]})
        ],
    }
    names = {p.name for p in api_urls.urlpatterns}
    assert names <= set(calls), f"walk the new endpoints too: {names - set(calls)}"

    seen_playground = False
    for name, requests in calls.items():
        for method, url, body in requests:
            res = getattr(client, method)(url, body, format="json")
            assert res.status_code < 500, (name, res.status_code)
            text = res.content.decode()
            assert_blind(text, [author, coauthor], name)
            found = IDENTITY_KEYS & set(keys(json.loads(text)))
            assert not found, f"{name} carries {found}"
            seen_playground |= "Playground in Chkhari" in text
    assert seen_playground  # the walk did see the authors' proposal itself


def test_juror_pages_are_blind(review, proposals, juror, author, coauthor):
    client = Client()
    client.force_login(juror)
    a = Assignment.objects.get(juror__user=juror, proposal=proposals[0])
    for url in (f"/cycles/{review.pk}/jury/", f"/jury/assignments/{a.pk}/"):
        res = client.get(url)
        assert res.status_code == 200
        text = res.content.decode()
        assert "Playground in Chkhari" in text
        assert_blind(text, [author, coauthor], url)
        assert f"/ideas/{proposals[0].idea_id}/" not in text


def test_jurors_never_see_each_others_scores_during_review(api, review, proposals, jurors):
    karlo, lela = jurors[1].user, jurors[2].user
    a = Assignment.objects.get(juror__user=karlo, proposal=proposals[1])
    api(karlo).put(
        f"/api/v1/jury/assignments/{a.pk}/scores/",
        {"scores": sheet(a, 7), "submit": True},
        format="json",
    )
    body = api(lela).get("/api/v1/jury/assignments/").json()
    assert all(s == [] for s in (r["scores"] for r in body["results"]))
    assert api(lela).get(f"/api/v1/cycles/{review.pk}/ranking/").status_code == 403


def test_assignment_list_runs_in_constant_queries(
    api, review, proposals, juror, django_assert_max_num_queries
):
    for i in range(5):
        p = f.FeasibleProposalFactory(cycle=review, title=f"Extra {i}")
        Assignment.objects.create(juror=juror.juror_seats.get(), proposal=p)
    client = api(juror)
    with django_assert_max_num_queries(8):
        res = client.get("/api/v1/jury/assignments/")
    assert res.json()["count"] == 8
