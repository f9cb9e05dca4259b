"""A batch's e-mails are built once per text and copied for each recipient (mime.py): each copy
still carries its own To, Message-ID and unsubscribe link, and is byte for byte what Django
would have built."""

import email
import re

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives

from notifications.mime import MailTemplates, _Copy
from notifications.models import Notification
from notifications.services import deliver, notify, unsubscribe_user_kind
from tests import factories as f

VOTING_OPENED = {"cycle": 7, "cycle_title": {"ka": "ბიუჯეტი 2027", "en": "Budget 2027"}}


@pytest.fixture
def locmem(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox.clear()


def _link(text):
    return re.search(r"(http\S+/unsubscribe/[^/\s>]+/)", text).group(1)


def test_each_email_of_a_batch_has_its_own_to_message_id_and_link_in_its_language(terjola, locmem):
    alice = f.UserFactory(email="alice@example.ge", language="ka", municipality=terjola)
    bob = f.UserFactory(email="bob@example.ge", language="en", municipality=terjola)
    charlie = f.UserFactory(email="charlie@example.ge", language="ka", municipality=terjola)
    notify("voting_opened", [alice, bob, charlie], VOTING_OPENED, subject="cycle:7:voting")
    rows = Notification.objects.filter(channel="email")
    assert deliver(list(rows.values_list("id", flat=True))) == 3  # one batch

    seen = {}
    for sent in mail.outbox:
        parsed = email.message_from_bytes(sent.message().as_bytes())
        [to] = sent.to
        assert parsed["To"] == to
        body = parsed.get_payload(decode=True).decode()
        link = _link(parsed["List-Unsubscribe"])
        assert _link(body) == link == _link(sent.body)
        seen[to] = (parsed["Message-ID"], link, body)
    assert set(seen) == {"alice@example.ge", "bob@example.ge", "charlie@example.ge"}
    for user in (alice, bob, charlie):
        message_id, link, body = seen[user.email]
        row = rows.get(recipient=user)
        assert message_id.startswith(f"<{row.id}@")
        assert unsubscribe_user_kind(link.rstrip("/").rsplit("/", 1)[1]) == (user, "voting_opened")
    assert "ბიუჯეტი 2027" in seen["alice@example.ge"][2]
    assert "Budget 2027" in seen["bob@example.ge"][2]
    assert len({message_id for message_id, _l, _b in seen.values()}) == 3
    assert len({link for _m, link, _b in seen.values()}) == 3


def _reference(copy_of, message):
    """What Django builds for the same e-mail, with the copy's Date (Django stamps its own)."""
    reference = EmailMultiAlternatives(
        copy_of.subject, copy_of.body, to=copy_of.to, headers=copy_of.extra_headers
    ).message()
    reference.replace_header("Date", message["Date"])
    return reference


LINK = "https://civicbudget.ge/notifications/unsubscribe/WzEsInZvdGluZ19vcGVuZWQiXQ:1xYd:abc{n}/"
TEXTS = [
    ("ხმის მიცემა დაიწყო: „ბიუჯეტი 2027“ " * 3, "ხმის მიცემა დაიწყო.\n\n--\nStop: {link}\n"),
    ("Voting is open: “Budget 2027”", "Voting has opened.\r\n--\nStop: {link}"),
    ("Voting is open", "Voting has opened.\n--\nA line too long to copy: " + "x" * 990),
]


@pytest.mark.parametrize("linesep", ["\n", "\r\n"])
@pytest.mark.parametrize(("subject", "body"), TEXTS, ids=["georgian", "english", "long line"])
@pytest.mark.parametrize(
    "to", ["nino@example.ge", "ნინო <nino@ტერჯოლა.ge>", "bob.smith+votes@example.ge"]
)
def test_a_copied_email_is_byte_for_byte_what_django_builds(subject, body, to, linesep):
    templates = MailTemplates()
    for n in range(3):  # the first builds the template, the others are copies
        link = LINK.format(n=n)
        headers = {
            "Message-ID": f"<row-{n}@civicbudget.ge>",
            "Auto-Submitted": "auto-generated",
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
        copy_of = templates.email(
            to=to, subject=subject, body=body.format(link=link), headers=headers, link=link
        )
        message = copy_of.message()
        # the first is Django's own; then copies, unless a line leaves no room for the link
        assert isinstance(message, _Copy) == (n > 0 and "too long" not in body)
        assert message.as_bytes(linesep=linesep) == (
            _reference(copy_of, message).as_bytes(linesep=linesep)
        )
        assert message.as_string() == _reference(copy_of, message).as_string()
    assert len(templates._templates) == 1


def test_an_email_without_a_personal_link_is_copied_too():
    templates = MailTemplates()
    for n in range(2):
        headers = {"Message-ID": f"<receipt-{n}@civicbudget.ge>"}
        copy_of = templates.email(
            to=f"voter{n}@example.ge", subject="Your ballot", body="Counted.", headers=headers
        )
        message = copy_of.message()
        assert isinstance(message, _Copy) == (n > 0)
        assert message["To"] == f"voter{n}@example.ge"
        assert message.as_bytes() == _reference(copy_of, message).as_bytes()
    assert len(templates._templates) == 1
