"""Ballot casting benchmark: PUT my-ballot/ from 32 clients against gunicorn, beside a one-INSERT view.

    .venv/bin/python bench/ballots.py [--voters 10000] [--clients 32] [--seconds 20]
                                      [--workers 3] [--threads 8] [--profile DIR]

What it does, on this machine:
  1. PostgreSQL database BENCH_DATABASE_URL (default cb_bench; created and migrated if missing)
     with a municipality, one community and a cycle in `voting` with two envelopes (the
     municipality-wide one and the community's, approval, 5 projects each) and N verified voters
     (users and voter keys bulk-created; each voter's JWT made with RefreshToken.for_user, not
     through the login endpoint). Every run starts from a fresh cycle.
  2. Its own redis-server on a spare port (cache, throttles and the Celery broker, as in
     production; no worker runs, so the ballot receipts wait in the queue) and gunicorn with
     production settings (DEBUG=0, secrets from the environment or bench-only ones, the ballot
     throttle raised so that it never answers 429 here) on a loopback port, with bench.settings (its URLs add the ceiling view).
  3. For --seconds each: --clients threads, each with its own keep-alive connection, PUT the
     ballot of one voter after another (both envelopes, 2 projects each); then the same clients
     POST /bench/insert/ (one INSERT behind the same middleware). Prints requests/s, p50, p99,
     errors, the ratio, and checks in the database that every voter has at most one ballot per
     envelope and that every 200 left exactly its ballots.

Workers: the machine has 2 cores, and a request spends about as long waiting for PostgreSQL as
it computes; gthread workers keep the clients' connections alive (the sync worker closes each
one). 3 processes x 8 threads: one process more than cores so a CPU is never idle while another
process waits on the database, and 24 threads so most of the 32 clients are served at once
without a pile of runnable threads fighting for the GIL. --profile DIR runs py-spy on every
worker during the ballot phase and writes their folded stacks there (flamegraph.pl or speedscope read them).

Goals: ballots/s >= 50% of the INSERT view's requests/s, p99 < 100 ms, 0 errors, exactly one
ballot per voter per envelope.
"""

import argparse
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOAL_RATIO, GOAL_P99_MS = 0.5, 100.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ensure_database(url: str):
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def wait_for(port: int, timeout=60.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"nothing listens on {port} after {timeout} s")


