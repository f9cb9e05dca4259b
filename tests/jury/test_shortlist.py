"""Ranking visibility, shortlist publication with justified overrides, and the voting guard."""

import pytest

from core.errors import Conflict
from cycles.services import advance
from jury import services
from jury.models import Assignment
from notifications.models import Notification
from proposals.models import Proposal
from record.models import Entry

from .conftest import sheet

pytestmark = pytest.mark.django_db

VALUES = {"Playground in Chkhari": 3, "Street lights": 6, "Water pipe": 9}


@pytest.fixture
def scored(review, proposals, jurors):
    """Every juror scores: water pipe best, then street lights, then the playground."""
    review.shortlist_size = 2
    review.save()
    for a in Assignment.objects.select_related("juror__user", "proposal"):
        value = VALUES[a.proposal.title]
        services.scores_save(assignment=a, by=a.juror.user, scores=sheet(a, value), submit=True)
    return review


def titles(body):
    return [r["title"] for r in body["rows"]]


def test_organizer_sees_the_live_ranking_with_the_default_shortlist(api, scored, organizer):
    res = api(organizer).get(f"/api/v1/cycles/{scored.pk}/ranking/")
    assert res.status_code == 200
    body = res.json()
    assert titles(body) == ["Water pipe", "Street lights", "Playground in Chkhari"]
    assert body["rows"][0]["score"] == "90.00" and body["rows"][0]["jurors"] == 3
    assert body["rows"][0]["criteria"][0]["average"] == "9.00"
    assert body["published"] is False and len(body["default_shortlist"]) == 2


def test_nobody_else_sees_the_ranking_during_review(api, scored, juror, resident):
    for client in (api(juror), api(resident), api()):
        res = client.get(f"/api/v1/cycles/{scored.pk}/ranking/")
        assert res.status_code in (401, 403)


def test_publishing_the_default_needs_no_justification(api, scored, organizer, proposals):
    water, lights, playground = proposals[2], proposals[1], proposals[0]
    res = api(organizer).post(
        f"/api/v1/cycles/{scored.pk}/shortlist/",
        {"proposals": [water.pk, lights.pk]},
        format="json",
    )
    assert res.status_code == 201, res.json()
    statuses = dict(Proposal.objects.values_list("title", "status"))
    assert statuses == {
        "Water pipe": "shortlisted",
        "Street lights": "shortlisted",
        "Playground in Chkhari": "not_shortlisted",
    }
    rows = {r["title"]: r for r in res.json()["rows"]}
    assert rows["Water pipe"]["shortlist_reason"] == "ranked"
    assert rows["Playground in Chkhari"]["shortlist_reason"] == "below_cut"
    entry = Entry.objects.get(action="shortlist_published")
    assert entry.public and entry.data["added"] == [] and entry.data["removed"] == []
    assert playground.status_changes.last().to_status == "not_shortlisted"
    assert not Entry.objects.filter(action="shortlist_override").exists()


def test_an_override_without_justification_is_400(api, scored, organizer, proposals):
    res = api(organizer).post(
        f"/api/v1/cycles/{scored.pk}/shortlist/",
        {"proposals": [proposals[2].pk, proposals[0].pk]},
        format="json",
    )
    assert res.status_code == 400
    assert "justification" in res.json()["error"]["fields"]
    assert not Proposal.objects.filter(status="shortlisted").exists()


def test_an_override_with_justification_is_published_and_recorded(
    api, scored, organizer, proposals
):
    why = "The playground serves the only school of Chkhari; the lights are funded by the region."
    res = api(organizer).post(
        f"/api/v1/cycles/{scored.pk}/shortlist/",
        {"proposals": [proposals[2].pk, proposals[0].pk], "justification": why},
        format="json",
    )
    assert res.status_code == 201
    body = res.json()
    assert body["justification"] == why
    rows = {r["title"]: r for r in body["rows"]}
    assert rows["Playground in Chkhari"]["shortlist_reason"] == "added"
    assert rows["Street lights"]["shortlist_reason"] == "removed"
    entry = Entry.objects.get(action="shortlist_published")
    assert entry.reason == why
    assert entry.data["added"] == [proposals[0].pk]
    assert entry.data["removed"] == [proposals[1].pk]
    override = Entry.objects.get(action="shortlist_override")
    assert override.public and override.reason == why


