"""Pages benchmark: idea list and results pages (and their API twins) with 1,000 ideas.

    .venv/bin/python bench/pages.py [--ideas 1000] [--projects 50] [--runs 40]

In-process (Django test client), DEBUG off, on PostgreSQL BENCH_DATABASE_URL (default
cb_bench_pages; created and migrated if missing; every run builds a fresh cycle). For each page
it prints the query count on the first page of the list and with 10x less data (constant means
the same count) and the p50/p95 server time over --runs requests.

Goals: constant query count, p95 < 50 ms.
"""

import argparse
import contextlib
import io
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOAL_P95_MS = 50.0


def build(n_ideas, n_projects, voters):
    from decimal import Decimal

    from django.utils import timezone

    from accounts.models import User
    from cycles.models import Cycle, Municipality
    from cycles.services import advance
    from ideas.models import Category, Idea
    from proposals.models import Proposal, ProposalStatus
    from voting.models import Ballot, BallotProject, Choice, Envelope, VoterKey, voter_key_for

    town, _ = Municipality.objects.get_or_create(
        slug="bench-pages", defaults={"name_ka": "ბენჩი", "name_en": "Bench"}
    )
    year = 4000 + Cycle.objects.filter(municipality=town).count()
    now, day = timezone.now(), timezone.timedelta(days=1)
    cycle = Cycle.objects.create(
        municipality=town, year=year, title_ka=f"ბენჩი {year}", title_en=f"Bench {year}",
        total_budget=Decimal("500000.00"), min_project_cost=Decimal("1000"),
        max_project_cost=Decimal("50000"), phase="voting", idea_submission_starts=now - 90 * day,
        training_starts=now - 60 * day, jury_review_starts=now - 30 * day,
        voting_starts=now - day, results_starts=now + 30 * day,
        implementation_starts=now + 60 * day,
    )  # fmt: skip
    cats = [
        Category.objects.create(cycle=cycle, slug=f"c{i}", name_ka=f"კ{i}", name_en=f"C{i}")
        for i in range(5)
    ]
    have = User.objects.filter(municipality=town).count()
    User.objects.bulk_create(
        User(
            email=f"p{i}@bench-pages.ge",
            phone=f"+99557{i:07d}",
            name=f"Person {i}",
            municipality=town,
            password="!",
            phone_verified=True,
        )  # fmt: skip
        for i in range(have, max(voters, 200))
    )
    people = list(User.objects.filter(municipality=town).order_by("pk"))
    Idea.objects.bulk_create(
        Idea(
            cycle=cycle,
            author=people[i % len(people)],
            category=cats[i % 5],
            title=f"Idea {i}",
            summary=f"Summary of idea {i}",
            estimated_cost=Decimal("9000"),
            status="eligible",
        )  # fmt: skip
        for i in range(n_ideas)
    )
    envelope = Envelope.objects.create(
        cycle=cycle, budget=Decimal("500000.00"), ballot_kind="approval"
    )
    ideas = list(Idea.objects.filter(cycle=cycle).order_by("pk")[:n_projects])
    projects = []
    for idea in ideas:
        proposal = Proposal.objects.create(
            cycle=cycle, idea=idea, title=idea.title, summary=idea.summary,
            total_cost=Decimal("20000"), status=ProposalStatus.SHORTLISTED,
        )  # fmt: skip
        projects.append(
            BallotProject.objects.create(
                envelope=envelope,
                proposal=proposal,
                title=idea.title,
                summary=idea.summary,
                cost=Decimal("20000"),
            )  # fmt: skip
        )
    keys = VoterKey.objects.bulk_create(
        VoterKey(cycle=cycle, key=voter_key_for(f"{u.pk:011d}"), user=u, voted=True)
        for u in people[:voters]
    )
    ballots = Ballot.objects.bulk_create(
        Ballot(envelope=envelope, voter_tag=k.tag, channel="online") for k in keys
    )
    Choice.objects.bulk_create(
        Choice(ballot=b, project=projects[(i + j * 7) % len(projects)], points=1)
        for i, b in enumerate(ballots)
        for j in range(3)
    )
    advance(cycle=cycle, to="results", by=None, reason="bench")
    return cycle


def measure(client, url, runs):
    from django.db import connection

    queries = []  # an execute wrapper: request_started empties Django's own query log

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code, response.content[:300])
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return len(queries), statistics.median(times), times[int(len(times) * 0.95) - 1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ideas", type=int, default=1000)
    parser.add_argument("--projects", type=int, default=50)
    parser.add_argument("--voters", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    db_url = os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cb_bench_pages"
    )
    sys.path.insert(0, str(ROOT))
    from bench.ballots import ensure_database

    ensure_database(db_url)
    os.environ.update(
        DATABASE_URL=db_url, DEBUG="0", DJANGO_SETTINGS_MODULE="civic_budget.settings",
        SECRET_KEY=os.environ.get("SECRET_KEY", "bench-only-secret-key-" + "x" * 40),
        VOTER_KEY_SECRET=os.environ.get("VOTER_KEY_SECRET", "bench-only-voter-key"),
        SECURE_SSL_REDIRECT="0", LOG_LEVEL="ERROR", CELERY_TASK_ALWAYS_EAGER="1",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        THROTTLE_ANON="1000000/min", ALLOWED_HOSTS="testserver",
    )  # fmt: skip
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import override_settings

    # no collectstatic here: plain static URLs instead of the production manifest (through
    # override_settings, whose signal also drops a storage made before, e.g. at setup)
    override_settings(
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ).enable()

    call_command("migrate", verbosity=0)
    print(f"building: {args.ideas} ideas, {args.projects} projects, {args.voters} ballots …")
    with contextlib.redirect_stdout(io.StringIO()):  # the console SMS backend's winners' texts
        big = build(args.ideas, args.projects, args.voters)
        small = build(args.ideas // 10, args.projects // 10 or 1, args.voters // 10)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    pages = [
        ("idea list page", "/cycles/{}/ideas/"),
        ("ideas API", "/api/v1/ideas/?cycle={}"),
        ("results page", "/cycles/{}/results/"),
        ("results API", "/api/v1/cycles/{}/results/"),
    ]
    print(f"{'page':<16} {'queries':>8} {'(1/10 data)':>12} {'p50 ms':>8} {'p95 ms':>8}  goal")
    for name, template in pages:
        q_big, p50, p95 = measure(client, template.format(big.pk), args.runs)
        q_small, _p50, _p95 = measure(client, template.format(small.pk), 3)
        ok = q_big == q_small and p95 < GOAL_P95_MS
        print(
            f"{name:<16} {q_big:>8} {q_small:>12} {p50:>8.1f} {p95:>8.1f}  "
            f"constant queries, p95 < {GOAL_P95_MS:.0f} ms: {'ok' if ok else 'MISSED'}"
        )
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