def world(n_voters: int):
    """A fresh voting cycle with two envelopes and n verified voters; returns (cycle, tokens)."""
    from decimal import Decimal

    from django.db import connection
    from django.utils import timezone
    from rest_framework_simplejwt.tokens import RefreshToken

    from accounts.models import User
    from cycles.models import Community, Cycle, Municipality
    from ideas.models import Idea
    from proposals.models import Proposal, ProposalStatus
    from voting.models import BallotProject, Envelope, VoterKey, voter_key_for

    town, _ = Municipality.objects.get_or_create(
        slug="bench-ballots", defaults={"name_ka": "ბენჩი", "name_en": "Bench"}
    )
    village, _ = Community.objects.get_or_create(
        municipality=town,
        slug="bench-village",
        defaults={"name_ka": "სოფელი", "name_en": "Village"},
    )
    year = 3000 + Cycle.objects.filter(municipality=town).count()
    now = timezone.now()
    day = timezone.timedelta(days=1)
    cycle = Cycle.objects.create(
        municipality=town,
        year=year,
        title_ka=f"ბენჩი {year}",
        title_en=f"Bench {year}",
        total_budget=Decimal("200000.00"),
        min_project_cost=Decimal("1000.00"),
        max_project_cost=Decimal("50000.00"),
        phase="voting",
        ballot_changes_allowed=True,
        idea_submission_starts=now - 90 * day,
        training_starts=now - 60 * day,
        jury_review_starts=now - 30 * day,
        voting_starts=now - day,
        results_starts=now + 30 * day,
        implementation_starts=now + 60 * day,
    )
    envelopes = [
        Envelope.objects.create(cycle=cycle, budget=Decimal("100000.00"), ballot_kind="approval"),
        Envelope.objects.create(
            cycle=cycle, community=village, budget=Decimal("100000.00"), ballot_kind="approval"
        ),
    ]
    projects = {}
    for envelope in envelopes:
        for i in range(5):
            title = f"Project {envelope.pk}-{i}"
            idea = Idea.objects.create(
                cycle=cycle, title=title, summary=title, estimated_cost=Decimal("10000"),
                channel="paper", community=envelope.community,
            )  # fmt: skip
            proposal = Proposal.objects.create(
                cycle=cycle, idea=idea, title=title, summary=title, community=envelope.community,
                total_cost=Decimal("10000"), status=ProposalStatus.SHORTLISTED,
            )  # fmt: skip
            projects.setdefault(envelope.pk, []).append(
                BallotProject.objects.create(
                    envelope=envelope, proposal=proposal, title=title, summary=title,
                    cost=Decimal("10000"),
                ).pk
            )  # fmt: skip
    have = User.objects.filter(municipality=town).count()
    users = [
        User(
            email=f"voter{i}@bench-ballots.ge",
            phone=f"+99559{i:07d}",
            phone_verified=True,
            name=f"Voter {i}",
            municipality=town,
            community=village,
            language="ka",
            password="!",
        )
        for i in range(have, n_voters)
    ]
    User.objects.bulk_create(users, batch_size=5000)
    voters = list(User.objects.filter(municipality=town).order_by("pk")[:n_voters])
    VoterKey.objects.bulk_create(
        [
            VoterKey(cycle=cycle, key=voter_key_for(f"{u.pk:011d}"), user=u, community=village)
            for u in voters
        ],
        batch_size=5000,
    )
    tokens = [str(RefreshToken.for_user(u).access_token) for u in voters]
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_ping (id bigserial PRIMARY KEY, at timestamptz)"
        )
        cursor.execute("TRUNCATE bench_ping")
    return cycle, envelopes, projects, tokens