def test_publication_notifies_every_affected_author_exactly_once(
    api, scored, organizer, proposals, author, resident
):
    proposals[1].idea.co_authors.add(resident)
    client = api(organizer)
    body = {"proposals": [proposals[2].pk, proposals[1].pk]}
    assert client.post(f"/api/v1/cycles/{scored.pk}/shortlist/", body).status_code == 201
    assert client.post(f"/api/v1/cycles/{scored.pk}/shortlist/", body).status_code == 409
    inapp = Notification.objects.filter(channel="inapp")
    for p in proposals:
        kind = "proposal_not_shortlisted" if p == proposals[0] else "proposal_shortlisted"
        for person in p.authors():
            assert inapp.filter(recipient=person, kind=kind).count() == 1
    assert inapp.filter(recipient=author, kind="proposal_not_shortlisted").count() == 1
    assert inapp.filter(recipient=resident, kind="proposal_shortlisted").count() == 1
    assert inapp.filter(kind__startswith="proposal_").count() == 4  # 3 authors + 1 co-author


@pytest.mark.parametrize(
    "body",
    [
        {"proposals": []},
        {"proposals": [999999]},
        {"proposals": "all"},
        {"proposals": [1], "min_score": "500"},
        {},
    ],
)
def test_bad_shortlist_input_is_400(api, scored, organizer, body):
    res = api(organizer).post(f"/api/v1/cycles/{scored.pk}/shortlist/", body, format="json")
    assert res.status_code == 400


def test_a_score_threshold_shortens_the_default(api, scored, organizer, proposals):
    res = api(organizer).post(
        f"/api/v1/cycles/{scored.pk}/shortlist/",
        {"proposals": [proposals[2].pk], "min_score": "75"},
        format="json",
    )
    assert res.status_code == 201
    assert res.json()["min_score"] == "75.00"


def test_only_organizers_publish_and_only_during_review(
    api, scored, juror, vani_organizer, organizer, proposals, phase
):
    body = {"proposals": [proposals[2].pk]}
    assert api(juror).post(f"/api/v1/cycles/{scored.pk}/shortlist/", body).status_code == 403
    assert (
        api(vani_organizer).post(f"/api/v1/cycles/{scored.pk}/shortlist/", body).status_code == 403
    )
    phase(scored, "training")
    res = api(organizer).post(f"/api/v1/cycles/{scored.pk}/shortlist/", body)
    assert res.status_code == 409 and res.json()["error"]["code"] == "phase_closed"


def test_after_publication_the_ranking_is_public_with_jurors_but_no_individual_scores(
    api, scored, organizer, proposals
):
    api(organizer).post(
        f"/api/v1/cycles/{scored.pk}/shortlist/", {"proposals": [proposals[2].pk, proposals[1].pk]}
    )
    res = api().get(f"/api/v1/cycles/{scored.pk}/ranking/")
    assert res.status_code == 200
    body = res.json()
    assert body["published"] is True
    assert [j["name"] for j in body["jurors"]] == ["Jury Juliet", "Jury Karlo", "Jury Lela"]
    assert body["rows"][0]["criteria"][0]["average"] == "9.00"
    assert set(body["rows"][0]) >= {
        "rank",
        "score",
        "criteria",
        "shortlisted",
        "shortlist_reason_label",
    }
    assert not any("juror" in key for row in body["rows"] for key in row if key != "jurors")
    assert api().get(f"/api/v1/cycles/{scored.pk}/criteria/").status_code == 200


def test_scores_are_final_once_published(api, scored, organizer, proposals, juror):
    body = {"proposals": [proposals[2].pk], "justification": "Only one fits the budget."}
    assert api(organizer).post(f"/api/v1/cycles/{scored.pk}/shortlist/", body).status_code == 201
    a = Assignment.objects.get(juror__user=juror, proposal=proposals[1])
    res = api(organizer).post(f"/api/v1/jury/assignments/{a.pk}/reopen/")
    assert res.status_code == 409


