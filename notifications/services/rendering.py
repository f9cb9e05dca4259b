"""Turning an outbox row into text: the catalogue's template in the recipient's language, filled
with the row's context.

A placeholder the context does not give is a bug in the caller (or a typo in the catalogue or
its translation). Under NOTIFICATIONS_STRICT_RENDERING (the tests turn it on) it raises, both
when `notify()` queues the row and when `render()` fills it, so such a typo fails a test instead
of shipping an empty sentence; in production it is logged and renders empty, because a message
with a gap is better than none.
"""

import json
import logging
import string
from functools import lru_cache
from typing import NamedTuple

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from ..catalogue import CATALOGUE, Message
from ..models import Notification
from ..sealed import SEALED, unseal
from .preferences import unsubscribe_token

log = logging.getLogger(__name__)


class MissingPlaceholder(LookupError):
    """A template names a context key the notification was not given."""


def strict() -> bool:
    return getattr(settings, "NOTIFICATIONS_STRICT_RENDERING", False)


def localized(text) -> dict:
    """A lazy translatable string -> {"ka": "...", "en": "..."} for a notification context."""
    out = {}
    for lang in ("ka", "en"):
        with translation.override(lang):
            out[lang] = str(text)
    return out


def check_context(kind: str, message: Message, keys) -> None:
    """Strict mode: raise MissingPlaceholder unless `keys` give every placeholder of `kind`'s
    texts in every language (a translation may name a key the English does not)."""
    if not strict():
        return
    for lang, _name in settings.LANGUAGES:
        with translation.override(lang):
            missing = message.placeholders() - set(keys)
        if missing:
            raise MissingPlaceholder(
                f"notification {kind!r} ({lang}) needs {sorted(missing)} in its context"
            )


class _Values(dict):
    def __init__(self, where):
        super().__init__()
        self.where = where

    def __missing__(self, key):
        if strict():
            raise MissingPlaceholder(f"{self.where} names {{{key}}}, which its context lacks")
        log.error("notification %s: no value for {%s}; rendered empty", self.where, key)
        return ""


def render(note: Notification, part: str) -> str:
    """The text of one part (subject, body, sms, inapp, push) in the recipient's language."""
    lang = note.recipient.language or settings.LANGUAGE_CODE
    return render_text(note.kind, part, note.context, lang)


class BatchRenderer:
    """`render()` for a worker's batch of rows: a fan-out's rows share kind and context, so each
    (kind, part, language, context) is filled once per batch, not once per recipient (the
    profile of bench/fanout.py: the translation switch and the formatter were a third of a
    message's CPU)."""

    def __init__(self):
        self._texts = {}
        self._contexts = {}  # id(context) -> (context, its key): held, so the id stays its own

    def _context_key(self, note) -> str:
        context = note.context
        held = self._contexts.get(id(context))
        if held is None:
            key = json.dumps(context, sort_keys=True, default=str)
            held = self._contexts[id(context)] = (context, key)
        return held[1]

    def __call__(self, note: Notification, part: str) -> str:
        lang = note.recipient.language or settings.LANGUAGE_CODE
        key = (note.kind, part, lang, self._context_key(note))
        text = self._texts.get(key)
        if text is None:
            text = self._texts[key] = render_text(note.kind, part, note.context, lang)
        return text


def render_text(kind: str, part: str, context: dict, lang: str) -> str:
    """The text of one part of `kind` with `context`, as a reader of `lang` gets it (a preview
    counts SMS segments with it before anything is queued)."""
    message = CATALOGUE.get(kind)
    if message is None:
        if strict():
            raise MissingPlaceholder(f"no notification kind {kind!r} in the catalogue")
        return kind
    with translation.override(lang):
        values = _Values(f"{kind}.{part}")
        for key, value in (context or {}).items():
            if key == SEALED:
                values.update(unseal(value))
                continue
            if isinstance(value, dict) and ("ka" in value or "en" in value):
                value = value.get(lang) or value.get("ka") or value.get("en") or ""
            values[key] = value
        template = str(getattr(message, part))
        try:
            return string.Formatter().vformat(template, (), values)
        except MissingPlaceholder:
            raise
        except (ValueError, IndexError, AttributeError, KeyError):  # a broken template
            if strict():
                raise
            log.exception("cannot render %s.%s", kind, part)
            return template


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


@lru_cache
def links() -> tuple[str, str]:
    """The preferences URL and the unsubscribe URL with a `{token}` slot (reversed once)."""
    link = reverse("notifications:unsubscribe", args=["TOKEN"]).replace("TOKEN", "{token}")
    return absolute(reverse("notifications:preferences")), absolute(link)


@lru_cache
def _footer_texts(lang: str) -> tuple[str, str]:
    """The footer's two sentences in `lang`, with their %(url)s slots (translated once)."""
    with translation.override(lang):
        return (
            _("Choose which messages you get: %(url)s"),
            _("Stop these e-mails with one click: %(url)s"),
        )


class EmailParts(NamedTuple):
    subject: str
    body: str
    headers: dict
    link: str  # the recipient's own unsubscribe URL (in body and headers), or ""


def email_parts(note: Notification, render=render) -> EmailParts:
    """Subject, body with the unsubscribe footer, and headers (RFC 8058 one-click unsubscribe;
    the row's id as Message-ID, so a resend after a crash is recognisably the same message)."""
    message = CATALOGUE[note.kind]
    user = note.recipient
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip("> ") or "civicbudget.ge"
    headers = {"Message-ID": f"<{note.id}@{domain}>", "Auto-Submitted": "auto-generated"}
    body = render(note, "body")
    preferences_url, unsubscribe_url = links()
    choose, stop = _footer_texts(user.language or settings.LANGUAGE_CODE)
    footer = ["", "--", choose % {"url": preferences_url}]
    url = ""
    if not message.transactional:
        url = unsubscribe_url.format(token=unsubscribe_token(user.pk, note.kind))
        headers["List-Unsubscribe"] = f"<{url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        footer.insert(2, stop % {"url": url})
    subject = one_line(render(note, "subject"))
    return EmailParts(subject, body + "\n".join(["", *footer]), headers, url)


def one_line(text: str) -> str:
    """A title as an e-mail header may carry it: a line break (a user's idea title, a CR
    smuggled in) becomes a space, so it can never start a header of its own."""
    return " ".join(str(text).split())
