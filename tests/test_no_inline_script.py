"""The CSP allows scripts from our static files only: no page of the demo, as any persona and
in any phase up to the vote, contains an inline script or an inline event handler."""

import io
from html.parser import HTMLParser

from django.core.management import call_command
from django.test import Client

from accounts.models import User
from cycles.models import Cycle

from .e2e import progress
from .e2e.browsing import crawl

PERSONAS = [
    ("organizer", "organizer@terjola.demo"),
    ("juror", "juror1@terjola.demo"),
    ("resident", "resident@terjola.demo"),
]


class _Scripts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.inline = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            if not attrs.get("src"):
                self.inline.append("<script> without src")
            self._in_script = True
        for name, value in attrs.items():
            if name.startswith("on"):
                self.inline.append(f"<{tag} {name}=...>")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.inline.append(f"<{tag} {name}=javascript:...>")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.inline.append(f"script body: {data.strip()[:40]}")


def _inline_scripts(pages, users):
    found = {}
    for url, persona in pages.values():
        client = Client(HTTP_ACCEPT_LANGUAGE="ka")
        if users.get(persona):
            client.force_login(users[persona])
        res = client.get(url)
        csp = res.headers.get("Content-Security-Policy", "")
        script_src = [d for d in csp.split(";") if d.strip().startswith("script-src")]
        assert script_src and "unsafe-inline" not in script_src[0], (url, csp)
        parser = _Scripts()
        parser.feed(res.content.decode())
        if parser.inline:
            found[f"{url} ({persona})"] = parser.inline
    return found


def test_no_page_of_the_demo_has_an_inline_script(db):
    call_command("seed_demo", stdout=io.StringIO())
    users = {key: User.objects.get(email=email) for key, email in PERSONAS}
    users["visitor"] = None
    starts = ["/", "/accounts/login/", "/accounts/register/"]
    starts += [f"/cycles/{pk}/" for pk in Cycle.objects.values_list("pk", flat=True)]
    pages = crawl(users, starts, limit=200).pages
    terjola = Cycle.objects.get(municipality__slug="terjola")
    for move in (progress.to_training, progress.to_jury_review, progress.to_voting):
        move(terjola)
    pages.update(crawl(users, starts, limit=200).pages)
    assert any("/ballot/" in url for url, _persona in pages.values())
    assert any("/edit/" in url for url, _persona in pages.values())
    assert _inline_scripts(pages, users) == {}
