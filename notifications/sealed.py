"""Secret context values (a phone code) are sealed at rest in the outbox and opened only to render.

notify(..., secret_context={"code": code}) stores them Fernet-encrypted under the context key
SEALED; render() opens them just before the text is sent. A dump of the outbox table, its
admin page and any log of a row therefore show a token, never the code. The key is derived from
SECRET_KEY, so rotating SECRET_KEY makes pending sealed rows unreadable: they render with the
placeholder blank, which for a ten-minute code is the right failure.
"""

import base64
import hashlib
import json

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings

SEALED = "_sealed"


def _fernet() -> Fernet:
    digest = hashlib.sha256(b"civic_budget.notifications.sealed:" + settings.SECRET_KEY.encode())
    return Fernet(base64.urlsafe_b64encode(digest.digest()))


def seal(values: dict) -> str:
    return _fernet().encrypt(json.dumps(values).encode()).decode()


def unseal(token) -> dict:
    try:
        return json.loads(_fernet().decrypt(str(token).encode()))
    except (InvalidToken, ValueError):
        return {}
