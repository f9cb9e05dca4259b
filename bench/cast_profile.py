"""Where a ballot's server CPU goes: N first casts in this process, under cProfile.

    .venv/bin/python bench/cast_profile.py               # 300 casts, top 35 by own time
    .venv/bin/python bench/cast_profile.py --casts 1000 --sort cumulative

The same settings, database and world as bench/ballots.py (production settings, DEBUG off, a
redis-server of its own as cache and broker), the same request through Django's test client
(no HTTP server, no other process): CPU per cast without the profiler, then the profile.
"""

import argparse
import cProfile
import os
import pstats
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.ballots import ensure_database, free_port, world  # noqa: E402
from bench.fanout import cpu_seconds  # noqa: E402


def database_backend() -> int:
    """The pid of this process's PostgreSQL backend (on this machine: its CPU is in /proc)."""
    from django.db import connection  # noqa: PLC0415

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--casts", type=int, default=300)
    parser.add_argument("--sort", default="tottime")
    parser.add_argument("--top", type=int, default=35)
    args = parser.parse_args()
    db_url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cb_bench")
    ensure_database(db_url)
    redis_port = free_port()
    redis = subprocess.Popen(
        [shutil.which("redis-server") or "redis-server", "--port", str(redis_port), "--bind",
         "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    os.environ.update(
        DATABASE_URL=db_url,
        REDIS_URL=f"redis://127.0.0.1:{redis_port}/0",
        CELERY_TASK_ALWAYS_EAGER="0",
        DJANGO_SETTINGS_MODULE="bench.settings",
        DEBUG="0",
        SECRET_KEY=os.environ.get("SECRET_KEY", "bench-only-secret-key-" + "x" * 40),
        VOTER_KEY_SECRET=os.environ.get("VOTER_KEY_SECRET", "bench-only-voter-key"),
        SECURE_SSL_REDIRECT="0",
        THROTTLE_BALLOT="1000000/min",
        THROTTLE_USER="1000000/min",
        LOG_LEVEL="ERROR",
        BENCH_VIEWS="1",
    )
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.test import Client

        call_command("migrate", verbosity=0)
        n = 2 * args.casts + 10
        cycle, envelopes, projects, tokens = world(n)
        body = {"envelopes": [{"envelope": e.pk, "choices": projects[e.pk][:2]} for e in envelopes]}
        path = f"/api/v1/cycles/{cycle.pk}/my-ballot/"
        client = Client(HTTP_HOST="127.0.0.1")

        def cast(token):
            r = client.put(
                path, body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
            )
            assert r.status_code == 200, r.content[:300]

        for token in tokens[:10]:  # imports, connections, the per-process caches
            cast(token)
        plain, profiled = tokens[10 : 10 + args.casts], tokens[10 + args.casts :]
        backend = database_backend()
        started, database = time.process_time(), cpu_seconds([backend])
        for token in plain:
            cast(token)
        cpu = (time.process_time() - started) / len(plain)
        database = (cpu_seconds([backend]) - database) / len(plain)
        print(
            f"{len(plain)} first casts in-process: {1000 * cpu:.2f} ms of CPU a cast, and "
            f"{1000 * database:.2f} ms of its PostgreSQL backend's"
        )
        client.post("/bench/insert/")
        started, database = time.process_time(), cpu_seconds([backend])
        for _ in plain:
            assert client.post("/bench/insert/").status_code < 300
        floor = (time.process_time() - started) / len(plain)
        database = (cpu_seconds([backend]) - database) / len(plain)
        print(
            f"the one-INSERT view in-process: {1000 * floor:.2f} ms of CPU a request, and "
            f"{1000 * database:.2f} ms of its PostgreSQL backend's"
        )
        profile = cProfile.Profile(time.process_time)  # CPU, not the waits for PostgreSQL
        profile.enable()
        for token in profiled:
            cast(token)
        profile.disable()
        stats = pstats.Stats(profile)
        by_package: dict[str, float] = {}
        for (filename, _line, _name), (_cc, _nc, own, _cum, _callers) in stats.stats.items():
            part = (
                filename.split("site-packages/")[-1].split("/")[0]
                if "site-packages" in filename
                else ("ours" if str(ROOT) in filename else "python")
            )
            by_package[part] = by_package.get(part, 0.0) + own
        total = sum(by_package.values())
        print(
            "own CPU by package: "
            + ", ".join(
                f"{k} {100 * v / total:.0f}%"
                for k, v in sorted(by_package.items(), key=lambda kv: -kv[1])[:12]
            )
        )
        stats.sort_stats(args.sort).print_stats(args.top)
    finally:
        redis.terminate()


if __name__ == "__main__":
    main()
