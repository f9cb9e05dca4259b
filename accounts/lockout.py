"""Lockout after repeated failed logins: per account, whatever spelling of its login was typed.

`599111111`, `599-111-111`, `+995 599 111 111`, `x599111111`, `５９９１１１１１１` and
`ALICE@example.ge` name an account (accounts.models.UserManager.login_candidates); failures
count on the account itself, so changing the spelling starts nothing new. A login that names
no account counts against the client's address (core.net.client_address) instead, so one
machine cannot probe an unlimited number of logins either.

Per-address throttles stop one machine guessing; this stops many machines guessing one account.
The count lives in Redis and, while Redis is unreachable, in the database (core.throttling), so
an outage never turns into unlimited guessing.
"""

import hashlib

from core import throttling
from core.net import client_address

MAX_FAILURES = 8
# a village's households may share one address: unknown logins from it get more room
MAX_UNKNOWN_PER_ADDRESS = 30
WINDOW_SECONDS = 15 * 60


def account_key(user) -> str:
    return f"login-failures:user:{user.pk}"


def address_key(request) -> str:
    address = client_address(request) if request is not None else ""
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"login-failures:addr:{digest}"


def account_locked(user) -> bool:
    return throttling.count(account_key(user)) >= MAX_FAILURES


def address_locked(request) -> bool:
    return throttling.count(address_key(request)) >= MAX_UNKNOWN_PER_ADDRESS


def is_locked(login: str, request=None) -> bool:
    """Whether a login attempt with `login` from `request`'s client is refused for now."""
    from .models import User

    candidates = User.objects.login_candidates(login)
    if candidates:
        return all(account_locked(user) for user in candidates)
    return address_locked(request)


def register_failure(user, request=None) -> None:
    """A wrong password for `user` (or, with user None, a login that names no account)."""
    if user is None:
        throttling.hit(address_key(request), WINDOW_SECONDS)
    else:
        throttling.hit(account_key(user), WINDOW_SECONDS)


def clear(user) -> None:
    throttling.reset(account_key(user))
