"""Every page of the demo site, in a real Chromium: light, accessible, translated, fits a phone.

The site is loaded once per module (`manage.py seed_demo`), its pages found by crawling links as
each demo persona (see browsing.crawl), and each page kind opened once as a visitor and once as
the richest persona that reaches it, in Georgian and in English, on a cold cache. What was
measured is kept, and each test below asserts one property over all pages, listing every page
that fails it (one report per property, rather than one test per URL: the URLs are only known
after the demo is loaded and crawled, and one report is easier to act on).

Screenshots of each page at 360 px and 1280 px go to artifacts/screenshots/ for review.
"""

import io
import re
import time
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.core.management import call_command

from accounts.models import User
from cycles.models import Cycle

from .browsing import (
    KB,
    PAGE_BUDGET,
    axe_violations,
    crawl,
    data_words,
    new_context,
    page_texts,
    transferred,
    untranslated_in_english,
    untranslated_in_georgian,
)
from .progress import STAGES

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PROJECT_APPS = (
    "cycles",
    "accounts",
    "ideas",
    "trainings",
    "proposals",
    "jury",
    "voting_points",
    "voting",
    "implementation",
    "notifications",
    "record",
)
# Demo personas in order of how much they see: each page kind is checked as the first of them
# that reaches it, and again as an anonymous visitor when a visitor can reach it.
PERSONAS = [
    ("organizer", "organizer@terjola.demo"),
    ("juror", "juror1@terjola.demo"),
    ("resident", "resident@terjola.demo"),
]


def _slug(shape, persona, lang, width):
    name = shape.strip("/").replace("/", "_").replace("?", "_").replace("&", "_") or "home"
    name = name.replace("{n}", "N").replace("{uuid}", "U")
    return f"{name}--{persona}--{lang}-{width}.jpg"


class Tabs:
    """One browser tab per (persona, language), its HTTP cache off: every page is measured as a
    first visit (cold cache) without paying for a new browser context per page."""

    def __init__(self, browser, base_url):
        self.browser, self.base_url, self.tabs = browser, base_url, {}

    def get(self, user, lang):
        key = (user.pk if user else None, lang)
        if key not in self.tabs:
            context = new_context(self.browser, self.base_url, user=user, lang=lang)
            page = context.new_page()
            context.new_cdp_session(page).send("Network.setCacheDisabled", {"cacheDisabled": True})
            responses = []
            page.on("response", lambda r: responses.append(r))
            self.tabs[key] = (context, page, responses)
        return self.tabs[key]

    def close(self):
        for context, _, _ in self.tabs.values():
            context.close()


def _visit(tabs, url, shape, persona, user, shots):
    """Open one page in Georgian then English; measure what every test below asserts."""
    out = {"url": url, "persona": persona}
    for lang in ("ka", "en"):
        _, page, responses = tabs.get(user, lang)
        page.set_viewport_size({"width": 360, "height": 800})
        responses.clear()
        main = page.goto(tabs.base_url + url, wait_until="load")
        total, parts = transferred(responses)
        out[lang] = {
            "status": main.status if main else None,
            "bytes": total,
            "parts": parts,
            "texts": page_texts(page),
            "scroll_width": page.evaluate("document.documentElement.scrollWidth"),
            "axe": axe_violations(page) if lang == "ka" else [],
        }
        if lang == "ka":
            shot = {"full_page": True, "type": "jpeg", "quality": 70}
            page.screenshot(path=shots / _slug(shape, persona, lang, 360), **shot)
            page.set_viewport_size({"width": 1280, "height": 800})
            page.screenshot(path=shots / _slug(shape, persona, lang, 1280), **shot)
    return out


# Pages checked as an anonymous visitor too, even when a persona reaches them: what most residents
# see first.
VISITOR_PAGES = {"/", "/cycles/{n}/", "/accounts/login/", "/accounts/register/"}


def _check_new_pages(tabs, users, starts, pages, shots, phase):
    """Crawl as the personas and as a visitor; open each page kind not checked yet."""
    members = crawl(users, starts)
    visitors = crawl({"visitor": None}, starts)
    checked = {kind for kind, _ in pages}
    for kind, (url, persona) in sorted(members.pages.items()):
        if kind not in checked:
            pages[(kind, persona)] = _visit(tabs, url, kind, persona, users[persona], shots)
            pages[(kind, persona)]["phase"] = phase
    for kind, (url, _) in sorted(visitors.pages.items()):
        if (kind, "visitor") not in pages and (
            kind in VISITOR_PAGES or kind not in members.pages and kind not in checked
        ):
            pages[(kind, "visitor")] = _visit(tabs, url, kind, "visitor", None, shots)
            pages[(kind, "visitor")]["phase"] = phase
    return {**members.broken, **visitors.broken}


def _vote_without_javascript(browser, base_url, user, cycle):
    """A verified resident votes on the ballot page with JavaScript off; what they then see."""
    context = new_context(browser, base_url, user=user, lang="en", javascript=False)
    try:
        page = context.new_page()
        page.goto(f"{base_url}/cycles/{cycle.pk}/ballot/")
        boxes = page.locator("main form input[type=checkbox]")
        found = boxes.count()
        if found:
            boxes.first.check()
            with page.expect_navigation():
                page.get_by_role("button", name="Cast my ballot").click()
        return {"checkboxes": found, "text": page.inner_text("main"), "url": page.url}
    finally:
        context.close()


