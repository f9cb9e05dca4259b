"""The whole cycle, through the pages, in Chromium, against a live server.

The demo's Terjola cycle (ideas competition, with categories, jurors and criteria) is walked to its
results: the organizer schedules a training and sets up the ballot's budget envelope → a newcomer
registers and submits an idea with a photo → the organizer screens it eligible and opens the
trainings → the newcomer enrolls and is marked present → writes, prices and submits the proposal
→ the organizer finds it feasible and opens the jury review → a juror scores it → the organizer
publishes the shortlist and opens the vote → one resident votes online with JavaScript off,
another on paper through staff at a voting point → the organizer publishes the results, whose
chart shows the winner, and the dashboard counts both voters. Every step is a click or a form a
person would use; pages are in English so the test reads the words on the buttons. Screenshots
of each step go to artifacts/screenshots/walkthrough/.
"""

import csv
import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from PIL import Image

from accounts.models import User
from cycles.models import Cycle
from proposals.models import Proposal
from trainings.models import TrainingSession

from ..factories import officer_point
from .browsing import new_context

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

IDEA = "Street lights for Chkhari school road"


class Person:
    """One person at their own browser (a context with their session)."""

    def __init__(self, browser, base_url, user, shots, *, javascript=True):
        self.base, self.shots = base_url, shots
        self.name = user.email.split("@")[0] if user else "newcomer"
        self.context = new_context(
            browser,
            base_url,
            user=user,
            lang="en",
            width=1280,
            javascript=javascript,
        )
        self.page = self.context.new_page()
        self.page.set_default_timeout(15_000)

    def open(self, path):
        response = self.page.goto(self.base + path)
        assert response.status == 200, f"{path} answered {response.status}"
        return self.page

    def click(self, role, name, **kw):
        self.page.get_by_role(role, name=name, **kw).first.click()
        self.page.wait_for_load_state()

    def submit(self, name):
        """Press a submit button and wait for the page it leads to."""
        with self.page.expect_navigation():
            self.page.get_by_role("button", name=name, exact=True).first.click()

    def shot(self, step):
        self.page.screenshot(path=self.shots / f"{step}-{self.name}.jpg", type="jpeg", quality=70)

    def sees(self, text):
        body = self.page.inner_text("body")
        assert text in body, f"{self.name} expected {text!r} on {self.page.url}:\n{body[:1500]}"


def _photo(tmp_path):
    path = tmp_path / "road.jpg"
    Image.new("RGB", (1200, 900), (90, 140, 60)).save(path, "JPEG", quality=80)
    return path


def _advance(organizer, cycle, to_label):
    organizer.open(f"/cycles/{cycle.pk}/")
    organizer.click("link", f"Advance to “{to_label}”…")
    organizer.sees(f"Advance to “{to_label}”")  # the confirmation, before anything changes
    organizer.page.fill("#reason", "e2e walk-through")
    organizer.submit(f"Yes, advance to “{to_label}”")
    organizer.sees(to_label)
    organizer.shot(f"phase-{Cycle.objects.get(pk=cycle.pk).phase}")


@pytest.fixture
def walk(browser, live_server, screenshots, tmp_path):
    call_command("seed_demo", stdout=io.StringIO())
    folder = screenshots / "walkthrough"
    folder.mkdir(exist_ok=True)
    users = {u.email: u for u in User.objects.all()}
    cycle = Cycle.objects.get(municipality__slug="terjola")
    people = {}

    def person(email, **kw):
        people[email] = Person(browser, live_server.url, users.get(email), folder, **kw)
        return people[email]

    yield cycle, person, users
    for p in people.values():
        p.context.close()


