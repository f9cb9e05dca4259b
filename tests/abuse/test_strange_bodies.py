"""Every API write, by the callers who get past its permission check (residents, organizers,
jurors, voting point staff), with a body of the wrong shape or type: an answer
in the error shape (or the write done, where an empty body is a valid one), never a 500."""

import json

import pytest
from django.db import transaction

from .test_authorization_matrix import (  # noqa: F401
    API,
    ROLES,
    WRITES,
    _api_client,
    _api_url,
    world,
)

BODIES = [
    ("application/json", b"null"),
    ("application/json", b"[]"),
    ("application/json", b'"text"'),
    ("application/json", b"1e400"),
    ("application/json", json.dumps({"a": [[[[[[[[[[[]]]]]]]]]]]}).encode()),
    ("application/json", b'{"id": "\\u0000", "envelopes": {"0": 1}}'),
    ("application/x-www-form-urlencoded", b"envelopes=1&choices=%00&name=%C2%B2"),
    (
        "multipart/form-data; boundary=x",
        b"--x\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--x--\r\n",
    ),
    ("multipart/form-data", b"no boundary"),
    ("text/plain", b"hello"),
    ("application/json; charset=latin-1", '{"name": "ბ"}'.encode()),
]


@pytest.mark.django_db
def test_a_write_with_a_strange_body_is_never_a_500_for_anyone(world):  # noqa: F811
    users, objects = world
    # the roles that reach the body of some write (anonymous and outsiders are refused before)
    roles = [r for r in ROLES if r in ("resident", "organizer", "juror", "staff")]
    clients = {role: _api_client(users[role]) for role in roles}
    for client in clients.values():
        client.raise_request_exception = False  # count every 500, not only the first
    writes = set()
    for key, (args, *_rest) in API.items():
        method, url = _api_url(key, args, objects)
        if method in WRITES:
            writes.add((method, url))
    failed = []
    for method, url in sorted(writes):
        for role in roles:
            for content_type, body in BODIES:
                with transaction.atomic():
                    response = clients[role].generic(method, url, body, content_type)
                    transaction.set_rollback(True)
                if response.status_code >= 500:
                    failed.append(f"{method} {url} as {role}, {content_type} {body[:30]!r}")
                elif response.status_code >= 400:
                    assert response.json()["error"]["code"], (method, url)
    assert failed == [], "\n".join(failed[:60])
