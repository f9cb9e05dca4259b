"""What a resident expects, in Chromium against a live server: the deadline on the idea form and
the ballot, the voting checklist and the return to the ballot after the SMS code, the page of
my participation, a notification opened to its idea, and a search typed in Latin.

Pages in English so the test reads the words a person clicks; screenshots at 360 px go to
artifacts/screenshots/residents/.
"""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from cycles.phases import Phase
from ideas import services as ideas
from voting.models import Envelope

from .. import factories as f
from ..accounts.test_auth import sms_code
from .browsing import new_context

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TBILISI = ZoneInfo("Asia/Tbilisi")


@pytest.fixture
def shots(screenshots):
    folder = screenshots / "residents"
    folder.mkdir(exist_ok=True)
    return folder


@pytest.fixture
def town(db):
    terjola = f.MunicipalityFactory(slug="terjola", name_ka="თერჯოლა", name_en="Terjola")
    f.CommunityFactory(municipality=terjola, slug="chkhari", name_ka="ჩხარი", name_en="Chkhari")
    return terjola


def _cycle(town, phase, **dates):
    return f.CycleFactory(municipality=town, phase=phase, **dates)


def _page(browser, live_server, user, width=360):
    context = new_context(browser, live_server.url, user=user, lang="en", width=width)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def test_the_idea_form_and_the_ballot_say_until_when(browser, live_server, town, shots):
    ideas_cycle = _cycle(
        town,
        Phase.IDEA_SUBMISSION,
        training_starts=datetime.datetime(2030, 10, 15, 18, 0, tzinfo=TBILISI),
    )
    alice = f.UserFactory(municipality=town, email="alice@example.ge")
    page = _page(browser, live_server, alice)
    page.goto(f"{live_server.url}/cycles/{ideas_cycle.pk}/")
    page.get_by_role("link", name="Send an idea").first.click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/cycles/{ideas_cycle.pk}/ideas/new/")
    assert "Open until 15 October, 18:00" in page.inner_text("main")
    assert "You may send 3 more ideas in this cycle." in page.inner_text("main")
    page.screenshot(path=shots / "idea-form-deadline.jpg", type="jpeg", quality=70)

    vote = _cycle(
        town,
        Phase.VOTING,
        year=2031,
        results_starts=datetime.datetime(2031, 11, 20, 20, 0, tzinfo=TBILISI),
    )
    page.goto(f"{live_server.url}/cycles/{vote.pk}/ballot/")
    assert "Open until 20 November, 20:00" in page.inner_text("main")
    page.context.close()


def test_the_checklist_and_the_return_to_the_ballot_after_the_sms_code(
    browser, live_server, town, shots
):
    vote = _cycle(town, Phase.VOTING)
    envelope = Envelope.objects.create(cycle=vote, budget=Decimal("30000.00"))
    f.BallotProjectFactory(envelope=envelope, title="Playground")
    bob = f.UserFactory(municipality=town, phone="", phone_verified=False, email="bob@example.ge")
    page = _page(browser, live_server, bob)
    page.goto(f"{live_server.url}/cycles/{vote.pk}/ballot/")
    checklist = page.locator(".checklist")
    assert "To vote online you need" in checklist.inner_text()
    assert page.locator('[data-need="phone"]').inner_text().startswith("○")
    page.screenshot(path=shots / "ballot-checklist.jpg", type="jpeg", quality=70)

    page.get_by_role("link", name="A verified phone number").click()
    page.wait_for_load_state()
    page.get_by_label("Phone").fill("599 12 34 56")
    with page.expect_navigation():
        page.get_by_role("button", name="Send me a code").click()
    page.get_by_label("Code").fill(sms_code(bob))
    with page.expect_navigation():
        page.get_by_role("button", name="Confirm").click()
    assert page.url == f"{live_server.url}/cycles/{vote.pk}/ballot/"
    assert page.locator('[data-need="phone"]').inner_text().startswith("✔")
    assert page.locator('[data-need="personal_number"]').inner_text().startswith("○")
    page.context.close()


def test_my_participation_and_a_notification_opened_to_its_idea(browser, live_server, town, shots):
    cycle = _cycle(town, Phase.IDEA_SUBMISSION)
    organizer = f.OrganizerFactory(municipality=town, email="olga@terjola.gov.ge")
    carol = f.UserFactory(municipality=town, email="carol@example.ge")
    idea = f.IdeaFactory(cycle=cycle, author=carol, title="Benches by the river")
    ideas.idea_screen(idea=idea, by=organizer, decision="eligible")
    page = _page(browser, live_server, carol)
    page.goto(f"{live_server.url}/")
    badge = page.locator("#unread-count")
    assert badge.count() == 1
    page.get_by_role("link", name="My participation").click()
    page.wait_for_load_state()
    main = page.inner_text("main")
    assert "Benches by the river" in main and "Eligible" in main
    page.screenshot(path=shots / "participation.jpg", type="jpeg", quality=70, full_page=True)

    page.get_by_role("link", name="Notifications").first.click()
    page.wait_for_load_state()
    page.locator(".cards a", has_text="Benches by the river").first.click()
    page.wait_for_load_state()
    assert page.url == f"{live_server.url}/ideas/{idea.pk}/"
    assert page.get_by_role("heading", level=1).inner_text() == "Benches by the river"
    page.context.close()


def test_a_search_typed_in_latin_finds_georgian(browser, live_server, town, shots):
    cycle = _cycle(town, Phase.IDEA_SUBMISSION)
    f.IdeaFactory(cycle=cycle, title="ქუჩის განათება")
    f.IdeaFactory(cycle=cycle, title="სკოლის ეზო")
    page = _page(browser, live_server, None)  # the list is public: a visitor searches
    page.goto(f"{live_server.url}/cycles/{cycle.pk}/ideas/")
    page.get_by_label("Search").fill("ganateba")
    with page.expect_navigation():
        page.locator("form[role=search] button[type=submit]").first.click()
    main = page.inner_text("main")
    assert "ქუჩის განათება" in main and "სკოლის ეზო" not in main
    page.screenshot(path=shots / "search-latin.jpg", type="jpeg", quality=70)
    page.context.close()