FOCUSED = """() => { const el = document.activeElement, style = getComputedStyle(el);
  return {type: el.type || el.tagName.toLowerCase(), inMain: !!el.closest('main'),
          outline: style.outlineStyle !== 'none' && style.outlineWidth !== '0px'}; }"""


def _vote_with_keyboard(browser, base_url, user, cycle):
    """A verified resident votes with Tab, Space and Enter only; each focused control must show
    a visible focus outline."""
    context = new_context(browser, base_url, user=user, lang="en", width=1280)
    seen = []
    try:
        page = context.new_page()
        page.goto(f"{base_url}/cycles/{cycle.pk}/ballot/")
        for want in ("checkbox", "submit"):
            for _ in range(80):
                page.keyboard.press("Tab")
                focused = page.evaluate(FOCUSED)
                seen.append(focused)
                if focused["type"] == want and focused["inMain"]:
                    break
            else:
                return {"reached": want, "ok": False, "seen": seen[-5:], "text": ""}
            if want == "checkbox":
                page.keyboard.press("Space")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        return {"ok": True, "seen": seen, "text": page.inner_text("main")}
    finally:
        context.close()


@pytest.fixture(scope="module")
def site(browser, live_server, django_db_setup, django_db_blocker, screenshots):
    """{(page kind, persona): what was measured}, plus the crawl's broken links and content words.

    First the demo as loaded (Terjola in its ideas competition, Baghdati's last cycle with results
    and funded projects), then Terjola moved on phase by phase (tests/e2e/progress.py) so the
    pages of trainings, jury review and voting are checked too."""
    started = time.monotonic()
    tabs = Tabs(browser, live_server.url)
    pages, broken, stages, ballot, keyboard = {}, {}, [], None, None
    with django_db_blocker.unblock():
        call_command("seed_demo", stdout=io.StringIO())
        users = {key: User.objects.get(email=email) for key, email in PERSONAS}
        starts = ["/", "/accounts/login/", "/accounts/register/"]
        starts += [f"/cycles/{pk}/" for pk in Cycle.objects.values_list("pk", flat=True)]
        try:
            broken.update(_check_new_pages(tabs, users, starts, pages, screenshots, "demo"))
            terjola = Cycle.objects.get(municipality__slug="terjola")
            for phase, move in STAGES:
                try:
                    move(terjola)
                except Exception as exc:  # a later app's step failed: say so, check the rest
                    stages.append(f"could not reach {phase}: {type(exc).__name__}: {exc}")
                    break
                stages.append(f"reached {phase}")
                broken.update(_check_new_pages(tabs, users, starts, pages, screenshots, phase))
                if phase == "voting":
                    ballot = _vote_without_javascript(
                        browser, live_server.url, users["resident"], terjola
                    )
                    keyboard = _vote_with_keyboard(
                        browser, live_server.url, users["organizer"], terjola
                    )
            models = [m for a in PROJECT_APPS for m in apps.get_app_config(a).get_models()]
            words = {lang: data_words(models, lang) for lang in ("ka", "en")}
        finally:
            tabs.close()
            call_command("flush", interactive=False, verbosity=0)
    print(f"\nchecked {len(pages)} pages in {time.monotonic() - started:.1f} s; {stages}")
    heaviest = sorted(pages.values(), key=lambda p: -max(p["ka"]["bytes"], p["en"]["bytes"]))[:5]
    print("heaviest:", ", ".join(f"{p['url']} {p['ka']['bytes'] / KB:.1f} KB" for p in heaviest))
    return {
        "pages": pages,
        "broken": broken,
        "words": words,
        "stages": stages,
        "ballot": ballot,
        "keyboard": keyboard,
    }


def _each(site):
    """(persona, measurements) of every page checked, in URL order."""
    for (_kind, persona), page in sorted(site["pages"].items()):
        yield persona, page


def _report(title, failures):
    return title + ":\n" + "\n".join(failures)


def test_later_phases_are_reached(site):
    """The page checks cover trainings, jury review and voting, not only the ideas competition."""
    assert site["stages"] == [f"reached {phase}" for phase, _ in STAGES], site["stages"]


def test_the_ballot_works_with_javascript_off(site):
    """Plain checkboxes and a submit button: a verified resident votes with JavaScript disabled
    (the knapsack's running total is an enhancement) and gets a receipt code."""
    ballot = site["ballot"]
    assert ballot is not None, f"voting was not reached: {site['stages']}"
    assert ballot["checkboxes"] >= 1, ballot["text"][:1500]
    assert "Your ballot is counted" in ballot["text"], ballot["text"][:1500]
    assert re.search(r"\b[A-Z2-9]{16}\b", ballot["text"]), ballot["text"][:1500]


