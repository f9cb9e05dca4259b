"""Pointing this process's cache at a Redis that is not there (or at a real one) in tests."""

from core.cache import outage


def redis_cache(url: str) -> dict:
    """settings.CACHES for the project's resilient Redis cache at `url`."""
    return {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
        }
    }


def forget_outage():
    """A new process's view of the cache: no outage seen yet."""
    outage.down_until, outage.warned_at, outage.unwarned = 0.0, None, 0
