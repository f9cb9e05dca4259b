"""Every phase says when it ends: `phase_ends_at` in the API, "open until ..." on the pages that
act within a phase, and a timeline of starts and ends that an early advance does not falsify."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from cycles import services
from cycles.models import Cycle
from cycles.phases import Phase

from .. import factories as f
from ..conftest import set_phase

TBILISI = ZoneInfo("Asia/Tbilisi")
# 15 October 2030, 18:00 in Tbilisi is 14:00 UTC
OCT_15 = datetime.datetime(2030, 10, 15, 18, 0, tzinfo=TBILISI)


@pytest.fixture
def scheduled(terjola):
    """A cycle in the ideas competition since 1 June 2026 that ends on 15 October 2030 at
    18:00, Tbilisi time."""
    return f.CycleFactory(
        municipality=terjola,
        year=2030,
        phase=Phase.IDEA_SUBMISSION,
        idea_submission_starts=datetime.datetime(2026, 6, 1, 9, 0, tzinfo=TBILISI),
        training_starts=OCT_15,
        jury_review_starts=datetime.datetime(2030, 11, 1, 9, 0, tzinfo=TBILISI),
        voting_starts=datetime.datetime(2030, 11, 20, 9, 0, tzinfo=TBILISI),
        results_starts=datetime.datetime(2030, 12, 5, 9, 0, tzinfo=TBILISI),
        implementation_starts=datetime.datetime(2030, 12, 20, 9, 0, tzinfo=TBILISI),
    )


def test_the_api_gives_the_end_of_the_phase_in_list_and_detail(api, scheduled):
    detail = api().get(f"/api/v1/cycles/{scheduled.pk}/").json()
    assert detail["phase_ends_at"] == "2030-10-15T18:00:00+04:00"
    listed = api().get("/api/v1/cycles/").json()["results"]
    assert [c["phase_ends_at"] for c in listed if c["id"] == scheduled.pk] == [
        "2030-10-15T18:00:00+04:00"
    ]


def test_a_phase_without_a_next_start_ends_at_null(api, scheduled):
    set_phase(scheduled, Phase.IMPLEMENTATION)  # closing is not scheduled
    assert api().get(f"/api/v1/cycles/{scheduled.pk}/").json()["phase_ends_at"] is None


def test_the_cycle_page_says_until_when_the_phase_is_open(client, scheduled):
    html = client.get(f"/cycles/{scheduled.pk}/").content.decode()
    assert "Open until 15 October, 18:00" in html


def test_the_deadline_is_in_georgian_on_georgian_pages(scheduled):
    from django.test import Client

    html = Client(HTTP_ACCEPT_LANGUAGE="ka").get(f"/cycles/{scheduled.pk}/").content.decode()
    assert "15 ოქტომბერი, 18:00" in html or "15 ოქტომბრის, 18:00" in html


def test_the_idea_form_says_until_when_ideas_are_taken(client, scheduled, resident):
    client.force_login(resident)
    html = client.get(f"/cycles/{scheduled.pk}/ideas/new/").content.decode()
    assert "Open until 15 October, 18:00" in html


def test_the_training_list_and_the_ballot_say_their_deadline(client, scheduled):
    set_phase(scheduled, Phase.TRAINING)
    Cycle.objects.filter(pk=scheduled.pk).update(
        jury_review_starts=datetime.datetime(2030, 11, 1, 10, 30, tzinfo=TBILISI)
    )
    html = client.get(f"/cycles/{scheduled.pk}/trainings/").content.decode()
    assert "Open until 1 November, 10:30" in html
    set_phase(scheduled, Phase.VOTING)
    html = client.get(f"/cycles/{scheduled.pk}/ballot/").content.decode()
    assert "Open until 5 December, 09:00" in html


def test_the_ballot_names_no_deadline_once_the_vote_is_over(client, scheduled):
    set_phase(scheduled, Phase.RESULTS)
    html = client.get(f"/cycles/{scheduled.pk}/ballot/").content.decode()
    assert "Open until" not in html


def test_the_proposal_editor_and_the_jury_sheet_say_their_deadline(client, scheduled, terjola):
    set_phase(scheduled, Phase.TRAINING)
    draft = f.DraftProposalFactory(cycle=scheduled, idea__cycle=scheduled)
    client.force_login(draft.idea.author)
    html = client.get(f"/proposals/{draft.pk}/edit/").content.decode()
    assert "Open until 1 November, 09:00" in html

    from jury.models import Assignment

    set_phase(scheduled, Phase.JURY_REVIEW)
    seat = f.JurorFactory(cycle=scheduled)
    reviewed = f.FeasibleProposalFactory(cycle=scheduled)
    assignment = Assignment.objects.create(juror=seat, proposal=reviewed)
    client.force_login(seat.user)
    html = client.get(f"/jury/assignments/{assignment.pk}/").content.decode()
    assert "Open until 20 November, 09:00" in html


def test_the_timeline_shows_each_phase_start_and_end(client, scheduled):
    html = client.get(f"/cycles/{scheduled.pk}/").content.decode()
    # the ideas competition: from 1 June 2026 to 15 October 2030, 18:00
    assert "1 June 2026" in html and "15 October 2030, 18:00" in html


def test_after_an_early_advance_the_current_phase_shows_when_it_really_began(
    client, api, scheduled, organizer
):
    services.advance(cycle=scheduled, to=Phase.TRAINING, by=organizer)
    scheduled.refresh_from_db()
    row = next(r for r in scheduled.timeline() if r["phase"] == Phase.TRAINING)
    assert row["state"] == "current"
    assert row["starts"] <= datetime.datetime.now(tz=TBILISI)  # today, not 15 October
    # and the ideas competition ended then too
    ideas = next(r for r in scheduled.timeline() if r["phase"] == Phase.IDEA_SUBMISSION)
    assert ideas["ends"] == row["starts"]
    schedule = api().get(f"/api/v1/cycles/{scheduled.pk}/").json()["schedule"]
    training = next(r for r in schedule if r["phase"] == "training")
    assert not training["starts"].startswith("2030-10-15")
    assert training["ends"] == "2030-11-01T05:00:00+00:00"
    html = client.get(f"/cycles/{scheduled.pk}/").content.decode()
    current = html.split('aria-current="step"')[1].split("</li>")[0]
    assert "15 October" not in current


def test_a_phase_past_its_scheduled_end_says_it_is_closing(client, scheduled):
    # the schedule's date has come and the beat task (or the organizer) has not moved it yet
    Cycle.objects.filter(pk=scheduled.pk).update(
        training_starts=datetime.datetime(2026, 10, 15, 18, 0, tzinfo=TBILISI)
    )
    html = client.get(f"/cycles/{scheduled.pk}/").content.decode()
    assert "Closing now (was scheduled until 15 October, 18:00)" in html
    assert "Open until" not in html