def test_voting_cannot_open_with_no_shortlist(scored, organizer, proposals):
    with pytest.raises(Conflict, match="shortlist"):
        advance(cycle=scored, to="voting", by=organizer)
    scored.refresh_from_db()
    assert scored.phase == "jury_review"


def test_voting_opens_after_publication_and_jurors_may_then_see_the_ranking(
    api, scored, organizer, proposals, juror
):
    api(organizer).post(
        f"/api/v1/cycles/{scored.pk}/shortlist/",
        {"proposals": [proposals[2].pk], "justification": "Budget"},
    )
    res = api(organizer).post(f"/api/v1/cycles/{scored.pk}/advance/", {"to": "voting"})
    assert res.status_code == 200, res.json()
    assert api(juror).get(f"/api/v1/cycles/{scored.pk}/ranking/").status_code == 200


def test_ties_are_listed_with_an_explanation(api, review, proposals, jurors, organizer):
    for a in Assignment.objects.select_related("juror__user"):
        services.scores_save(assignment=a, by=a.juror.user, scores=sheet(a, 5), submit=True)
    rows = api(organizer).get(f"/api/v1/cycles/{review.pk}/ranking/").json()["rows"]
    # all equal: the cheapest first (street lights 8000), then by proposal id
    assert rows[0]["title"] == "Street lights"
    assert len(rows[0]["tied_with"]) == 2
    assert "lower cost" in rows[0]["tie_note"]


def test_normalized_ranking_when_the_cycle_asks_for_it(api, review, proposals, jurors, organizer):
    review.normalize_scores = True
    review.save()
    lenient, strict = jurors[1].user, jurors[2].user
    plan = {
        lenient: {"Water pipe": 10, "Street lights": 6, "Playground in Chkhari": 2},
        strict: {"Water pipe": 0, "Street lights": 2, "Playground in Chkhari": 1},
    }
    for user, values in plan.items():
        for a in Assignment.objects.filter(juror__user=user).select_related("proposal"):
            services.scores_save(
                assignment=a, by=user, scores=sheet(a, values[a.proposal.title]), submit=True
            )
    body = api(organizer).get(f"/api/v1/cycles/{review.pk}/ranking/").json()
    assert body["normalized"] is True
    assert titles(body) == ["Street lights", "Water pipe", "Playground in Chkhari"]
    assert body["rows"][0]["normalized"] == pytest.approx(0.6124, abs=1e-4)


def test_ranking_runs_in_constant_queries(
    api, review, jurors, organizer, django_assert_max_num_queries
):
    from tests import factories as f

    for i in range(10):
        p = f.FeasibleProposalFactory(cycle=review, title=f"Extra {i}")
        for seat in jurors:
            Assignment.objects.create(juror=seat, proposal=p)
    for a in Assignment.objects.select_related("juror__user"):
        services.scores_save(assignment=a, by=a.juror.user, scores=sheet(a, 4), submit=True)
    client = api(organizer)
    with django_assert_max_num_queries(12):
        assert client.get(f"/api/v1/cycles/{review.pk}/ranking/").status_code == 200
    ids = [r["proposal"] for r in client.get(f"/api/v1/cycles/{review.pk}/ranking/").json()["rows"]]
    client.post(
        f"/api/v1/cycles/{review.pk}/shortlist/", {"proposals": ids, "justification": "all"}
    )
    anonymous = api()
    with django_assert_max_num_queries(8):
        res = anonymous.get(f"/api/v1/cycles/{review.pk}/ranking/")
    assert res.status_code == 200 and len(res.json()["rows"]) == 13


def test_a_proposal_nobody_scored_is_published_last_as_not_scored(
    api, scored, organizer, proposals
):
    from tests import factories as f

    f.FeasibleProposalFactory(cycle=scored, title="Late arrival")
    body = {"proposals": [proposals[2].pk, proposals[1].pk]}
    assert api(organizer).post(f"/api/v1/cycles/{scored.pk}/shortlist/", body).status_code == 201
    rows = api().get(f"/api/v1/cycles/{scored.pk}/ranking/").json()["rows"]
    assert rows[-1]["title"] == "Late arrival"
    assert rows[-1]["rank"] is None and rows[-1]["shortlist_reason"] == "not_scored"
    assert [r["rank"] for r in rows[:-1]] == [1, 2, 3]
