"""Lockout after repeated failed logins, per login (e-mail or phone), kept in the cache.

Per-IP throttles stop one machine guessing; this stops many machines guessing one account.
"""

import hashlib

from django.core.cache import cache

MAX_FAILURES = 8
WINDOW_SECONDS = 15 * 60


def _key(login: str) -> str:
    digest = hashlib.sha256((login or "").strip().lower().encode()).hexdigest()
    return f"login-failures:{digest}"


def is_locked(login: str) -> bool:
    return cache.get(_key(login), 0) >= MAX_FAILURES


def register_failure(login: str) -> None:
    key = _key(login)
    if cache.add(key, 1, WINDOW_SECONDS):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, WINDOW_SECONDS)


def clear(login: str) -> None:
    cache.delete(_key(login))
