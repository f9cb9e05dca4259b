"""LOG_FORMAT=json: one JSON line per request with a request id and no personal data; the id is
answered in X-Request-ID and travels with the Celery tasks the request enqueues (issue 15)."""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from core.logs import JsonFormatter, RequestIdFilter

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery"


class Lines(logging.Handler):
    """What the console handler of LOG_FORMAT=json would print, one parsed line per record."""

    def __init__(self):
        super().__init__()
        self.addFilter(RequestIdFilter())
        self.setFormatter(JsonFormatter())
        self.lines = []

    def emit(self, record):
        self.lines.append(json.loads(self.format(record)))

    def requests(self):
        return [line for line in self.lines if line["logger"] == "civic_budget.requests"]


@pytest.fixture
def lines():
    handler = Lines()
    logger = logging.getLogger("civic_budget.requests")
    old_level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield handler
    logger.removeHandler(handler)
    logger.setLevel(old_level)


def test_each_request_is_one_line_with_its_id_status_and_duration(lines, api, cycle):
    res = api().get("/api/v1/cycles/?search=Terjola&phase=voting")
    [line] = lines.requests()
    assert res.status_code == 200
    assert line["request_id"] == res["X-Request-ID"] and len(line["request_id"]) == 32
    assert line["method"] == "GET" and line["path"] == "/api/v1/cycles/"
    assert line["status"] == 200 and line["duration_ms"] >= 0
    assert line["query"] == ["phase", "search"] and "Terjola" not in json.dumps(line)
    assert line["user_id"] is None


def test_a_well_formed_request_id_from_the_front_server_is_kept(lines, api, cycle):
    res = api().get("/api/v1/cycles/", HTTP_X_REQUEST_ID="caddy-4f1c2a9e-0001")
    assert res["X-Request-ID"] == "caddy-4f1c2a9e-0001"
    assert lines.requests()[0]["request_id"] == "caddy-4f1c2a9e-0001"


@pytest.mark.parametrize("given", ['x"}\n{"forged": 1', "short", "a" * 200, "ა" * 10])
def test_a_malformed_request_id_is_replaced(lines, api, cycle, given):
    res = api().get("/api/v1/cycles/", HTTP_X_REQUEST_ID=given)
    assert res["X-Request-ID"] != given and len(res["X-Request-ID"]) == 32


def test_a_login_logs_the_user_id_and_nothing_personal(lines, api, resident):
    resident.phone = "+995599123456"
    resident.set_password(PASSWORD)
    resident.save()
    res = api().post("/api/v1/auth/token/", {"login": "599 12 34 56", "password": PASSWORD})
    assert res.status_code == 200
    me = api(resident).get("/api/v1/me/")
    assert me.status_code == 200

    text = json.dumps(lines.lines, ensure_ascii=False)
    for personal in (PASSWORD, "599", "alice@example.ge", "Alice", res.json()["access"]):
        assert personal not in text, personal
    assert lines.requests()[-1]["user_id"] == resident.pk


def test_an_error_line_leaves_the_query_string_out():
    from django.test import RequestFactory

    request = RequestFactory().get("/api/v1/ideas/", {"search": "599123456 Alice"})
    record = logging.makeLogRecord(
        {"name": "django.request", "msg": "Internal Server Error: %s", "args": (request.path,)}
    )
    record.request, record.status_code = request, 500
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "Internal Server Error: /api/v1/ideas/"
    assert line["status_code"] == 500 and "Alice" not in json.dumps(line)


def test_tokens_and_long_numbers_in_a_path_are_masked(lines, client, db):
    client.get("/notifications/unsubscribe/eyJ1IjoxMiwiayI6InBoYXNlX2NoYW5nZWQifQ:1vXyZ/")
    client.get("/api/v1/voters/01024056789/")
    paths = [line["path"] for line in lines.requests()]
    assert paths == ["/notifications/unsubscribe/…/", "/api/v1/voters/…/"]


def test_the_request_id_is_sent_with_the_tasks_the_request_enqueues():
    from celery import signals

    from core.logs import request_id

    headers = {}
    token = request_id.set("req-0123456789")
    try:
        signals.before_task_publish.send(sender="notifications.tasks.deliver", headers=headers)
    finally:
        request_id.reset(token)
    assert headers["request_id"] == "req-0123456789"


def test_with_log_format_json_the_server_prints_json_lines(tmp_path):
    """The settings as production reads them: LOG_FORMAT=json, one JSON object per line."""
    script = (
        "import django; django.setup();"
        "from django.test import Client;"
        "print(Client().get('/healthz-not-here', HTTP_X_REQUEST_ID='probe-12345678').status_code)"
    )
    env = {
        **os.environ,
        "LOG_FORMAT": "json",
        "DJANGO_SETTINGS_MODULE": "civic_budget.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "REDIS_URL": "",
        "PYTHONPATH": str(ROOT),
    }
    done = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "404"
    logged = [json.loads(line) for line in done.stderr.splitlines() if line.strip()]
    request = [line for line in logged if line["logger"] == "civic_budget.requests"]
    assert request and request[0]["request_id"] == "probe-12345678"
    assert request[0]["status"] == 404 and request[0]["path"] == "/healthz-not-here"


def test_the_line_names_the_client_as_the_throttles_see_it(lines, api, cycle, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    api().get(
        "/api/v1/cycles/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.5"
    )
    api().get("/api/v1/cycles/", REMOTE_ADDR="192.0.2.9", HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert [line["client"] for line in lines.requests()] == ["203.0.113.5", "192.0.2.9"]
