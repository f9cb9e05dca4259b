"""What the browser tests share: finding the site's pages, opening them as someone, measuring them.

Pages are found by crawling links (with Django's test client, fast) from the home page, the cycle
pages, login and register, as each demo persona; so a page another app adds shows up here the
moment a link to it exists, and a page that does not exist yet is simply not found.
"""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

from django.conf import settings
from django.test import Client

AXE = Path(__file__).with_name("vendor") / "axe.min.js"
KB = 1024
PAGE_BUDGET = 60 * KB

# Links the crawl does not follow: not pages of the site, or not HTML.
NOT_PAGES = ("/admin/", "/api/", "/i18n/", "/static/", "/media/", "/accounts/logout/")
NOT_HTML = re.compile(r"(\.csv|\.pb|\.json|\.png|\.jpe?g|\.webp|\.svg|\.pdf)$|/(csv|export)/", re.I)

GEORGIAN = re.compile(r"[\u10a0-\u10ff\u1c90-\u1cbf\u2d00-\u2d2f]+")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*[A-Za-z]")
# Tokens that stay Latin in a Georgian page and are not words of our msgids: e-mails, web
# addresses, codes with digits (receipts), and international abbreviations, file formats and units.
NOT_WORDS = re.compile(r"\S+@\S+|https?://\S+|/\S*|\b\w*\d\w*\b|\+995[\d ]+")
# A language's own name is written in that language in both versions (the language choice).
ENDONYMS = {"ქართული", "english"}
LATIN_ALLOWED = {
    *("gel", "sms", "csv", "pdf", "svg", "api", "id", "ok", "pabulib", "pb", "qr", "ics"),
    *("jpeg", "jpg", "png", "webp", "kb", "mb", "gb", "sha", "utf"),  # formats and units
    "push",  # "Push-შეტყობინება" is how Georgian names push notifications
}


def shape(url):
    """A page's kind, ids and query left out: /ideas/12/?page=2 -> /ideas/{n}/ (a filtered or
    paged list is the same page)."""
    path = re.sub(r"/[0-9a-f]{8}-[0-9a-f-]{27}(?=/|$)", "/{uuid}", urlsplit(url).path)
    return re.sub(r"/\d+(?=/|$)", "/{n}", path)


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def links(html, base_path):
    parser = _Links()
    parser.feed(html)
    out = []
    for href in parser.hrefs:
        href = urldefrag(href)[0]
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not href or href.startswith(("mailto:", "tel:")):
            continue  # another site (or none)
        if not href.startswith("/"):
            href = base_path.rsplit("/", 1)[0] + "/" + href
        if href.startswith(NOT_PAGES) or NOT_HTML.search(urlsplit(href).path):
            continue
        out.append(href)
    return out


@dataclass
class Crawl:
    pages: dict = field(default_factory=dict)  # shape -> (url, persona)
    broken: dict = field(default_factory=dict)  # url -> (status, linked from, persona)


def crawl(personas, starts, crawl_result=None, limit=400):
    """Follow same-site links breadth-first as each persona (name -> user or None).

    A page kind (see `shape`) is kept once, with the first persona that reached it; personas are
    given in order of how much they see, so the richest version of each page is the one checked.
    """
    result = crawl_result or Crawl()
    for name, user in personas.items():
        client = Client(HTTP_ACCEPT_LANGUAGE="ka")
        if user is not None:
            client.force_login(user)
        seen, queue, per_kind = set(), [(url, "(start)") for url in starts], {}
        while queue and len(seen) < limit:
            url, source = queue.pop(0)
            kind = shape(url)
            if url in seen or per_kind.get(kind, 0) >= 2:
                continue  # two pages of a kind are enough to find where that kind links to
            seen.add(url)
            per_kind[kind] = per_kind.get(kind, 0) + 1
            res = client.get(url)
            if res.status_code in (301, 302):
                continue  # a redirect (to login, usually): not a page for this persona
            if res.status_code != 200:
                result.broken.setdefault(url, (res.status_code, source, name))
                continue
            if "text/html" not in res.get("Content-Type", ""):
                continue
            result.pages.setdefault(shape(url), (url, name))
            for href in links(res.content.decode(), urlsplit(url).path):
                if href not in seen:
                    queue.append((href, url))
    return result


def session_cookie(user, base_url):
    """A session cookie of `user` for the browser, as if they had logged in."""
    client = Client()
    client.force_login(user)
    value = client.cookies[settings.SESSION_COOKIE_NAME].value
    return {"name": settings.SESSION_COOKIE_NAME, "value": value, "url": base_url}


def new_context(browser, base_url, *, user=None, lang="ka", width=360, javascript=True):
    context = browser.new_context(
        viewport={"width": width, "height": 800},
        java_script_enabled=javascript,
        locale="ka-GE" if lang == "ka" else "en-US",
    )
    cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": lang, "url": base_url}]
    if user is not None:
        cookies.append(session_cookie(user, base_url))
    context.add_cookies(cookies)
    return context