def drive(port, seconds, clients, make_request, rate=None):
    """`clients` threads, one keep-alive connection each, for `seconds`; returns latencies, errors.

    Without `rate` each client sends its next request as soon as the last is answered (the
    machine's ceiling). With `rate` the clients together send `rate` requests a second on a
    fixed schedule, and a latency counts from when the request was due, so a request that had
    to wait for its client's previous one counts that wait too (no coordinated omission)."""
    stop = time.monotonic() + seconds
    latencies, errors, oks = [], [], []
    lock = threading.Lock()
    start = threading.Barrier(clients)
    every = clients / rate if rate else 0.0

    def client(c):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine, bad, good, i = [], [], [], 0
        start.wait()
        began = time.perf_counter()
        while time.monotonic() < stop:
            method, path, body, headers, tag = make_request(c, i)
            due = began + (i + c / clients) * every
            i += 1
            if rate:
                time.sleep(max(0.0, due - time.perf_counter()))
            t0 = due if rate else time.perf_counter()
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                data = response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as exc:
                bad.append(f"{type(exc).__name__}: {exc}")
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                continue
            mine.append(time.perf_counter() - t0)
            if status in (200, 201):
                good.append(tag)
            else:
                bad.append(f"{status} {data[:200]!r}")
        conn.close()
        with lock:
            latencies.extend(mine)
            errors.extend(bad)
            oks.extend(good)

    threads = [threading.Thread(target=client, args=(c,)) for c in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, errors, oks, time.perf_counter() - t0


def postgres_pids() -> list[int]:
    """Every PostgreSQL process of this machine (backends, WAL writer, checkpointer)."""
    from bench.fanout import pids_where  # noqa: PLC0415

    return pids_where(lambda pid: Path(f"/proc/{pid}/comm").read_text().strip() == "postgres")


def machine_cpu(workers, redis_pid) -> dict:
    """CPU seconds so far of each side of the benchmark, and of the whole machine (busy, from
    /proc/stat: every core's time that was neither idle nor waiting for the disk)."""
    import psycopg  # noqa: PLC0415

    from bench.fanout import cpu_seconds  # noqa: PLC0415

    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cb_bench")
    with psycopg.connect(url, autocommit=True) as conn:  # the whole cluster's WAL
        wal_bytes, wal_fpi = conn.execute("SELECT wal_bytes, wal_fpi FROM pg_stat_wal").fetchone()
    ticks = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = ticks[3] + ticks[4]
    return {
        "gunicorn": cpu_seconds(workers),
        "PostgreSQL": cpu_seconds(postgres_pids()),
        "Redis": cpu_seconds([redis_pid]),
        "clients": time.process_time(),  # this process: the client threads
        "machine": (sum(ticks[:8]) - idle) / os.sysconf("SC_CLK_TCK"),
        "wal": float(wal_bytes),
        "fpi": float(wal_fpi),
    }


def cpu_line(before, after, requests, elapsed) -> str:
    per = {k: 1000 * (after[k] - before[k]) / max(requests, 1) for k in before}
    wal, fpi = per.pop("wal") / 1000, per.pop("fpi") / 1000
    parts = ", ".join(f"{k} {v:.2f}" for k, v in per.items() if k != "machine")
    busy = (after["machine"] - before["machine"]) / elapsed
    return (
        f"CPU ms a request: {parts}; the machine {per['machine']:.2f} "
        f"(busy {busy:.2f} of {os.cpu_count()} cores); WAL {wal:,.0f} bytes a request "
        f"({fpi:.2f} full-page images)"
    )


def redis_commands(port) -> int:
    """Commands the benchmark's redis-server has processed so far (cache and broker)."""
    import redis  # noqa: PLC0415

    return redis.Redis(port=port).info("stats")["total_commands_processed"] - 1  # this INFO


def round_trips_of_one_cast(path, tokens, body, redis_port):
    """The SQL of one more first cast (the last voter's; the one before warms this process), run
    in this process as a worker runs it, and the Redis commands it sent: counted, so honest on a
    loaded machine."""
    from django.db import connection  # noqa: PLC0415
    from django.test import Client  # noqa: PLC0415
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415

    client = Client(HTTP_HOST="127.0.0.1")
    warm = {"HTTP_AUTHORIZATION": f"Bearer {tokens[0]}"}
    client.put(path, body, content_type="application/json", **warm)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {tokens[1]}"}
    before = redis_commands(redis_port)
    with CaptureQueriesContext(connection) as queries:
        r = client.put(path, body, content_type="application/json", **headers)
    used = redis_commands(redis_port) - before - 1
    if r.status_code != 200:
        print(f"  (the in-process cast answered {r.status_code}: {r.content[:200]!r})")
    return [q["sql"] for q in queries.captured_queries], used


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p))] * 1000 if values else float("nan")


