"""The issue's finish line, end to end on the demo's Terjola cycle: from the first phase change to
the last implementation update and the close, every decision is in the public record, in order."""

import io

import pytest
from django.core.management import call_command

from accounts.models import User
from cycles.models import Cycle
from cycles.services import advance
from implementation.models import FundedProject
from implementation.services import progress_update_post
from notifications.models import Notification
from record.models import Entry
from tests.e2e import progress


@pytest.mark.django_db
def test_the_record_lists_every_decision_from_the_first_phase_change_to_the_close(api):
    from voting.models import BallotProject
    from voting.services import ballot_cast, envelopes_for, voter_key_of

    call_command("seed_demo", stdout=io.StringIO())
    cycle = Cycle.objects.get(municipality__slug="terjola")
    organizer = User.objects.get(email="organizer@terjola.demo")
    for _phase, move in progress.STAGES:
        move(cycle)
    resident = User.objects.get(email="resident@terjola.demo")
    voter = voter_key_of(cycle=cycle, user=resident)
    choices = []
    for envelope in envelopes_for(cycle, voter):
        project = BallotProject.objects.filter(envelope=envelope).order_by("cost").first()
        choices.append({"envelope": envelope.pk, "choices": [project.pk]})
    ballot_cast(cycle=cycle, user=resident, envelopes=choices)

    advance(cycle=cycle, to="results", by=organizer)
    advance(cycle=cycle, to="implementation", by=organizer)
    projects = list(FundedProject.objects.filter(cycle=cycle))
    assert projects, "the vote has at least one winner"
    api(resident).post(f"/api/v1/funded/{projects[0].pk}/follow/")
    for project in projects:
        update = {"status": "in_progress", "spent": "100", "text_ka": "ა"}
        progress_update_post(project=project, by=organizer, data=update)
        update = {"status": "completed", "spent": "200", "text_ka": "ბ"}
        progress_update_post(project=project, by=organizer, data=update)
    advance(cycle=cycle, to="closed", by=organizer)

    record = api().get(f"/api/v1/cycles/{cycle.pk}/record/?page_size=100").json()["results"]
    actions = [e["action"] for e in record]
    phases = [e["data"]["to"] for e in record if e["action"] == "phase_changed"]
    assert phases == ["training", "jury_review", "voting", "results", "implementation", "closed"]
    for decision in (
        "idea_screened",
        "proposal_valued",
        "shortlist_published",
        "results_published",
        "project_funded",
        "project_updated",
    ):
        assert decision in actions, (decision, actions)
    # in the order they were taken: screening before the vote, results before funding, ...
    assert actions.index("shortlist_published") < actions.index("results_published")
    assert actions.index("results_published") < actions.index("project_funded")
    assert actions[-2] == "project_updated" and actions[-1] == "phase_changed"
    assert all("ნინო ბერიძე" not in str(e) for e in record)  # the organizer's name
    assert Notification.objects.filter(kind="project_updated", recipient=resident).exists()
    assert Entry.objects.filter(cycle=cycle, public=True).count() == len(record)
