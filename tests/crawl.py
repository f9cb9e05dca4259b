"""Walk every page of the project as one reader and collect what reads wrong in Georgian.

Used by tests/test_georgian_pages.py over the demo data (`seed_demo`); each URL name of the
project is filled with the ids of demo objects of the kind its path names.
"""

import re

from django.contrib import admin
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

MTAVRULI = re.compile("[\u1c90-\u1cbf]")
# a record entry or page that leaks a key, a dict or a Python boolean
RAW = re.compile(r"(\b[a-z][a-z_]* ?: |[{}\[\]] ?['\"]|\bTrue\b|\bFalse\b|\bNone\b)")
TAGS = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.S)
# an English sentence: three Latin words or more in a row
LATIN_RUN = re.compile(r"[A-Za-z][a-z]+(?:[ ,'’-]+[A-Za-z][a-z]+){2,}")
# the same Georgian words twice in a row ("მოლოდინის სიაში მოლოდინის სიაში")
DOUBLED = re.compile(
    r"(?<![\u10d0-\u10ff])([\u10d0-\u10ff]+(?: [\u10d0-\u10ff]+)*) \1(?![\u10d0-\u10ff])"
)
# what may stay Latin in Georgian text: proper names, formats, codes
ALLOWED_LATIN = re.compile(
    r"OpenStreetMap|Pabulib|Civic Budget|Google Play|App Store|"
    r"demo-pass|example|@|https?://|\.demo|Swagger|OpenAPI|JSON|CSV|"
    r"Django administration|Django site admin"
)


def routes(patterns=None, prefix="", ns=""):
    """(route, url name) of every page (not the API, the admin or the media files)."""
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            name = ns + (f"{p.namespace}:" if p.namespace else "")
            yield from routes(p.url_patterns, prefix + str(p.pattern), name)
        elif p.name:
            yield prefix + str(p.pattern), ns + p.name


def _ids(model, **filters):
    return list(model.objects.filter(**filters).order_by("pk").values_list("pk", flat=True)[:3])


def urls_to_visit(user=None):
    """Every page URL with the demo's ids in its placeholders."""
    from cycles.models import Cycle
    from ideas.models import Idea
    from implementation.models import FundedProject
    from jury.models import Assignment
    from notifications.models import Notification
    from proposals.models import Proposal
    from trainings.models import TrainingSession
    from voting.models import Envelope

    kinds = {
        "cycles": _ids(Cycle),
        "ideas": _ids(Idea),
        "trainings": _ids(TrainingSession),
        "proposals": _ids(Proposal),
        "jury/assignments": _ids(Assignment),
        "funded": _ids(FundedProject),
        "notifications": _ids(Notification, recipient=user) if user else [],
    }
    out = []
    for route, name in routes():
        if name in ("set_language",) or "<str:token>" in route or "<slug:" in route:
            continue
        if "<" not in route:
            out.append(reverse(name))
            continue
        kind = next((k for k in kinds if route.startswith(k + "/")), None)
        for pk in kinds.get(kind, []):
            kwargs = {}
            for arg in re.findall(r"<\w+:(\w+)>", route):
                if arg in ("pk", "cycle_pk"):
                    kwargs[arg] = pk
                elif arg == "idea_pk":
                    kwargs[arg] = pk
                elif arg == "envelope_pk":
                    env = Envelope.objects.filter(cycle_id=pk).first()
                    kwargs[arg] = env.pk if env else None
                else:
                    kwargs[arg] = None
            if None not in kwargs.values():
                out.append(reverse(name, kwargs=kwargs))
    return out


def admin_urls():
    out = [reverse("admin:index")]
    for model in admin.site._registry:
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        out.append(reverse(f"{name}_changelist"))
        out.append(reverse(f"{name}_add"))
        obj = model.objects.order_by("pk").first()
        if obj is not None:
            out.append(reverse(f"{name}_change", args=[obj.pk]))
    return out


BLOCK = re.compile(
    r"</?(?:p|li|ul|ol|h[1-6]|td|th|tr|div|dt|dd|dl|caption|section|nav|header|footer|main|"
    r"form|label|option|button|table|title|br)\b[^>]*>",
    re.I,
)


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", TAGS.sub(" ", html))


def blocks_of(html: str) -> list[str]:
    """The text of each block (a paragraph, a cell, a list item), inline tags taken out."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return [text_of(b).strip() for b in BLOCK.split(html) if b and not BLOCK.fullmatch(b)]


# Latin words that stay in a Georgian admin form: platform names, a third-party app's field
# that has no translatable name (simplejwt's BlacklistedToken.token), codes
ADMIN_LATIN = {"Android", "iOS", "SMS", "Token", "English", "URL", "HTML", "PDF", "CSV", "ID"}


def _english_label(block: str) -> bool:
    """A block of an admin form in Latin letters only (a label, a help text, a button)."""
    words = re.findall(r"[A-Za-z]{3,}", block)
    return (
        bool(words)
        and not re.search(r"[\u10d0-\u10ff]", block)
        and not (set(words) <= ADMIN_LATIN or ALLOWED_LATIN.search(block))
    )


def problems(url: str, status: int, html: str) -> list[str]:
    """What reads wrong on one Georgian page. The admin is checked for capitals and errors,
    and its empty forms (the add pages) for labels, help texts and buttons left in English
    (Django's and simplejwt's gaps are filled by locale/vendor); its lists and saved objects
    show the data as it was entered."""
    found = []
    if status >= 500:
        return [f"{url}: {status}"]
    if status == 404:
        return []
    for m in MTAVRULI.finditer(html):
        found.append(f"{url}: Mtavruli …{html[max(0, m.start() - 40) : m.end() + 20]}…")
        break
    if url.startswith("/admin/"):
        if url.endswith("/add/"):  # an empty form: its labels, help and buttons are ours to say
            found += [f"{url}: English {b!r}" for b in blocks_of(html) if _english_label(b)]
        return found
    text = text_of(html)
    if "/record/" in url:
        for m in RAW.finditer(text):
            found.append(f"{url}: raw data …{text[max(0, m.start() - 40) : m.end() + 40]}…")
            break
    for block in blocks_of(html):
        for m in DOUBLED.finditer(block):
            found.append(f"{url}: doubled …{block[max(0, m.start() - 30) : m.end() + 30]}…")
    for m in LATIN_RUN.finditer(text):
        around = text[max(0, m.start() - 30) : m.end() + 30]
        if not ALLOWED_LATIN.search(around):
            found.append(f"{url}: English …{around}…")
    return found


def crawl(user=None, urls=None) -> list[str]:
    client = Client(HTTP_ACCEPT_LANGUAGE="ka", raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    found = []
    for url in urls_to_visit(user) if urls is None else urls:
        res = client.get(url)
        body = res.content.decode("utf-8", "replace")
        if res.get("Content-Type", "").startswith("text/html") or res.status_code >= 500:
            found += problems(url, res.status_code, body)
    return found
