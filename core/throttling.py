"""Rate limits that keep their promise when Redis is down, decided per limit.

`settings.THROTTLE_ON_OUTAGE` says, per throttle scope, what happens while the cache is
unreachable: "open" lets the request through (core.cache has logged and counted the outage),
"database" counts attempts in `core.models.Counter` instead, a fixed window per key. Limits that
stop guessing (passwords, SMS codes, voter verification) count in the database; limits that
only protect capacity fail open. A scope missing from the setting counts in the database.

`hit()`, `count()` and `reset()` are the same promise for code that is not a DRF throttle
(the login lockout in accounts/lockout.py).
"""

from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone
from rest_framework import throttling

from .cache import CacheUnavailable, strict
from .models import Counter
from .net import client_address

OPEN, DATABASE = "open", "database"


def hit(key: str, window: int) -> int:
    """Count one attempt at `key` in a window of `window` seconds; returns the attempts so far."""
    try:
        with strict():
            if cache.add(key, 1, window):
                return 1
            try:
                return cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.add(key, 1, window)
                return 1
    except CacheUnavailable:
        return _database_hit(key, window)


def count(key: str) -> int:
    """The attempts at `key` in its current window."""
    try:
        with strict():
            return cache.get(key, 0)
    except CacheUnavailable:
        now = timezone.now()
        row = Counter.objects.filter(key=key, expires_at__gt=now).values("count").first()
        return row["count"] if row else 0


def reset(key: str) -> None:
    """Forget the attempts at `key` (a successful login)."""
    try:
        with strict():
            cache.delete(key)
    except CacheUnavailable:
        Counter.objects.filter(key=key).delete()


def _database_hit(key: str, window: int) -> int:
    # one statement, so parallel attempts cannot both read the old count (PostgreSQL, SQLite)
    now = timezone.now()
    ops = connection.ops
    at, expires = (
        ops.adapt_datetimefield_value(now),
        ops.adapt_datetimefield_value(now + timedelta(seconds=window)),
    )
    table = ops.quote_name(Counter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {table} ("key", "count", "expires_at") VALUES (%s, 1, %s)
            ON CONFLICT ("key") DO UPDATE SET
                "count" = CASE WHEN {table}."expires_at" <= %s THEN 1
                               ELSE {table}."count" + 1 END,
                "expires_at" = CASE WHEN {table}."expires_at" <= %s THEN excluded."expires_at"
                                    ELSE {table}."expires_at" END
            RETURNING "count"
            """,
            [key[:200], expires, at, at],
        )
        return cursor.fetchone()[0]


def forget_expired() -> int:
    """Remove the database counters whose window has passed."""
    return Counter.objects.filter(expires_at__lte=timezone.now()).delete()[0]


class OutageAware:
    """A DRF throttle that asks settings.THROTTLE_ON_OUTAGE what to do when Redis is down,
    and knows the client by core.net.client_address (a forged X-Forwarded-For is not a new
    client)."""

    def get_ident(self, request):
        return client_address(request)

    def allow_request(self, request, view):
        self.retry_after = None
        try:
            with strict():
                return super().allow_request(request, view)
        except CacheUnavailable:
            # self.scope and self.key are known by now: DRF reads the cache only after both
            if settings.THROTTLE_ON_OUTAGE.get(self.scope, DATABASE) == OPEN:
                return True
            attempts = _database_hit(f"throttle:{self.key}", self.duration)
            if attempts <= self.num_requests:
                return True
            self.retry_after = self.duration
            return False

    def wait(self):
        if self.retry_after is not None:
            return self.retry_after
        return super().wait()


class AnonRateThrottle(OutageAware, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(OutageAware, throttling.UserRateThrottle):
    pass


class ScopedRateThrottle(OutageAware, throttling.ScopedRateThrottle):
    pass


class ThrottledTogether:
    """A view mixin: its rate throttles read their histories in ONE cache round trip (MGET) and
    write them in one more (a pipelined set_many per window), instead of a get and a set per
    throttle (the ballot's user and ballot limits were 4 Redis round trips; issue 18). Same
    sliding-window rule as DRF's SimpleRateThrottle. While Redis is unreachable every throttle
    falls back on its own, as OutageAware says (open or counted in the database)."""

    def check_throttles(self, request):
        durations = throttled_together(self, request)
        if durations is None:
            return super().check_throttles(request)
        if durations:
            self.throttled(request, max((d for d in durations if d is not None), default=None))


def throttled_together(view, request) -> list | None:
    """Check and count `view`'s throttles for `request` in two cache round trips: [] allowed
    (and counted), the throttles' waits if refused (and not counted), None if they cannot be
    taken together (not all rate throttles, or Redis unreachable: the caller checks them one by
    one, with their outage fallbacks)."""
    throttles = view.get_throttles()
    rated = [t for t in throttles if isinstance(t, OutageAware) and hasattr(t, "get_cache_key")]
    if len(rated) < 2 or len(rated) != len(throttles):
        return None
    try:
        with strict():
            return _check_together(rated, request, view)
    except CacheUnavailable:
        return None


def _check_together(throttles, request, view) -> list:
    keyed = []
    for throttle in throttles:
        throttle.retry_after = None
        if throttle.rate is None:
            continue
        throttle.key = throttle.get_cache_key(request, view)
        if throttle.key is not None:
            keyed.append(throttle)
    if not keyed:
        return []
    histories = cache.get_many([t.key for t in keyed])
    durations, writes = [], {}
    for throttle in keyed:
        throttle.now = throttle.timer()
        history = list(histories.get(throttle.key, []))
        while history and history[-1] <= throttle.now - throttle.duration:
            history.pop()
        throttle.history = history
        if len(history) >= throttle.num_requests:
            durations.append(throttle.wait())
            continue
        history.insert(0, throttle.now)
        writes.setdefault(throttle.duration, {})[throttle.key] = history
    for duration, values in writes.items():
        cache.set_many(values, duration)
    return durations
