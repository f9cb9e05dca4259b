"""The one way the tests race: real threads against PostgreSQL, released together by a barrier.

    outcomes = race(lambda: services.x(...), lambda: services.x(...))
    outcomes = race_n(200, lambda i: api(user).put(...))

Each callable runs in its own thread with its own database connection (closed afterwards).
What it returns is kept, in the callables' order; a domain error (`core.errors.DomainError`, a
409 or 429 the loser of a race is meant to get) is kept as the exception itself. Anything else
fails the test with every thread's traceback: an unexpected exception, an HTTP response of 500
or more, a thread still running after `timeout`. Tests that race must be marked
`@pytest.mark.postgres` and `@pytest.mark.django_db(transaction=True)`.
"""

import threading
import traceback

import pytest
from django.db import close_old_connections, connection

from core.errors import DomainError

# PostgreSQL here allows 100 connections, shared with other test runs (and xdist workers): at
# most this many threads hold one at a time; the rest wait, already released by the barrier.
DB_SLOTS = 30


class Outcomes(list):
    """What each callable returned or raised (a domain error), in the callables' order."""

    @property
    def results(self) -> list:
        return [o for o in self if not isinstance(o, BaseException)]

    @property
    def refusals(self) -> list[str]:
        """The codes of the domain errors the losers got ("conflict", "already_voted", ...)."""
        return [o.code for o in self if isinstance(o, DomainError)]

    @property
    def statuses(self) -> list[int]:
        """The HTTP status of each response returned (for races through the API)."""
        return [o.status_code for o in self]


def race(*calls, expected=(DomainError,), slots=DB_SLOTS, timeout=120.0) -> Outcomes:
    assert calls, "nothing to race"
    if not isinstance(expected, tuple):
        expected = (expected,)
    barrier = threading.Barrier(len(calls))
    gate = threading.BoundedSemaphore(slots)
    out = [None] * len(calls)
    crashes = []

    def run(i, call):
        try:
            barrier.wait(timeout=timeout)
            with gate:
                try:
                    result = call()
                finally:
                    connection.close()
            status = getattr(result, "status_code", None)
            if isinstance(status, int) and status >= 500:
                raise AssertionError(f"HTTP {status}: {getattr(result, 'content', b'')[:500]!r}")
            out[i] = result
        except expected as exc:
            out[i] = exc
        except BaseException:  # noqa: BLE001  reported below, in the test's thread
            crashes.append(f"thread {i}:\n{traceback.format_exc()}")

    threads = [threading.Thread(target=run, args=(i, c), daemon=True) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout)
    close_old_connections()
    stuck = [i for i, t in enumerate(threads) if t.is_alive()]
    if stuck:
        crashes.append(f"threads {stuck} still running after {timeout} s")
    if crashes:
        pytest.fail(
            f"{len(crashes)} of {len(calls)} racing calls failed unexpectedly:\n"
            + "\n".join(crashes[:5]),
            pytrace=False,
        )
    return Outcomes(out)


def race_n(n: int, fn, **options) -> Outcomes:
    """`fn(0)`, ..., `fn(n - 1)` at once."""
    return race(*(lambda i=i: fn(i) for i in range(n)), **options)