def test_a_whole_cycle_through_the_pages(walk, tmp_path):
    cycle, person, users = walk
    assert cycle.phase == "idea_submission"
    organizer = person("organizer@terjola.demo")
    author = person(None)  # registers below

    # --- the organizer sets the cycle up: a training session and the ballot's envelope ---------
    organizer.open(f"/cycles/{cycle.pk}/trainings/new/")
    form = organizer.page
    form.fill("main [name=title_ka]", "პროექტის წერის ტრენინგი")
    form.fill("main [name=title_en]", "Writing a project (e2e)")
    form.fill("main [name=starts_at]", "2030-06-01T10:00")
    form.fill("main [name=ends_at]", "2030-06-01T13:00")
    form.fill("main [name=place]", "Terjola library")
    form.fill("main [name=capacity]", "12")
    organizer.submit("Save")
    organizer.sees("Writing a project (e2e)")
    session_url = organizer.page.url
    organizer.shot("01-training-scheduled")
    organizer.open(f"/cycles/{cycle.pk}/envelopes/")
    organizer.page.fill("main [name=budget]", "150000")
    organizer.page.select_option("main [name=ballot_kind]", value="knapsack")
    organizer.submit("Save")
    organizer.sees("150,000")  # formatted for the reader's language
    organizer.shot("01-envelope")

    # --- a resident registers and submits an idea with a photo ---------------------------------
    author.open("/accounts/register/")
    page = author.page
    page.fill("main [name=name]", "Nino Kalandadze")
    page.fill("main [name=email]", "nino@chkhari.example")
    page.select_option("main [name=municipality]", label="Terjola")
    page.select_option("main [name=community]", label="Chkhari")
    page.select_option("main [name=language]", value="en")
    page.fill("main [name=password]", "a-long-pass-for-nino")
    author.submit("Register")
    author.sees("Log out")
    author.open(f"/cycles/{cycle.pk}/")
    author.click("link", "Submit an idea")
    page = author.page
    page.fill("main [name=title]", IDEA)
    page.fill("main [name=summary]", "Ten solar street lights on the 800 m road to the school.")
    page.select_option("main [name=category]", index=1)
    page.select_option("main [name=community]", label="Chkhari")
    page.fill("main [name=estimated_cost]", "24000")
    page.set_input_files("main [name=images]", str(_photo(tmp_path)))
    author.submit("Submit")
    author.sees("Your idea is submitted")
    assert page.locator("main img").count() >= 1, "the idea shows its photo"
    idea_url = page.url
    author.shot("02-idea-submitted")
    # the list shows a small thumbnail, not the 1200 px original
    author.open(f"/cycles/{cycle.pk}/ideas/")
    card = author.page.locator("main li, main article").filter(has_text=IDEA).first
    src = card.locator("img").first.get_attribute("src")
    thumb = author.page.request.get(author.base + src).body()
    assert max(Image.open(io.BytesIO(thumb)).size) <= 320 and len(thumb) < 30_000, src

    # --- the organizer screens it eligible, then opens the trainings phase ---------------------
    organizer.page.goto(idea_url)
    organizer.page.get_by_label("Eligible", exact=True).check()
    organizer.submit("Save the decision")
    organizer.sees("Eligible")
    organizer.shot("03-idea-screened")
    _advance(organizer, cycle, "Trainings and proposals")

    # --- the resident enrolls, and is marked present -------------------------------------------
    author.page.goto(session_url)
    author.submit("Enroll")
    author.sees("Enrolled")
    # the session takes place (attendance is marked once it has started)
    session_pk = int(session_url.rstrip("/").rsplit("/", 1)[1])
    TrainingSession.objects.filter(pk=session_pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=1)
    )
    organizer.page.goto(session_url.rstrip("/") + "/attendance/")
    organizer.page.get_by_label("Nino Kalandadze").check()
    organizer.submit("Save attendance")
    assert organizer.page.get_by_label("Nino Kalandadze").is_checked()
    organizer.shot("04-attendance")

    # --- the resident writes, prices and submits the proposal ----------------------------------
    author.open(f"/cycles/{cycle.pk}/")
    author.click("link", "Write the proposal for my idea")
    author.page.get_by_role("listitem").filter(has_text=IDEA).get_by_role(
        "button", name="Start the proposal"
    ).click()
    author.page.wait_for_load_state()
    page = author.page
    if "/edit/" not in page.url:
        author.click("link", "Continue writing")
    for name, value in {
        "summary": "Ten solar street lights on the road to the school.",
        "problem": "Children walk to school in the dark in winter.",
        "objectives": "A lit, safe road to the school all year.",
        "beneficiaries": "Pupils, parents and teachers of Chkhari school.",
        "beneficiaries_count": "240",
        "location": "Chkhari, school road",
        "timeline_months": "3",
        "maintenance": "The municipality's street lighting service.",
    }.items():
        page.fill(f"main [name={name}]", value)
    page.fill("main [name=lines-0-item]", "Solar street light, installed")
    page.fill("main [name=lines-0-quantity]", "10")
    page.fill("main [name=lines-0-unit]", "piece")
    page.fill("main [name=lines-0-unit_cost]", "2300")
    author.submit("Save the draft")
    author.sees("Total: 23,000.00")  # the server prints the saved total
    author.submit("Submit for review")
    author.sees("Submitted")
    proposal = Proposal.objects.get(idea__title=IDEA)
    author.shot("05-proposal-submitted")

    # --- the organizer finds it feasible and opens the jury review -----------------------------
    organizer.open(f"/proposals/{proposal.pk}/valuation/")
    organizer.page.get_by_label("Feasible", exact=True).check()
    organizer.page.fill(
        "main [name=reason]", "Within the municipality's competence; costs checked."
    )
    organizer.submit("Save the assessment")
    organizer.sees("Feasible")
    _advance(organizer, cycle, "Jury review")

    # --- a juror scores it ----------------------------------------------------------------------
    juror = person("juror1@terjola.demo")
    juror.open(f"/cycles/{cycle.pk}/")
    juror.click("link", "Jury: my assignments")
    juror.click("link", IDEA)
    for field in juror.page.locator("input[name^=value_]").all():
        field.fill(field.get_attribute("max") or "5")
    juror.submit("Submit (locks the scores)")
    juror.sees("Submitted")
    juror.shot("06-scored")

    # --- the organizer publishes the shortlist and opens the vote -------------------------------
    organizer.open(f"/cycles/{cycle.pk}/ranking/")
    organizer.submit("Publish the shortlist")
    organizer.sees("Publish this shortlist?")  # the list first, then the final step
    organizer.submit("Yes, publish the shortlist")
    organizer.sees(IDEA)
    organizer.shot("07-shortlist")
    _advance(organizer, cycle, "Public voting")

    # --- one resident votes online, with JavaScript off ----------------------------------------
    voter = person("resident2@terjola.demo", javascript=False)
    voter.open(f"/cycles/{cycle.pk}/voter-verification/")
    voter.page.fill("main [name=personal_number]", "01024056789")
    voter.page.fill(
        "main [name=birth_date]", users["resident2@terjola.demo"].birth_date.isoformat()
    )
    voter.submit("Verify")
    voter.open(f"/cycles/{cycle.pk}/ballot/")
    voter.page.get_by_label(re.compile(re.escape(IDEA))).check()
    voter.submit("Cast my ballot")
    voter.sees("Your ballot is counted")
    receipt = voter.page.locator("main code").first.inner_text()
    assert re.fullmatch(r"[A-Z2-9]{16}", receipt), receipt
    voter.shot("08-ballot-cast-without-javascript")

    # --- another votes on paper, entered by staff at a voting point ------------------------------
    officer_point(cycle, User.objects.get(email="organizer@terjola.demo"))  # open, theirs
    organizer.open(f"/cycles/{cycle.pk}/paper-ballots/")
    page = organizer.page
    page.fill("main [name=personal_number]", "01019012345")
    page.fill("main [name=birth_date]", "1961-03-08")
    page.select_option("main [name=voting_point]", label="Chkhari school")
    page.get_by_label(re.compile(re.escape(IDEA))).check()
    organizer.submit("Save the paper ballot")
    organizer.shot("09-paper-ballot")

    # --- results: the chart shows the winner ---------------------------------------------------
    _advance(organizer, cycle, "Results")
    visitor = person("resident@vani.demo")
    visitor.open(f"/cycles/{cycle.pk}/results/")
    chart = visitor.page.locator("svg.chart").first
    assert IDEA in chart.inner_html() and "✓" in chart.inner_html(), chart.inner_html()
    row = visitor.page.get_by_role("row").filter(has_text=IDEA)
    assert "2" in row.inner_text(), row.inner_text()  # two ballots: online and paper
    visitor.shot("10-results")

    # --- the organizer's dashboard counts the turnout by channel --------------------------------
    organizer.open(f"/cycles/{cycle.pk}/dashboard/")
    organizer.sees("Turnout by channel")
    organizer.shot("11-dashboard")
    csv_text = organizer.page.request.get(
        f"{organizer.base}/cycles/{cycle.pk}/dashboard/turnout-by-channel.csv"
    ).text()
    rows = list(csv.reader(io.StringIO(csv_text.lstrip("\ufeff"))))
    assert rows[1:] == [["Online", "1"], ["Paper, at a voting point", "1"]], rows
