"""Redis goes down in the middle of a run and the site keeps answering (issue 15).

A real redis-server on a spare port is the cache (throttles, lockout) and the Celery broker of
this process, and a real Celery worker delivers notifications. Redis is stopped; residents
browse, log in, register, submit an idea, verify and vote, and staff enter a paper ballot: all
answer as usual. When Redis is back, the notifications written meanwhile are delivered once.
Needs PostgreSQL (the worker is another process) and redis-server.
"""

import json
import shutil
import time
from decimal import Decimal

import pytest
from django.test import Client

from cycles.phases import Phase
from notifications.models import Notification, Status
from notifications.services import requeue_stale
from tests import factories as f
from tests.conftest import needs, set_phase
from tests.notifications.processes import RedisServer, Worker, use_broker, wait_until

from .outage import forget_outage, redis_cache

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    needs(shutil.which("redis-server"), "needs redis-server"),
]

PASSWORD = "a-long-pass-123"
SLOW = 2.0  # seconds: an outage must cost milliseconds, never a hang


@pytest.fixture(scope="module")
def redis():
    server = RedisServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def worker(redis, django_db_setup, tmp_path_factory):
    old = use_broker(redis.url, False)
    process = Worker(redis_url=redis.url, tmp=tmp_path_factory.mktemp("outage-worker"))
    process.env.update({"LOG_FORMAT": "json", "LOG_LEVEL": "INFO"})
    try:  # whatever happens, the tests after these get their eager tasks back
        process.start()
        yield process
    finally:
        process.kill()
        use_broker(*old)


@pytest.fixture
def live(worker, redis, settings):
    """This process's cache and broker on the test's Redis, the worker running, Redis up."""
    if not redis.answers():
        redis.start()
    forget_outage()
    settings.CACHES = redis_cache(redis.url)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    worker.clear()
    yield worker
    forget_outage()
    if worker.process is not None and worker.process.poll() is not None:
        pytest.fail("the worker died:\n" + worker.log_tail())


@pytest.fixture
def town(terjola, vani):
    """Terjola votes (knapsack, 30,000 GEL); Vani collects ideas."""
    voting = f.CycleFactory(municipality=terjola, year=2026)
    envelope = f.EnvelopeFactory(cycle=voting, budget=Decimal("30000.00"), ballot_kind="knapsack")
    projects = [
        f.BallotProjectFactory(envelope=envelope, title=title, cost=Decimal(cost))
        for title, cost in (("Road", "20000.00"), ("Library", "5000.00"))
    ]
    set_phase(voting, Phase.VOTING)
    ideas = f.CycleFactory(municipality=vani, year=2026)
    category = f.CategoryFactory(cycle=ideas, slug="roads", name_en="Roads")
    people = {}
    for key, factory, municipality in (
        ("voter", f.UserFactory, terjola),
        ("staff", f.OrganizerFactory, terjola),
        ("author", f.UserFactory, vani),
    ):
        person = factory(municipality=municipality, email=f"{key}@example.ge", language="en")
        person.set_password(PASSWORD)
        person.save()
        people[key] = person
    return {
        "voting": voting,
        "envelope": envelope,
        "projects": projects,
        "ideas": ideas,
        "category": category,
        **people,
    }


class Timed:
    """Every answer of the run, with how long it took."""

    def __init__(self):
        self.answers = []

    def __call__(self, label, send):
        started = time.perf_counter()
        res = send()
        self.answers.append((label, res.status_code, time.perf_counter() - started))
        return res

    def slowest(self):
        # the schema is generated on each request (seconds of CPU on a loaded machine, with or
        # without Redis); it is checked for its status only
        return max((a for a in self.answers if a[0] != "/api/schema/"), key=lambda a: a[2])