def test_voting_works_with_the_keyboard_alone(site):
    """Tab to a project, Space to choose it, Tab to the button, Enter: the ballot is counted, and
    every control reached on the way showed where the focus was."""
    keyboard = site["keyboard"]
    assert keyboard is not None, f"voting was not reached: {site['stages']}"
    assert keyboard["ok"], keyboard
    assert "Your ballot is counted" in keyboard["text"], keyboard["text"][:1500]
    unmarked = [f for f in keyboard["seen"] if not f["outline"]]
    assert not unmarked, f"focused without a visible outline: {unmarked}"


def test_the_crawl_finds_the_main_pages(site):
    kinds = {kind for kind, _ in site["pages"]}
    assert {"/", "/cycles/{n}/", "/accounts/login/", "/accounts/register/"} <= kinds, kinds


def test_every_link_leads_to_a_page(site):
    failures = [
        f"{url} -> {status} (linked from {source}, as {persona})"
        for url, (status, source, persona) in sorted(site["broken"].items())
    ]
    for persona, page in _each(site):
        for lang in ("ka", "en"):
            if page[lang]["status"] != 200:
                status = page[lang]["status"]
                failures.append(f"{page['url']} -> {status} in Chromium ({lang}, as {persona})")
    assert not failures, _report("links to pages that do not answer 200", failures)


def test_every_page_weighs_under_60_kb(site):
    """HTML, CSS, JS and fonts transferred on a cold cache, user uploads (MEDIA_URL) aside."""
    failures = []
    for persona, page in _each(site):
        for lang in ("ka", "en"):
            m = page[lang]
            if m["bytes"] > PAGE_BUDGET:
                heaviest = sorted(m["parts"], key=lambda p: -p[1])[:4]
                detail = ", ".join(f"{path} {size / KB:.1f} KB" for path, size in heaviest)
                failures.append(
                    f"{page['url']} as {persona} ({lang}): {m['bytes'] / KB:.1f} KB — {detail}"
                )
    assert not failures, _report("pages over 60 KB", failures)


def test_every_page_is_axe_clean(site):
    """axe-core (tests/e2e/vendor/axe.min.js, injected) finds no serious or critical violation."""
    failures = []
    for persona, page in _each(site):
        for v in page["ka"]["axe"]:
            nodes = "; ".join(f"{n['target']} {n['html']}" for n in v["nodes"])
            failures.append(
                f"{page['url']} as {persona}: [{v['impact']}] {v['id']} — {v['help']} — {nodes}"
            )
    assert not failures, _report("axe violations (serious or critical)", failures)


def test_every_page_fits_a_360px_screen(site):
    """Mobile first: at 360 px the page body does not scroll sideways (wide tables scroll in
    their own .table-wrap)."""
    failures = [
        f"{page['url']} as {persona}: {page[lang]['scroll_width']} px wide ({lang})"
        for persona, page in _each(site)
        for lang in ("ka", "en")
        if page[lang]["scroll_width"] > 360
    ]
    assert not failures, _report("pages wider than 360 px", failures)


def test_english_pages_show_no_georgian_interface_text(site):
    """In English, a Georgian word is untranslated interface text unless it is content: a word of
    the stored data the English page may show (names of people, user-written ideas, places with
    no English name; see browsing.data_words). Text marked up with another `lang` (the language
    switch) is left aside."""
    failures = []
    for persona, page in _each(site):
        for line in untranslated_in_english(page["en"]["texts"], site["words"]["en"]):
            failures.append(f"{page['url']} as {persona}: {line}")
    assert not failures, _report("Georgian text in English pages", failures)


def test_georgian_pages_show_no_english_interface_text(site):
    """Heuristic for Georgian: every msgid is English, so interface text left untranslated shows as
    Latin-letter words in the Georgian page (nav, headings, labels, buttons, titles, aria-labels,
    placeholders, alt texts). A Latin word is allowed when it is content the Georgian page may
    show (a word of the stored data, English-only translations like `title_en` excluded; see
    browsing.data_words), inside an e-mail, web address, path or code with digits (receipts), an
    international abbreviation (GEL, SMS, CSV...), or inside markup with another `lang` (the
    "English" switch). Each offending text is listed with where it is, and whether the English page
    shows the very same text (then it is certainly an untranslated msgid)."""
    failures = []
    for persona, page in _each(site):
        lines = untranslated_in_georgian(
            page["ka"]["texts"], page["en"]["texts"], site["words"]["ka"]
        )
        failures += [f"{page['url']} as {persona}: {line}" for line in lines]
    assert not failures, _report("English text in Georgian pages", failures)


def test_screenshots_of_every_page_at_360_and_1280_px(site, screenshots):
    missing = []
    for kind, persona in site["pages"]:
        for width in (360, 1280):
            path = screenshots / _slug(kind, persona, "ka", width)
            if not path.exists() or path.stat().st_size == 0:
                missing.append(str(path))
    assert not missing, missing


def test_css_is_served_to_the_browser(site):
    """The stylesheet loads under the live server (static files), so the screenshots are real."""
    home = site["pages"][("/", "visitor")]["ka"]
    css = [(path, size) for path, size in home["parts"] if urlsplit(path).path.endswith(".css")]
    assert css and all(size > 0 for _, size in css), home["parts"]
