"""The Redis cache, made to degrade: an unreachable Redis costs milliseconds and reads as a miss.

Every cache user in the project (throttles, the login lockout, anything cached later) goes
through this backend. When Redis does not answer:

- an operation fails fast (short socket timeouts in settings.CACHES) and, for
  `OUTAGE_BACKOFF_SECONDS` afterwards, is not even tried: a request that touches the cache
  five times pays for at most one failed connect;
- reads return the default (a miss), writes do nothing, `incr` raises ValueError as for a
  missing key, so a caller that tolerates a cold cache tolerates the outage;
- one warning a minute per process is logged, and `outage.errors` counts every failure
  (reported by /readyz);
- inside `strict()` the failure raises `CacheUnavailable` instead, for callers that must not
  treat an outage as "nothing counted yet" (core.throttling falls back to the database).
"""

import contextlib
import contextvars
import logging
import threading
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient

log = logging.getLogger(__name__)

OUTAGE_BACKOFF_SECONDS = 2.0
WARN_EVERY_SECONDS = 60.0


class CacheUnavailable(Exception):
    """Redis did not answer (raised only inside `strict()`)."""


class Outage:
    """What this process knows about the cache being down (one per process)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.errors = 0  # every failed or skipped operation since the process started
        self.down_until = 0.0
        self.warned_at = None
        self.unwarned = 0

    def down(self) -> bool:
        return time.monotonic() < self.down_until

    def report(self, exc: Exception) -> None:
        now = time.monotonic()
        with self.lock:
            self.errors += 1
            self.unwarned += 1
            self.down_until = now + OUTAGE_BACKOFF_SECONDS
            if self.warned_at is not None and now - self.warned_at < WARN_EVERY_SECONDS:
                return
            self.warned_at, count, self.unwarned = now, self.unwarned, 0
        log.warning(
            "cache unreachable (%d failed operations since the last warning); "
            "throttles and lockout degrade as settings say: %s",
            count,
            exc,
        )

    def skipped(self) -> None:
        with self.lock:
            self.errors += 1
            self.unwarned += 1


outage = Outage()
_strict = contextvars.ContextVar("cache_strict", default=False)


@contextlib.contextmanager
def strict():
    """Inside this block an unreachable cache raises CacheUnavailable instead of a miss."""
    token = _strict.set(True)
    try:
        yield
    finally:
        _strict.reset(token)


def _errors():
    import redis

    # redis-py's ConnectionError and TimeoutError; OSError for a socket that dies mid-reply
    return (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)


class _Miss(Exception):
    pass


def _guarded(name, on_outage):
    method = getattr(RedisCache, name)

    def guarded(self, *args, **kwargs):
        if outage.down():
            outage.skipped()
            return self._degrade(on_outage, None, args, kwargs)
        try:
            return method(self, *args, **kwargs)
        except _errors() as exc:
            outage.report(exc)
            return self._degrade(on_outage, exc, args, kwargs)

    guarded.__name__ = name
    guarded.__doc__ = method.__doc__
    return guarded


class _OneClient(RedisCacheClient):
    """Django's Redis client maker, keeping its `redis.Redis` per pool: Django makes a new one
    for every operation, and redis-py's constructor builds its table of ~250 reply callbacks
    each time (a quarter of a ballot's CPU went there with the throttles and the receipt;
    bench/cast_profile.py). One is safe to share: each command takes a connection from the
    pool, which also starts afresh in a forked process."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._client(connection_pool=self._get_connection_pool(index))
            self._clients[index] = client
        return client

    def set_many(self, data, timeout):
        """Django's, as one pipeline of `SET ... EX` without MULTI/EXEC around it: a cache's
        keys need no transaction, and Django's (MSET, an EXPIRE a key, inside MULTI ... EXEC)
        was five commands for a ballot's two throttles (issue 18)."""
        client = self.get_client(None, write=True)
        pipeline = client.pipeline(transaction=False)
        for key, value in data.items():
            value = self._serializer.dumps(value)
            if timeout is None:
                pipeline.set(key, value)
            elif timeout <= 0:  # as Django's set(): an expired key is no key
                pipeline.delete(key)
            else:
                pipeline.set(key, value, ex=timeout)
        pipeline.execute()


class ResilientRedisCache(RedisCache):
    """django's RedisCache; an outage reads as a miss (or CacheUnavailable inside strict())."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _OneClient

    def _degrade(self, on_outage, exc, args, kwargs):
        if _strict.get():
            raise CacheUnavailable(str(exc or "cache marked down")) from exc
        if on_outage is _Miss:
            raise ValueError("cache unavailable; key treated as missing")
        if on_outage == "default":  # get(key, default=None, version=None)
            return kwargs.get("default", args[1] if len(args) > 1 else None)
        return on_outage

    def ping(self) -> bool:
        """Whether Redis answers now (for /readyz); never raises."""
        try:
            return bool(self._cache.get_client(write=True).ping())
        except _errors() as exc:
            outage.report(exc)
            return False


for _name, _on_outage in {
    "get": "default",
    "get_many": {},
    "has_key": False,
    "add": False,
    "set": None,
    "set_many": [],
    "touch": False,
    "delete": False,
    "delete_many": None,
    "incr": _Miss,
    "decr": _Miss,
    "clear": False,
}.items():
    setattr(ResilientRedisCache, _name, _guarded(_name, _on_outage))