def report(name, latencies, errors, elapsed):
    rate = len(latencies) / elapsed
    print(
        f"  {name:<26} {len(latencies):6d} requests  {rate:7.1f}/s  p50 {pct(latencies, 0.5):6.1f} ms"
        f"  p99 {pct(latencies, 0.99):6.1f} ms  errors {len(errors)}"
    )
    for e in sorted(set(errors))[:5]:
        print(f"      {e}")
    return rate


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--voters", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--profile", metavar="DIR", help="py-spy folded stacks of the workers")
    parser.add_argument(
        "--paced",
        type=float,
        default=100.0,
        metavar="R",
        help="then both views again at R requests/s in all (0: skip); latency at a load below the ceiling",
    )
    args = parser.parse_args()

    db_url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cb_bench")
    ensure_database(db_url)
    redis_port, port = free_port(), free_port()
    redis = subprocess.Popen(
        [shutil.which("redis-server") or "redis-server", "--port", str(redis_port), "--bind",
         "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no"],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    env = {
        **os.environ,
        "DATABASE_URL": db_url,
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-secret-key-" + "x" * 40),
        "VOTER_KEY_SECRET": os.environ.get("VOTER_KEY_SECRET", "bench-only-voter-key"),
        "SECURE_SSL_REDIRECT": "0",  # plain HTTP on loopback; TLS ends at the proxy in production
        "THROTTLE_BALLOT": "1000000/min",
        "THROTTLE_USER": "1000000/min",
        "LOG_LEVEL": "ERROR",
        "PYTHONPATH": str(ROOT),
    }
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count

    from voting.models import Ballot

    call_command("migrate", verbosity=0)
    print(f"world: a voting cycle with {args.voters} verified voters …", flush=True)
    t0 = time.perf_counter()
    cycle, envelopes, projects, tokens = world(args.voters)
    print(f"  ready in {time.perf_counter() - t0:.1f} s", flush=True)
    connection.close()

    log = Path(tempfile.mkdtemp(prefix="ballots-")) / "gunicorn.log"
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "civic_budget.wsgi", "--bind", f"127.0.0.1:{port}",
         "--worker-class", "gthread", "--workers", str(args.workers), "--threads",
         str(args.threads), "--keep-alive", "30", "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=open(log, "wb"), stderr=subprocess.STDOUT,  # noqa: SIM115
        start_new_session=True,
    )  # fmt: skip
    spies = []
    try:
        wait_for(port)
        next_voter = iter(range(len(tokens)))
        voter_lock = threading.Lock()
        bodies = [
            json.dumps(
                {
                    "envelopes": [
                        {"envelope": e.pk, "choices": projects[e.pk][k % 5 : k % 5 + 2]}
                        for e in envelopes
                    ]
                }
            )
            for k in range(4)
        ]
        path = f"/api/v1/cycles/{cycle.pk}/my-ballot/"

        def ballot(c, i):
            with voter_lock:
                v = next(next_voter, None)
            if v is None:  # every voter voted: go round again, changing ballots
                v = (c * 7919 + i) % len(tokens)
            headers = {"Authorization": f"Bearer {tokens[v]}", "Content-Type": "application/json"}
            return "PUT", path, bodies[v % 4], headers, v

        def ping(c, i):
            return "POST", "/bench/insert/", b"", {"Content-Length": "0"}, None

        # warm up: every worker imports, connects and fills its caches once, for both views (a
        # server that has been open for a minute of the vote); the warm-up ballots are counted
        # in the check of one ballot per voter below
        drive(port, 2, args.clients, ping)
        _lat, warm_errors, warm_ok, _el = drive(port, 2, args.clients, ballot)
        if warm_errors:
            print(f"  warm-up ballots: {len(warm_errors)} errors, e.g. {warm_errors[0]}")
        if args.profile:
            Path(args.profile).mkdir(parents=True, exist_ok=True)
            from bench.fanout import session_pids  # noqa: PLC0415

            for pid in session_pids(server.pid):
                if pid != server.pid:
                    spies.append(
                        subprocess.Popen(
                            [
                                str(Path(sys.executable).parent / "py-spy"),
                                "record",
                                "-p",
                                str(pid),
                                "-d",
                                str(int(args.seconds)),
                                "--format",
                                "raw",
                                "--nonblocking",
                                "-o",
                                str(Path(args.profile) / f"worker-{pid}.folded"),
                            ],
                            stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL,
                        )  # fmt: skip
                    )
        print(
            f"gunicorn gthread {args.workers} workers x {args.threads} threads, "
            f"{args.clients} clients, {args.seconds:.0f} s each, load average "
            f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs",
            flush=True,
        )
        from bench.fanout import cpu_seconds, session_pids  # noqa: PLC0415

        workers = [p for p in session_pids(server.pid) if p != server.pid]
        cpu0, redis0 = cpu_seconds(workers), redis_commands(redis_port)
        split0 = machine_cpu(workers, redis.pid)
        lat_b, err_b, ok_b, el_b = drive(port, args.seconds, args.clients, ballot)
        split_b = cpu_line(split0, machine_cpu(workers, redis.pid), len(lat_b), el_b)
        cpu_b, redis_b = cpu_seconds(workers) - cpu0, redis_commands(redis_port) - redis0
        for spy in spies:
            spy.wait(60)
        cpu0 = cpu_seconds(workers)
        split0 = machine_cpu(workers, redis.pid)
        lat_i, err_i, _ok, el_i = drive(port, args.seconds, args.clients, ping)
        split_i = cpu_line(split0, machine_cpu(workers, redis.pid), len(lat_i), el_i)
        cpu_i = cpu_seconds(workers) - cpu0
        paced = []
        if args.paced:
            for name, make in (("PUT my-ballot/", ballot), ("POST bench/insert/", ping)):
                lat, err, ok, _el = drive(port, args.seconds, args.clients, make, args.paced)
                paced.append((name, lat, err))
                if make is ballot:
                    warm_ok = warm_ok + ok  # counted in the one-ballot-per-voter check
        queries, redis_one = round_trips_of_one_cast(path, tokens[-2:], bodies[0], redis_port)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(30)
        redis.terminate()
    rate_b = report("PUT my-ballot/", lat_b, err_b, el_b)
    rate_i = report("POST bench/insert/ (1 INSERT)", lat_i, err_i, el_i)
    print(
        f"  server CPU a request (all gunicorn workers): ballot "
        f"{1000 * cpu_b / max(len(lat_b), 1):.1f} ms, INSERT view "
        f"{1000 * cpu_i / max(len(lat_i), 1):.1f} ms; Redis commands a ballot under load "
        f"{redis_b / max(len(lat_b), 1):.1f}"
    )
    for name, lat, err in paced:
        print(
            f"  at {args.paced:.0f} requests/s, {args.clients} clients: {name:<20} "
            f"{len(lat)} requests, p50 {pct(lat, 0.5):.1f} ms, p99 {pct(lat, 0.99):.1f} ms, "
            f"errors {len(err)}"
        )
    print(f"  ballots: {split_b}")
    print(f"  INSERT view: {split_i}")
    print(
        f"  one more cast, in-process: {len(queries)} database round trips, "
        f"{redis_one} Redis commands (the cache and the broker)"
    )
    for sql in queries:
        print(f"      {sql[:110]}")
    ratio = rate_b / rate_i if rate_i else 0.0
    p99 = pct(lat_b, 0.99)

    per_voter = (
        Ballot.objects.filter(envelope__cycle=cycle)
        .values("voter_tag", "envelope")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .count()
    )
    # the two in-process casts of round_trips_of_one_cast are 200s too
    voted = len(set(ok_b) | set(warm_ok) | {len(tokens) - 2, len(tokens) - 1})
    ballots = Ballot.objects.filter(envelope__cycle=cycle).count()
    exact = per_voter == 0 and ballots == voted * len(envelopes)
    print(
        f"  database: {ballots} ballots of {voted} voters who got a 200 in {len(envelopes)} "
        f"envelopes; voters with more than one ballot in an envelope: {per_voter}"
    )

    def mark(ok):
        return "ok" if ok else "MISSED"

    print("goals:")
    print(
        f"  ballots/s / insert/s = {ratio:.2f}  (goal >= {GOAL_RATIO})  {mark(ratio >= GOAL_RATIO)}"
    )
    print(
        f"  p99 = {p99:.1f} ms at the ceiling  (goal < {GOAL_P99_MS:.0f} ms)  "
        f"{mark(p99 < GOAL_P99_MS)}"
    )
    for _name, lat, _err in paced[:1]:  # the ballots
        p99_paced = pct(lat, 0.99)
        print(
            f"  p99 = {p99_paced:.1f} ms at {args.paced:.0f} ballots/s  (goal < "
            f"{GOAL_P99_MS:.0f} ms)  {mark(p99_paced < GOAL_P99_MS)}"
        )
    print(f"  errors = {len(err_b)}  (goal 0)  {mark(not err_b)}")
    print(f"  one ballot per voter per envelope: {mark(exact)}")
    if args.profile:
        print(f"  py-spy folded stacks: {args.profile}")


if __name__ == "__main__":
    main()