def transferred(responses):
    """Bytes transferred for a page: the encoded body size of each response (so a compressed
    response counts compressed), user uploads under MEDIA_URL left aside."""
    total, parts = 0, []
    for response in responses:
        path = urlsplit(response.url).path
        if path.startswith(settings.MEDIA_URL) or response.url.startswith("data:"):
            continue
        try:
            size = response.request.sizes()["responseBodySize"]
        except Exception:  # the browser did not report sizes (e.g. served from memory)
            size = 0
        if size <= 0:
            try:
                size = len(response.body())
            except Exception:  # a redirect has no body
                size = 0
        total += size
        parts.append((path, size))
    return total, parts


AXE_PATH = "/__e2e__/axe.min.js"


def axe_violations(page, impacts=("serious", "critical")):
    # The CSP allows scripts from the site only (no inline script), so axe is loaded as a
    # same-origin file that the browser test answers itself, never the server.
    origin = "/".join(page.url.split("/", 3)[:3])
    if not getattr(page, "_axe_routed", False):
        page.route(
            f"**{AXE_PATH}",
            lambda route: route.fulfill(path=str(AXE), content_type="text/javascript"),
        )
        page._axe_routed = True
    page.add_script_tag(url=origin + AXE_PATH)
    found = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']}))")
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [{"target": n["target"], "html": n["html"][:160]} for n in v["nodes"][:5]],
        }
        for v in found["violations"]
        if v["impact"] in impacts
    ]


# Every text the page shows or says aloud: text nodes, the title, and the attributes screen
# readers read; each with where it is, and the language the markup says it is in.
TEXTS_JS = """() => {
  const out = [];
  const langOf = el => (el.closest('[lang]') || document.documentElement).getAttribute('lang');
  const where = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
      (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  out.push({text: document.title, where: 'title', lang: document.documentElement.lang});
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || el.closest('script,style,noscript,template')) continue;
    const text = node.textContent.replace(/\\s+/g, ' ').trim();
    if (text) out.push({text, where: where(el), lang: langOf(el)});
  }
  for (const el of document.querySelectorAll('[aria-label],[title],[placeholder],[alt],input[type=submit],input[type=button]')) {
    for (const attr of ['aria-label', 'title', 'placeholder', 'alt', 'value']) {
      if (attr === 'value' && !['submit', 'button'].includes(el.type)) continue;
      const text = (el.getAttribute(attr) || '').trim();
      if (text) out.push({text, where: where(el) + '[' + attr + ']', lang: langOf(el)});
    }
  }
  return out;
}"""


def page_texts(page):
    return page.evaluate(TEXTS_JS)


def data_words(models, lang):
    """Every word of the stored data (names, titles, places) that a page in `lang` may show as it
    is, lower-cased: content, not interface. A translated field (`name_ka`/`name_en`) counts only
    in the version the page shows: a Georgian page never shows `name_en`, an English page shows
    `name_ka` only where no English name was given. So "Terjola Civic Budget" (a `title_en`) does
    not excuse an untranslated "Civic Budget" in the Georgian page's header."""
    words = set()
    for model in models:
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            # slugs are never shown; a JSON list of names (a protocol's signatures) is content
            if f.get_internal_type() in ("CharField", "TextField", "JSONField")
            and not f.choices
            and f.name != "password"
        ]
        if not fields:
            continue
        for row in model._default_manager.values_list(*fields):
            values = dict(zip(fields, row, strict=True))
            for name, value in values.items():
                if not value:
                    continue
                if lang == "ka" and name.endswith("_en"):
                    continue
                if lang == "en" and name.endswith("_ka") and values.get(name[:-3] + "_en"):
                    continue
                if isinstance(value, dict):
                    continue  # settings and record data, not text a page shows as it is
                if isinstance(value, list):
                    value = " ".join(v for v in value if isinstance(v, str))
                text = str(value).lower()
                words.update(GEORGIAN.findall(text))
                words.update(LATIN_WORD.findall(text))
    return words


def untranslated_in_english(texts, content_words):
    """English page: Georgian words that are not content (see `data_words`)."""
    bad = []
    for t in texts:
        if (t["lang"] or "en")[:2] != "en" or t["text"].lower() in ENDONYMS:
            continue  # marked up as another language (the language switch), or a language name
        words = [
            w
            for w in GEORGIAN.findall(t["text"])
            if w.lower() not in content_words and w.lower() not in ENDONYMS
        ]
        if words:
            bad.append(f"{t['where']}: {t['text'][:120]!r} [{' '.join(words)}]")
    return _counted(bad)


def untranslated_in_georgian(texts, english_texts, content_words):
    """Georgian page: Latin words that are not content, allowed abbreviations or codes."""
    in_english = {t["text"] for t in english_texts}
    allowed = content_words | LATIN_ALLOWED | ENDONYMS
    bad = []
    for t in texts:
        if (t["lang"] or "ka")[:2] != "ka" or t["text"].lower() in ENDONYMS:
            continue
        words = [
            w for w in LATIN_WORD.findall(NOT_WORDS.sub(" ", t["text"])) if w.lower() not in allowed
        ]
        if words:
            same = " (identical in the English page)" if t["text"] in in_english else ""
            bad.append(f"{t['where']}: {t['text'][:120]!r} [{' '.join(words)}]{same}")
    return _counted(bad)


def _counted(lines):
    """Each line once, in order, with how many times it occurred (a label in a loop)."""
    counts = {}
    for line in lines:
        counts[line] = counts.get(line, 0) + 1
    return [line + (f" (x{n})" if n > 1 else "") for line, n in counts.items()]
