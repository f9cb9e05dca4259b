"""Lockout after repeated failed logins, per login (e-mail or phone).

Per-IP throttles stop one machine guessing; this stops many machines guessing one account. The
count lives in Redis and, while Redis is unreachable, in the database (core.throttling), so an
outage never turns into unlimited guessing.
"""

import hashlib

from core import throttling

MAX_FAILURES = 8
WINDOW_SECONDS = 15 * 60


def _key(login: str) -> str:
    digest = hashlib.sha256((login or "").strip().lower().encode()).hexdigest()
    return f"login-failures:{digest}"


def is_locked(login: str) -> bool:
    return throttling.count(_key(login)) >= MAX_FAILURES


def register_failure(login: str) -> None:
    throttling.hit(_key(login), WINDOW_SECONDS)


def clear(login: str) -> None:
    throttling.reset(_key(login))
