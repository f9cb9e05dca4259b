"""A fan-out's e-mails, built once per text and copied for each recipient.

Building an e-mail's MIME (Django's `EmailMessage.message()`, then flattening it to bytes) was
nearly half of a fan-out's CPU (bench/README.md). The e-mails of one fan-out differ only in To,
Date, Message-ID and the one personal link (the unsubscribe URL, in a header and in the body),
so `MailTemplates` has Django build each distinct text once, with stand-ins for those, and each
`PersonalEmail.message()` is a copy of it with the recipient's values put in; flattening the
copy re-folds only the headers that changed. The bytes are the ones Django would have built
(tests/notifications/test_mime.py compares them), and the e-mail still goes through the
configured backend (SMTP, console, the tests' locmem) like any `EmailMessage`.
"""

import re
from email.utils import formatdate, make_msgid

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import DNS_NAME, SafeMIMEText, forbid_multi_line_headers

LINK = "personal-link-slot-5f0c1d"  # stands in for the personal link; ASCII, no space
TO = "to-slot-5f0c1d@example.invalid"
STAND_INS = {"Message-ID": "<message-id-slot-5f0c1d@example.invalid>", "Date": "date-slot"}
PRINTABLE = re.compile(r"[!-~]+(?: [!-~]+)*\Z")  # words of printable ASCII, one space apart
LONGEST_LINK = 200  # a longer link could make Django pick another body encoding: no template
LINE_LIMIT = 998  # RFC 5322; Django writes a body with a longer line as quoted-printable


class MailTemplates:
    """The templates of one delivery task: one per (subject, body, From, headers) once the
    personal link is taken out of them. A text is made a template when its second e-mail comes:
    a text only one recipient gets (a ballot receipt) is built by Django as it was, not twice."""

    def __init__(self):
        self._templates = {}
        self._seen = set()

    def email(self, *, to, subject, body, headers, link="", connection=None):
        """An EmailMessage for `to`, whose MIME is copied from its text's template. `link` is
        the recipient's personal URL wherever it appears in `body` and `headers`."""
        template = None
        if len(link) <= LONGEST_LINK and not {"To", "From"} & set(headers):
            plain = {name: STAND_INS.get(name, value) for name, value in headers.items()}
            if link:
                body_of_all = body.replace(link, LINK)
                plain = {name: value.replace(link, LINK) for name, value in plain.items()}
            else:
                body_of_all = body
            key = (subject, body_of_all, tuple(plain.items()))
            template = self._templates.get(key)
            if template is None and key in self._seen:
                template = self._templates[key] = _Template(subject, body_of_all, plain)
            self._seen.add(key)
        return PersonalEmail(
            template, link, subject, body, to=[to], headers=headers, connection=connection
        )


class PersonalEmail(EmailMultiAlternatives):
    """An EmailMessage like any other (its subject, body, To and headers are the recipient's),
    whose `message()` copies its template's MIME instead of building it again."""

    def __init__(self, template, link, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.template, self.link = template, link

    def message(self):
        template = self.template
        changed = self.attachments or self.alternatives or self.cc or self.bcc or self.reply_to
        if template is None or template.message is None or changed or len(self.to) != 1:
            return super().message()  # not the shape of a template: Django builds it
        personal = {
            "To": self.to[0],
            "Date": self.extra_headers.get("Date")
            or formatdate(localtime=settings.EMAIL_USE_LOCALTIME),
            "Message-ID": self.extra_headers.get("Message-ID") or make_msgid(domain=DNS_NAME),
        }
        return _Copy.of(template, personal, self.link)


class _Template:
    """Django's message for a text with stand-ins for everything personal, and its flattened
    headers and body, per line separator."""

    def __init__(self, subject, body, headers):
        message = EmailMultiAlternatives(subject, body, to=[TO], headers=headers).message()
        self.message = message if _copyable(message) else None
        self._folded = {}  # linesep -> {(name, value): bytes}
        self._bodies = {}  # linesep -> the body's bytes, with LINK in it

    def flattened(self, linesep):
        """({(name, value): the header's line}, the body), as Django's generator writes them."""
        folded = self._folded.get(linesep)
        if folded is None:
            message = self.message
            policy = message.policy.clone(linesep=linesep)
            folded = {item: policy.fold_binary(*item) for item in message.raw_items()}
            whole = SafeMIMEText.as_bytes(message, linesep=linesep)
            head = b"".join(folded[item] for item in message.raw_items()) + linesep.encode()
            if not whole.startswith(head):
                raise AssertionError("the generator no longer writes headers as fold_binary")
            self._bodies[linesep] = whole[len(head) :]
            self._folded[linesep] = folded
        return folded, self._bodies[linesep]


def _fold(policy, name, value) -> bytes:
    """`policy.fold_binary`, which leaves a short header of printable ASCII words as it is."""
    if len(name) + 2 + len(value) <= policy.max_line_length and PRINTABLE.match(value):
        return f"{name}: {value}{policy.linesep}".encode()
    return policy.fold_binary(name, value)


def _copyable(message) -> bool:
    """A single text part whose body is written as it is (7bit or 8bit, not re-encoded), with
    room for the link on every line, so the link can be put into the flattened bytes."""
    if not isinstance(message, SafeMIMEText) or message.is_multipart():
        return False
    if message["Content-Transfer-Encoding"] not in ("7bit", "8bit"):
        return False
    longest = max(
        len(line.encode(errors="surrogateescape")) for line in message._payload.splitlines() or [""]
    )
    return longest + LONGEST_LINK <= LINE_LIMIT


class _Copy(SafeMIMEText):
    """A template's message with one recipient's headers and link: the headers and payload
    Django's own message would have; `as_bytes` reuses the template's folded lines and body."""

    @classmethod
    def of(cls, template, personal, link):
        source = template.message
        copy = cls.__new__(cls)
        copy.__dict__.update(source.__dict__)
        copy.defects = []
        copy._template, copy._link = template, link
        headers = []
        for name, value in source._headers:
            if name in personal:
                value = personal[name]
            elif LINK in value:
                value = value.replace(LINK, link)
            else:
                headers.append((name, value))
                continue
            # as Django sets a header: a line break raises BadHeaderError, non-ASCII is encoded
            headers.append(forbid_multi_line_headers(name, value, source.encoding))
        copy._headers = headers
        copy._payload = source._payload.replace(LINK, link)
        return copy

    def as_bytes(self, unixfrom=False, linesep="\n"):
        if unixfrom:
            return super().as_bytes(unixfrom, linesep)
        folded, body = self._template.flattened(linesep)
        policy = self.policy.clone(linesep=linesep)
        out = []
        for name, value in self._headers:
            line = folded.get((name, value))
            if line is None:  # the recipient's own
                line = _fold(policy, name, value)
            out.append(line)
        out.append(linesep.encode())
        out.append(body.replace(LINK.encode(), self._link.encode()) if self._link else body)
        return b"".join(out)
