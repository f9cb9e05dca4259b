"""At 360 px: the results keep "funded" and the cost in view (cards, not a scrolling table), the
charts' text is at least 12 px, the budget editor keeps a running total as the author types,
and the ballot fits. Screenshots of the results and the ballot go to artifacts/screenshots/."""

import io

import pytest
from django.core.management import call_command

from accounts.models import User
from cycles.models import Cycle
from ideas.models import IdeaStatus
from proposals.models import Proposal, ProposalStatus

from .browsing import new_context
from .progress import to_jury_review, to_training, to_voting

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SMALLEST_CHART_TEXT = """() => Math.min(...[...document.querySelectorAll("svg.chart")].map(svg => {
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  return parseFloat(getComputedStyle(svg.querySelector("text")).fontSize) * scale;
}))"""
CELLS_OUT_OF_VIEW = """() => [...document.querySelectorAll("table.cards-sm td[data-label]")]
  .filter(td => { const r = td.getBoundingClientRect(); return r.left < 0 || r.right > 360; })
  .map(td => td.dataset.label + ": " + td.innerText)"""


def _phone(browser, base_url, user=None, lang="ka", javascript=True):
    context = new_context(browser, base_url, user=user, lang=lang, javascript=javascript)
    return context, context.new_page()


def test_results_ballot_and_budget_editor_on_a_phone(browser, live_server, screenshots):
    call_command("seed_demo", stdout=io.StringIO())
    past = Cycle.objects.get(municipality__slug="baghdati")
    terjola = Cycle.objects.get(municipality__slug="terjola")

    # --- the results: every project a card, "funded" and its cost in view ----------------------
    context, page = _phone(browser, live_server.url)
    assert page.goto(f"{live_server.url}/cycles/{past.pk}/results/").status == 200
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert page.evaluate(CELLS_OUT_OF_VIEW) == []
    funded = page.locator("table.cards-sm tr.won td[data-label]").last
    assert funded.is_visible() and funded.inner_text().strip() == "დიახ"
    assert page.evaluate(SMALLEST_CHART_TEXT) >= 12
    page.screenshot(path=screenshots / "results-360.png", full_page=True)
    context.close()

    # --- the budget editor: the total follows the author's typing ------------------------------
    to_training(terjola)
    proposal = (
        Proposal.objects.filter(
            cycle=terjola, status=ProposalStatus.DRAFT, idea__status=IdeaStatus.ELIGIBLE
        )
        .select_related("idea__author")
        .order_by("id")
        .first()
    )
    context, page = _phone(browser, live_server.url, user=proposal.idea.author, lang="en")
    assert page.goto(f"{live_server.url}/proposals/{proposal.pk}/edit/").status == 200
    line = page.locator("tr[data-line]").first
    line.locator("[data-qty]").fill("3")
    line.locator("[data-cost]").fill("1250.50")
    for other in page.locator("tr[data-line]").all()[1:]:
        if other.locator("[data-qty]").input_value():
            other.locator("input[type=checkbox]").check()  # only the first line counts
    assert page.locator("#total").inner_text() == "3,751.50"
    assert page.locator("#total").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=screenshots / "budget-editor-360.png", full_page=True)
    context.close()

    # --- the ballot --------------------------------------------------------------------------
    to_jury_review(terjola)
    to_voting(terjola)
    voter = User.objects.get(email="resident@terjola.demo")
    context, page = _phone(browser, live_server.url, user=voter)
    assert page.goto(f"{live_server.url}/cycles/{terjola.pk}/ballot/").status == 200
    assert page.locator("main form button[type=submit]").first.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=screenshots / "ballot-360.png", full_page=True)
    context.close()
    call_command("flush", interactive=False, verbosity=0)
