"""Blind review: a juror cannot follow a proposal to its idea, whose public page names the author."""

from cycles.phases import Phase
from tests import factories as f


def test_a_juror_sees_no_idea_id_and_no_authors_but_the_author_does(
    api, cycle, author, juror, phase
):
    phase(cycle, Phase.JURY_REVIEW)
    proposal = f.FeasibleProposalFactory(cycle=cycle, idea__author=author)
    f.JurorFactory(cycle=cycle, user=juror)
    seen = api(juror).get(f"/api/v1/proposals/{proposal.pk}/").json()
    assert seen["idea"] is None and seen["authors"] is None
    mine = api(author).get(f"/api/v1/proposals/{proposal.pk}/").json()
    assert mine["idea"] == proposal.idea_id
    assert [a["name"] for a in mine["authors"]] == [author.name]


def test_sending_no_idea_is_a_clear_400(api, cycle, author, phase):
    phase(cycle, Phase.TRAINING)
    res = api(author).post("/api/v1/proposals/", {"idea": None, "title": "x"}, format="json")
    assert res.status_code == 400 and "idea" in res.json()["error"]["fields"]
