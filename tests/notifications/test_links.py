"""Notifications lead somewhere: each inbox item links to its object (and the API says `url`),
and the header counts the unread ones."""

import pytest

from cycles.phases import Phase
from ideas import services as ideas
from notifications.links import url_of
from notifications.models import Notification

from .. import factories as f
from ..conftest import set_phase


@pytest.fixture
def screened(cycle, resident, organizer):
    """Alice's idea, screened eligible: she has an in-app message about it."""
    idea = f.IdeaFactory(cycle=cycle, author=resident, title="Street lights")
    ideas.idea_screen(idea=idea, by=organizer, decision="eligible")
    return idea


def _inapp(user, kind):
    return Notification.objects.get(recipient=user, kind=kind, channel="inapp")


def test_the_api_gives_each_message_the_page_of_its_object(api, resident, screened, settings):
    items = api(resident).get("/api/v1/notifications/").json()["results"]
    screening = next(i for i in items if i["kind"] == "idea_screened")
    assert screening["url"] == f"{settings.SITE_URL}/ideas/{screened.pk}/"


def test_a_message_opened_in_the_inbox_leads_to_its_idea_and_is_read(client, resident, screened):
    client.force_login(resident)
    html = client.get("/notifications/").content.decode()
    note = _inapp(resident, "idea_screened")
    assert f"/notifications/{note.pk}/open/" in html
    res = client.get(f"/notifications/{note.pk}/open/")
    assert res.status_code == 302 and res["Location"] == f"/ideas/{screened.pk}/"
    note.refresh_from_db()
    assert note.read_at is not None


def test_someone_else_s_message_opens_only_one_s_own_inbox(client, outsider, resident, screened):
    note = _inapp(resident, "idea_screened")
    client.force_login(outsider)
    res = client.get(f"/notifications/{note.pk}/open/")
    assert res["Location"] == "/notifications/"
    note.refresh_from_db()
    assert note.read_at is None


def test_messages_about_a_vote_lead_to_the_ballot_and_the_results(api, resident, cycle, settings):
    for subject in [
        f"cycle:{cycle.pk}:voting",
        f"cycle:{cycle.pk}:results",
        f"cycle:{cycle.pk}:training",
    ]:
        Notification.objects.create(
            recipient=resident,
            kind="results_published",
            channel="inapp",
            subject=subject,
            dedupe_key=subject,
            context={"cycle": cycle.pk, "cycle_title": {"ka": "ა", "en": "A"}},
        )
    urls = {
        i["subject"]: i["url"]
        for i in api(resident).get("/api/v1/notifications/").json()["results"]
    }
    assert urls[f"cycle:{cycle.pk}:voting"] == f"{settings.SITE_URL}/cycles/{cycle.pk}/ballot/"
    assert urls[f"cycle:{cycle.pk}:results"] == f"{settings.SITE_URL}/cycles/{cycle.pk}/results/"
    assert urls[f"cycle:{cycle.pk}:training"] == f"{settings.SITE_URL}/cycles/{cycle.pk}/"


def test_a_verification_code_leads_nowhere():
    assert url_of(Notification(kind="phone_code", subject="phonecode:3", context={})) is None


def test_the_header_counts_unread_messages_and_forgets_them_once_read(
    client, resident, screened, django_assert_max_num_queries
):
    client.force_login(resident)
    html = client.get("/").content.decode()
    unread = Notification.objects.filter(recipient=resident, channel="inapp", read_at=None).count()
    assert unread >= 1
    assert f'<span class="visually-hidden">unread: </span>{unread}</span>' in html
    client.post("/notifications/read-all/")
    assert 'id="unread-count"' not in client.get("/").content.decode()


def test_the_badge_is_cached_between_pages(client, resident, screened, django_assert_num_queries):
    client.force_login(resident)
    client.get("/")  # counts once
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    assert not any("notifications_notification" in q["sql"] for q in queries.captured_queries)


def test_pages_link_idea_proposal_ballot_and_funded_project(client, terjola):
    project = f.FundedProjectFactory(cycle=f.CycleFactory(municipality=terjola))
    proposal = project.proposal
    set_phase(project.cycle, Phase.IMPLEMENTATION)
    idea_html = client.get(f"/ideas/{proposal.idea_id}/").content.decode()
    assert f"/proposals/{proposal.pk}/" in idea_html and f"/funded/{project.pk}/" in idea_html
    proposal_html = client.get(f"/proposals/{proposal.pk}/").content.decode()
    assert f"/ideas/{proposal.idea_id}/" in proposal_html
    assert f"/funded/{project.pk}/" in proposal_html
    funded_html = client.get(f"/funded/{project.pk}/").content.decode()
    assert (
        f"/proposals/{proposal.pk}/" in funded_html and f"/ideas/{proposal.idea_id}/" in funded_html
    )


def test_the_ballot_links_each_project_to_its_proposal(client, cycle):
    envelope = f.EnvelopeFactory(cycle=cycle)
    project = f.BallotProjectFactory(envelope=envelope)
    set_phase(cycle, Phase.VOTING)
    html = client.get(f"/cycles/{cycle.pk}/ballot/").content.decode()
    assert f"/proposals/{project.proposal_id}/" in html