def _everything_a_resident_and_staff_do(api, town, timed):
    voting, ideas = town["voting"], town["ideas"]
    anonymous = Client(HTTP_ACCEPT_LANGUAGE="en")
    for path in ("/", f"/cycles/{voting.pk}/", f"/cycles/{voting.pk}/record/", "/accounts/login/"):
        assert timed(path, lambda p=path: anonymous.get(p)).status_code == 200, path
    for path in (
        "/api/v1/cycles/",
        "/api/v1/municipalities/",
        f"/api/v1/ideas/?cycle={ideas.pk}",
        f"/api/v1/cycles/{voting.pk}/ballot/",
        "/api/schema/",
    ):
        assert timed(path, lambda p=path: api().get(p)).status_code == 200, path

    token = timed(
        "token",
        lambda: api().post(
            "/api/v1/auth/token/", {"login": "voter@example.ge", "password": PASSWORD}
        ),
    )
    assert token.status_code == 200, token.content
    web = Client(HTTP_ACCEPT_LANGUAGE="en")
    login = timed(
        "web login",
        lambda: web.post(
            "/accounts/login/", {"username": "author@example.ge", "password": PASSWORD}
        ),
    )
    assert login.status_code == 302 and "_auth_user_id" in web.session

    registered = timed(
        "register",
        lambda: api().post(
            "/api/v1/auth/register/",
            {
                "name": "Nino",
                "email": "nino@example.ge",
                "password": PASSWORD,
                "municipality": "vani",
                "language": "ka",
            },
        ),
    )
    assert registered.status_code == 201, registered.content

    idea = timed(
        "idea",
        lambda: api(town["author"]).post(
            "/api/v1/ideas/",
            {
                "cycle": ideas.pk,
                "title": "Street lights by the school",
                "summary": "Twenty LED lights from the school to the church.",
                "description": "The street is dark in winter evenings.",
                "category": town["category"].pk,
                "estimated_cost": "18500.00",
                "beneficiaries": "About 600 villagers",
            },
        ),
    )
    assert idea.status_code == 201, idea.content

    verified = timed(
        "voter verification",
        lambda: api(town["voter"]).post(
            f"/api/v1/cycles/{voting.pk}/voter-verification/",
            {"personal_number": "01024056789", "birth_date": "1985-03-14"},
            format="json",
        ),
    )
    assert verified.status_code in (200, 201), verified.content
    road, library = town["projects"]
    ballot = timed(
        "ballot",
        lambda: api(town["voter"]).put(
            f"/api/v1/cycles/{voting.pk}/my-ballot/",
            {"envelopes": [{"envelope": town["envelope"].pk, "choices": [road.pk, library.pk]}]},
            format="json",
        ),
    )
    assert ballot.status_code in (200, 201), ballot.content
    point = f.officer_point(voting, town["staff"])
    paper = timed(
        "paper ballot",
        lambda: api(town["staff"]).post(
            f"/api/v1/cycles/{voting.pk}/paper-ballots/",
            {
                "personal_number": "01024056790",
                "birth_date": "1979-11-02",
                "voting_point": point,
                "envelopes": [{"envelope": town["envelope"].pk, "choices": [library.pk]}],
            },
            format="json",
        ),
    )
    assert paper.status_code == 201, paper.content


def test_with_redis_down_everything_answers_and_the_mail_waits_until_it_is_back(
    live, redis, api, town
):
    api().get("/api/v1/cycles/")  # the cache in use while Redis is up
    redis.stop()
    timed = Timed()

    _everything_a_resident_and_staff_do(api, town, timed)

    assert all(status < 500 for _, status, _ in timed.answers), timed.answers
    label, _, seconds = timed.slowest()
    assert seconds < SLOW, f"{label} took {seconds:.2f}s with Redis down"
    waiting = Notification.objects.exclude(channel="inapp")
    assert waiting.exists(), "the registration and the idea write mail"
    assert not waiting.exclude(status=Status.PENDING).exists()

    redis.start()
    requeue_stale(pending_for=0)  # the beat task, once Redis is back
    # every row goes out, and the ballot's receipt (one row the worker splits) becomes its
    # e-mail and SMS rows, which go out too
    unsent = Notification.objects.exclude(channel="inapp").exclude(status=Status.SENT)
    wait_until(
        lambda: not unsent.exists(),
        60,
        message="delivery after the outage\n" + live.log_tail(),
    )
    receipts = Notification.objects.filter(kind="ballot_received", status=Status.SENT)
    assert receipts.filter(channel="split").exists() and receipts.filter(channel="email").exists()
    requeue_stale(pending_for=0)  # a second beat run changes nothing
    time.sleep(1.5)
    mail = live.emails()
    assert mail, "e-mail was delivered"
    assert all(len(ids) == 1 for ids in mail.values()), mail  # exactly once per recipient
    sms = live.sms()
    assert len(sms) == len({row[0] for row in sms})


def test_the_request_id_travels_to_the_worker_and_into_its_failure_log(live, api, town):
    res = api(town["author"]).post(
        "/api/v1/ideas/",
        {
            "cycle": town["ideas"].pk,
            "title": "A bus shelter by the school",
            "summary": "A roofed bench at the school bus stop.",
            "description": "Children wait for the bus in the rain.",
            "category": town["category"].pk,
            "estimated_cost": "4000.00",
            "beneficiaries": "About 120 pupils",
        },
        HTTP_X_REQUEST_ID="idea-submit-0000001",
    )
    assert res.status_code == 201 and res["X-Request-ID"] == "idea-submit-0000001"
    wait_until(
        lambda: (
            not Notification.objects.exclude(channel="inapp").filter(status=Status.PENDING).exists()
        ),
        30,
        message="the idea's receipt to be delivered\n" + live.log_tail(),
    )

    from core.logs import request_id
    from notifications.tasks import deliver

    token = request_id.set("enqueued-in-request-42")
    try:
        deliver.apply_async(args=[["not-a-row-id"]])  # fails in the worker
    finally:
        request_id.reset(token)

    def logged():
        lines = []
        for raw in live.log.read_text(errors="replace").splitlines():
            try:
                lines.append(json.loads(raw))
            except ValueError:
                continue
        return lines

    wait_until(
        lambda: any(
            line.get("logger") == "civic_budget.tasks"
            and line.get("request_id") == "enqueued-in-request-42"
            for line in logged()
        ),
        30,
        message="the failure logged with the request id\n" + live.log_tail(),
    )
    failure = next(line for line in logged() if line.get("request_id") == "enqueued-in-request-42")
    assert failure["task"] == "notifications.tasks.deliver" and failure["error"]
    assert any(
        line.get("request_id") == "idea-submit-0000001" and "succeeded" in line.get("message", "")
        for line in logged()
    ), "the delivery task enqueued by the submission logged with the submission's request id"
