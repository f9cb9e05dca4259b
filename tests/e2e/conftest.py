"""Browser fixtures: Debian's chromium driven by Playwright against pytest-django's live server.

The tests never download a browser (`playwright install` fails offline): they launch
/usr/bin/chromium, which `.ci/run` installs; without it they are skipped with a clear reason on a
laptop and fail under CI=true (tests/conftest.py `needs`).
"""

import os
from pathlib import Path

import pytest

from tests.conftest import needs

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _why_no_browser():
    if not CHROMIUM.exists():
        return f"no browser: {CHROMIUM} is missing (apt-get install chromium; .ci/run does it)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "no browser driver: the playwright package is not installed (pip install -e .[dev])"
    return None


def pytest_collection_modifyitems(config, items):
    reason = _why_no_browser()
    for item in items:
        if item.get_closest_marker("e2e"):
            item.add_marker(needs(reason is None, reason or ""))


@pytest.fixture(scope="module", autouse=True)
def _orm_beside_playwright():
    """Playwright's sync API keeps an event loop running in this thread, so Django's ORM would
    refuse to run here ("SynchronousOnlyOperation") although nothing is asynchronous. Allowed
    for the browser modules only, and only while their browser is open (set up before it, torn
    down after it): the rest of the suite, and `check --deploy`, never see the variable."""
    old = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if old is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = old


@pytest.fixture(scope="module")
def browser():
    """One chromium per module, closed with it; every visit gets its own fresh context.

    Playwright keeps its own throw-away profile (`--user-data-dir` is refused by `launch`)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def screenshots():
    """The folder the screenshots go to, for review: artifacts/screenshots/ (git-ignored)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
