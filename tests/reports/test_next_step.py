"""The one thing to do now: one rule (`decide`) per phase and person, and the pages that lead
with it."""

import pytest

from cycles.phases import Phase
from reports.next_step import Facts, decide
from voting.models import Ballot, Envelope, VoterKey, voter_key_for

from .. import factories as f
from ..conftest import set_phase

VISITOR = Facts()
RESIDENT = Facts(signed_in=True, resident=True)
OUTSIDER = Facts(signed_in=True)
AUTHOR = Facts(signed_in=True, resident=True, author=True, may_enroll=True)

# (phase, who, what they are led to)
TABLE = [
    (Phase.DRAFT, VISITOR, None),
    (Phase.DRAFT, RESIDENT, None),
    (Phase.IDEA_SUBMISSION, VISITOR, "send_idea"),
    (Phase.IDEA_SUBMISSION, RESIDENT, "send_idea"),
    (Phase.IDEA_SUBMISSION, Facts(signed_in=True, resident=True, ideas_left=2), "send_idea"),
    (Phase.IDEA_SUBMISSION, Facts(signed_in=True, resident=True, ideas_left=0), "see_ideas"),
    (Phase.IDEA_SUBMISSION, OUTSIDER, "see_ideas"),
    (Phase.TRAINING, VISITOR, "see_trainings"),
    (Phase.TRAINING, RESIDENT, "see_proposals"),
    (Phase.TRAINING, AUTHOR, "enroll"),
    (Phase.TRAINING, Facts(**{**AUTHOR.__dict__, "trained": True}), "write_proposal"),
    (
        Phase.TRAINING,
        Facts(**{**AUTHOR.__dict__, "training_required": False}),
        "write_proposal",
    ),
    (
        Phase.TRAINING,
        Facts(**{**AUTHOR.__dict__, "trained": True, "proposal_sent": True}),
        "see_proposals",
    ),
    (Phase.TRAINING, Facts(signed_in=True, resident=True, may_enroll=True), "enroll"),
    (Phase.JURY_REVIEW, VISITOR, "see_proposals"),
    (Phase.JURY_REVIEW, Facts(signed_in=True, resident=True, juror=True), "score"),
    (Phase.JURY_REVIEW, RESIDENT, "get_ready_to_vote"),
    (Phase.JURY_REVIEW, Facts(signed_in=True, resident=True, verified_voter=True), "see_proposals"),
    (Phase.VOTING, VISITOR, "vote"),
    (Phase.VOTING, RESIDENT, "vote"),
    (Phase.VOTING, Facts(signed_in=True, resident=True, voted=True), "see_receipt"),
    (Phase.VOTING, OUTSIDER, "see_ballot"),
    (Phase.RESULTS, VISITOR, "see_results"),
    (Phase.RESULTS, RESIDENT, "see_results"),
    (Phase.IMPLEMENTATION, RESIDENT, "follow_projects"),
    (Phase.CLOSED, VISITOR, "see_results"),
]


@pytest.mark.parametrize("phase,facts,expected", TABLE)
def test_each_phase_and_person_is_led_to_one_thing(phase, facts, expected):
    assert decide(phase, facts) == expected


def _step(html):
    return html.split('data-step="')[1].split('"')[0]


def test_the_cycle_page_leads_a_resident_to_send_an_idea(client, cycle, resident):
    client.force_login(resident)
    html = client.get(f"/cycles/{cycle.pk}/").content.decode()
    assert _step(html) == "send_idea" and "Send an idea" in html
    assert f'href="/cycles/{cycle.pk}/ideas/new/"' in html


def test_a_resident_with_no_idea_left_is_led_to_the_ideas(client, cycle, resident):
    cycle.ideas_per_author = 1
    cycle.save()
    f.IdeaFactory(cycle=cycle, author=resident)
    client.force_login(resident)
    assert _step(client.get(f"/cycles/{cycle.pk}/").content.decode()) == "see_ideas"


def test_an_eligible_author_is_led_to_a_training_then_to_the_proposal(client, cycle, author):
    set_phase(cycle, Phase.TRAINING)
    f.IdeaFactory(cycle=cycle, author=author, status="eligible")
    client.force_login(author)
    assert _step(client.get(f"/cycles/{cycle.pk}/").content.decode()) == "enroll"
    session = f.TrainingSessionFactory(cycle=cycle)
    session.enrollments.create(user=author, status="enrolled")
    html = client.get(f"/cycles/{cycle.pk}/").content.decode()
    assert _step(html) == "write_proposal" and "Write your proposal" in html


def test_a_juror_is_led_to_score(client, cycle, juror):
    set_phase(cycle, Phase.JURY_REVIEW)
    f.JurorFactory(cycle=cycle, user=juror)
    client.force_login(juror)
    html = client.get(f"/cycles/{cycle.pk}/").content.decode()
    assert _step(html) == "score" and "Score your proposals" in html


def test_a_voter_is_led_to_vote_then_to_the_receipt(client, cycle, resident):
    set_phase(cycle, Phase.VOTING)
    client.force_login(resident)
    html = client.get(f"/cycles/{cycle.pk}/").content.decode()
    assert _step(html) == "vote" and "Vote now" in html
    key = VoterKey.objects.create(
        cycle=cycle, key=voter_key_for("01001012345"), user=resident, voted=True
    )
    Ballot.objects.create(
        envelope=Envelope.objects.create(cycle=cycle, budget=1000), voter_tag=key.tag
    )
    assert _step(client.get(f"/cycles/{cycle.pk}/").content.decode()) == "see_receipt"


def test_after_the_vote_everyone_is_led_to_the_results(client, cycle):
    set_phase(cycle, Phase.RESULTS)
    html = client.get(f"/cycles/{cycle.pk}/").content.decode()
    assert _step(html) == "see_results" and "See the results" in html


def test_the_home_page_leads_a_resident_with_their_own_cycle(client, cycle, resident):
    client.force_login(resident)
    html = client.get("/").content.decode()
    assert "What to do now" in html and _step(html) == "send_idea"


def test_the_home_page_leads_visitors_from_each_cycle(client, cycle, django_assert_max_num_queries):
    set_phase(cycle, Phase.VOTING)
    with django_assert_max_num_queries(4):
        html = client.get("/").content.decode()
    assert "Vote now" in html
