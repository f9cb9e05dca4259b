"""Structured logs: one line per request with a request id, carried into Celery tasks.

With LOG_FORMAT=json every log line is one JSON object (settings.LOGGING). The request line
has the method, the path (query values left out, long tokens and long digit runs masked: they
may be an unsubscribe token, a phone or a personal number), the route, status, duration, the
request id, the user's id and the client's address (core.net.client_address: the same
address the throttles and the login lockout count); never a body, a header, a name, a phone, an e-mail or a code.

The request id is the caller's X-Request-ID when it is well-formed, else a new one; it is
answered in the X-Request-ID header, added to every log line written while the request runs,
sent with every Celery task enqueued meanwhile and logged again if that task fails.
"""

import contextvars
import json
import logging
import re
import time
import uuid
from datetime import UTC, datetime

from .net import client_address

log = logging.getLogger("civic_budget.requests")
task_log = logging.getLogger("civic_budget.tasks")

request_id = contextvars.ContextVar("request_id", default=None)
HEADER = "X-Request-ID"
WELL_FORMED = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{7,99}")
SECRET_LOOKING = re.compile(r"\d{9,}|[A-Za-z0-9_:=-]{20,}")
# attributes every LogRecord has; anything else on a record was passed in `extra`. Django's
# error log passes the request itself, whose repr has the query string: left out.
STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request_id", "request"}


def new_request_id() -> str:
    return uuid.uuid4().hex


def masked(path: str) -> str:
    """The path with segments that may carry personal data or secrets replaced by `…`."""
    return "/".join(
        "…" if SECRET_LOOKING.search(segment) else segment for segment in path.split("/")
    )


class RequestIdFilter(logging.Filter):
    """Adds the current request id (or the Celery task's) to every record."""

    def filter(self, record):
        if not getattr(record, "request_id", None):
            record.request_id = request_id.get() or "-"
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record):
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or request_id.get(),
        }
        line.update({k: v for k, v in vars(record).items() if k not in STANDARD})
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


class RequestLogMiddleware:
    """Gives each request its id, answers it in X-Request-ID and logs one line when done."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get(HEADER, "")
        rid = given if WELL_FORMED.fullmatch(given) else new_request_id()
        token = request_id.set(rid)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[HEADER] = rid
            log.info("request", extra=self.fields(request, response, started))
            return response
        finally:
            request_id.reset(token)

    @staticmethod
    def fields(request, response, started) -> dict:
        match = getattr(request, "resolver_match", None)
        return {
            "method": request.method,
            "path": masked(request.path),
            "route": match.route if match else None,
            "query": sorted(request.GET.keys()) or None,
            "status": response.status_code,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            "user_id": _user_id(request),
            "client": client_address(request),
        }


def _user_id(request):
    user = getattr(request, "user", None)  # set by sessions, or by DRF for a token
    try:
        return user.pk if user is not None and user.is_authenticated else None
    except Exception:  # the session store is down: the line is still worth writing
        return None


# --- Celery: the request id travels with the task ---

_task_tokens = {}


def task_published(headers=None, **kwargs):
    rid = request_id.get()
    if rid and headers is not None:
        headers.setdefault("request_id", rid)


def _task_request_id(request) -> str | None:
    rid = getattr(request, "request_id", None)
    if rid is None:
        rid = (getattr(request, "headers", None) or {}).get("request_id")
    return rid


def task_started(task_id=None, task=None, **kwargs):
    rid = _task_request_id(task.request)
    if rid:  # an eager task runs inside the request and keeps its id
        _task_tokens[task_id] = request_id.set(rid)


def task_finished(task_id=None, **kwargs):
    token = _task_tokens.pop(task_id, None)
    if token is not None:
        request_id.reset(token)


def task_failed(sender=None, task_id=None, exception=None, **kwargs):
    task_log.error(
        "task failed",
        extra={
            "task": getattr(sender, "name", None),
            "task_id": task_id,
            "error": type(exception).__name__,
            "request_id": _task_request_id(sender.request) if sender else None,
        },
    )


def task_retried(sender=None, request=None, reason=None, **kwargs):
    task_log.warning(
        "task failed, will retry",
        extra={
            "task": getattr(sender, "name", None),
            "task_id": getattr(request, "id", None),
            "error": type(getattr(reason, "exc", None) or reason).__name__,
            "request_id": _task_request_id(request) if request else None,
        },
    )


def connect_celery_signals():
    from celery import signals

    signals.before_task_publish.connect(task_published, weak=False)
    signals.task_prerun.connect(task_started, weak=False)
    signals.task_postrun.connect(task_finished, weak=False)
    signals.task_failure.connect(task_failed, weak=False)
    signals.task_retry.connect(task_retried, weak=False)
