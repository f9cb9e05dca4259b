"""Shared fixtures: named personas, API clients with real tokens, phase helpers."""

import os
import shutil
from pathlib import Path

import pytest
from django.db import connection
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from cycles.models import Cycle
from cycles.phases import Phase

from . import factories as f

# pytest-xdist's worker ("gw0", "gw1", ...): its own test database (pytest-django) and its own
# keys in the shared Redis, so one worker's throttle counts never reach another's users.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")


def _clear_cache():
    from django.core.cache import cache

    if not cache.key_prefix or not hasattr(getattr(cache, "_cache", None), "get_client"):
        cache.clear()  # no Redis (the embedded default): this process's own memory
        return
    try:  # only this worker's keys: the others are mid-test
        client = cache._cache.get_client(write=True)
        keys = list(client.scan_iter(f"{cache.key_prefix}:*"))
        if keys:
            client.delete(*keys)
    except Exception:  # noqa: BLE001  a test that stopped Redis clears nothing, as cache.clear()
        pass


@pytest.fixture(autouse=True)
def _eager_tasks(request):
    """Tasks run in the caller, as pytest_configure says, for every test but those that start a
    real worker: a broker test that pointed the Celery app elsewhere cannot leak into the next.

    Two pieces of Celery's process-wide state are put back too. An eager task runs inside
    `denied_join_result()`, which saves and restores a global flag: two threads running eager
    tasks at once (the live server of the browser tests, the races) can leave it set, and every
    later `.get()` then fails "Never call result.get() within a task". And eager tasks borrow a
    producer from kombu's process-wide pool, which a broker test may have closed."""
    if "worker" in request.fixturenames:
        return
    from celery._state import _set_task_join_will_block
    from kombu import pools

    from civic_budget.celery import app

    app.conf.task_always_eager = True
    _set_task_join_will_block(False)
    if any(getattr(pool, "_closed", False) for pool in pools._all_pools()):
        pools.reset()
        app._pool = None
        app.__dict__.get("amqp") and setattr(app.amqp, "_producer_pool", None)


@pytest.fixture(autouse=True)
def _media_and_cache(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    _clear_cache()


@pytest.fixture
def terjola(db):
    m = f.MunicipalityFactory(slug="terjola", name_ka="თერჯოლა", name_en="Terjola")
    f.CommunityFactory(municipality=m, slug="chkhari", name_ka="ჩხარი", name_en="Chkhari")
    return m


@pytest.fixture
def vani(db):
    return f.MunicipalityFactory(slug="vani", name_ka="ვანი", name_en="Vani")


@pytest.fixture
def cycle(terjola):
    """Terjola's cycle, in the ideas competition."""
    return f.CycleFactory(municipality=terjola, year=2026)


@pytest.fixture
def resident(terjola):
    return f.UserFactory(
        name="Alice",
        email="alice@example.ge",
        municipality=terjola,
        community=terjola.communities.first(),
    )


@pytest.fixture
def author(terjola):
    return f.UserFactory(
        name="Bob",
        email="bob@example.ge",
        municipality=terjola,
        community=terjola.communities.first(),
    )


@pytest.fixture
def organizer(terjola):
    return f.OrganizerFactory(name="Olga", email="olga@terjola.gov.ge", municipality=terjola)


@pytest.fixture
def juror(terjola):
    return f.UserFactory(name="Jury Juliet", email="juliet@example.ge", municipality=terjola)


@pytest.fixture
def outsider(vani):
    """A resident of another municipality."""
    return f.UserFactory(name="Oscar", email="oscar@vani.ge", municipality=vani)


@pytest.fixture
def vani_organizer(vani):
    return f.OrganizerFactory(name="Vera", email="vera@vani.gov.ge", municipality=vani)


@pytest.fixture
def client():
    """The Django test client, reading pages in English (tests assert English text)."""
    from django.test import Client

    return Client(HTTP_ACCEPT_LANGUAGE="en")


def _client(user=None, lang="en"):
    client = APIClient(HTTP_ACCEPT_LANGUAGE=lang)
    if user is not None:
        token = RefreshToken.for_user(user).access_token
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


@pytest.fixture
def api():
    """api(user=None, lang="en") -> an APIClient authenticated with a real JWT, as the app is."""
    return _client


def set_phase(cycle: Cycle, phase: str) -> Cycle:
    """Put a cycle straight into `phase` (tests only; the real path is cycles.services.advance)."""
    Cycle.objects.filter(pk=cycle.pk).update(phase=phase)
    cycle.refresh_from_db()
    return cycle


@pytest.fixture
def phase():
    return set_phase


def pytest_configure(config):
    # Tasks run in the caller unless a test starts a real worker (tests/notifications).
    from django.conf import settings

    from civic_budget.celery import app

    app.conf.task_always_eager = True
    # Hashing passwords with PBKDF2 costs ~0.3 s each; tests log in thousands of times.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # A notification naming a context key its sender does not give fails the test.
    settings.NOTIFICATIONS_STRICT_RENDERING = True
    if WORKER:
        for alias in settings.CACHES.values():
            alias["KEY_PREFIX"] = f"test-{WORKER}"
    if not hasattr(config, "workerinput"):  # once, before any xdist worker takes new ones
        shutil.rmtree(Path(__file__).resolve().parents[1] / "artifacts" / "screenshots", True)


CI = os.environ.get("CI") == "true"


def needs(available: bool, reason: str):
    """Mark a test that needs something from outside the project (a program, a browser).

    Without it the test is skipped on a laptop, and FAILS under CI=true, where `.ci/run`
    installs everything: CI never turns green by running fewer tests."""
    return pytest.mark.needs(available=bool(available), reason=reason)


def pytest_collection_modifyitems(config, items):
    postgres = connection.vendor == "postgresql"
    for item in items:
        if item.get_closest_marker("postgres"):
            item.add_marker(needs(postgres, "needs PostgreSQL (DATABASE_URL): races real threads"))


def pytest_runtest_setup(item):
    for marker in item.iter_markers("needs"):
        if not marker.kwargs["available"]:
            reason = marker.kwargs["reason"]
            if CI:
                pytest.fail(f"CI=true and a dependency is missing: {reason}", pytrace=False)
            pytest.skip(reason)


__all__ = ["Phase", "needs", "set_phase"]
