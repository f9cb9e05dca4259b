"""Fan-out benchmark: "voting opened" to every verified resident of a municipality, end to end.

    .venv/bin/python bench/fanout.py [--residents 50000] [--concurrency N] [--keep]
        [--profile /tmp/fanout]   # py-spy folded stacks of each worker process

What it does, on this machine:
  1. PostgreSQL database BENCH_DATABASE_URL (default cb_notifications_bench; created and
     migrated if missing) with a municipality of N verified residents (made once, reused);
     all have an e-mail address and a verified phone, one in ten a registered phone (push).
  2. Its own redis-server on a spare port, and ONE `celery worker` process (prefork pool of
     --concurrency processes, default twice the CPUs: a delivery mostly waits) whose e-mail backend builds every
     message in full (headers, unsubscribe link, MIME) and discards it, and whose SMS and push
     backends discard the text: the benchmark measures our side, not a provider's.
  3. Times `notify("voting_opened", residents_queryset, ...)` in one transaction (the outbox
     written with chunked bulk inserts), the commit, the enqueueing of the delivery tasks, and
     the delivery, until no row of the fan-out is pending or sending. Prints the figures.

The goal is under 60 s for 50,000 residents.
"""

import argparse
import atexit
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KIND = "voting_opened"


class NullEmailBackend:
    """Builds each message as SMTP would send it, then drops it."""

    def __init__(self, *args, **kwargs):
        pass

    def open(self):
        return True

    def close(self):
        pass

    def send_messages(self, messages):
        for message in messages:
            message.message().as_bytes()
        return len(messages)


class NullSMSBackend:
    def send(self, phone, text, *, key=""):
        pass

    def send_many(self, messages):  # a provider's batch API: one request for the batch
        return [None for _ in messages]


class NullPushBackend:
    def send(self, token, title, body, *, key=""):
        pass


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pids) -> float:
    """User + system CPU time of these processes (Linux /proc), to tell our cost from the
    machine's load: on a busy machine the wall time mostly measures waiting for a CPU."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


def pids_where(test) -> list[int]:
    """The pids of this machine's processes for which test(pid) is true (Linux /proc)."""
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if test(int(entry.name)):
                    out.append(int(entry.name))
            except OSError:  # gone meanwhile
                pass
    return out


def session_pids(sid: int) -> list[int]:
    return pids_where(lambda pid: os.getsid(pid) == sid)


def database_backends_cpu() -> dict:
    """{pid: CPU seconds} of the PostgreSQL processes serving other connections to this
    database (the worker's; PostgreSQL runs on this machine): its share of the fan-out."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
        )
        return {pid: cpu_seconds([pid]) for (pid,) in cursor.fetchall()}


def ensure_database(url: str):
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def ensure_residents(n: int):
    from accounts.models import User
    from cycles.models import Municipality
    from notifications.models import Device

    town, _ = Municipality.objects.get_or_create(
        slug=f"bench-fanout-{n}", defaults={"name_ka": f"ბენჩი {n}", "name_en": f"Bench {n}"}
    )
    have = town.residents.count()
    batch = []
    for i in range(have, n):
        batch.append(
            User(
                email=f"resident{i}@bench-{n}.ge",
                phone=f"+9955{len(str(n))}{i:07d}",  # one phone range per town size
                phone_verified=True,
                name=f"Resident {i}",
                municipality=town,
                language="ka" if i % 3 else "en",
                password="!",
            )
        )
        if len(batch) == 5000:
            User.objects.bulk_create(batch)
            batch = []
    User.objects.bulk_create(batch)
    with_device = set(Device.objects.filter(user__municipality=town).values_list("user", flat=True))
    Device.objects.bulk_create(
        Device(user_id=pk, token=f"bench-token-{pk}")
        for pk in town.residents.order_by("pk").values_list("pk", flat=True)[: n // 10]
        if pk not in with_device
    )
    return town


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--residents", type=int, default=50_000)
    parser.add_argument("--concurrency", type=int, default=2 * (os.cpu_count() or 1))
    parser.add_argument(
        "--batch", type=int, default=50, help="NOTIFICATIONS_BATCH of the worker (crash window)"
    )
    parser.add_argument("--keep", action="store_true", help="keep this run's outbox rows")
    parser.add_argument(
        "--profile", metavar="PREFIX", help="py-spy the worker's processes into PREFIX.<pid>.txt"
    )
    args = parser.parse_args()

    db_url = os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cb_notifications_bench"
    )
    ensure_database(db_url)
    port = free_port()
    redis_url = f"redis://127.0.0.1:{port}/0"
    redis = subprocess.Popen(
        [shutil.which("redis-server") or "redis-server", "--port", str(port), "--bind",
         "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no"],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    env = {
        **os.environ,
        "DATABASE_URL": db_url,
        "REDIS_URL": redis_url,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "EMAIL_BACKEND": "bench.fanout.NullEmailBackend",
        "SMS_BACKEND": "bench.fanout.NullSMSBackend",
        "PUSH_BACKEND": "bench.fanout.NullPushBackend",
        "DJANGO_SETTINGS_MODULE": "civic_budget.settings",
        # as in production: DEBUG would keep every query of the worker in memory
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-secret-key"),
        "VOTER_KEY_SECRET": os.environ.get("VOTER_KEY_SECRET", "bench-only-voter-key"),
        "NOTIFICATIONS_BATCH": str(args.batch),
        "PYTHONPATH": str(ROOT),
    }
    os.environ.update(env)
    atexit.register(redis.terminate)  # also when setting up fails
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.db.models import Count

    from notifications.models import Notification
    from notifications.services import notify

    call_command("migrate", verbosity=0)
    Notification.objects.filter(subject__startswith="bench:").delete()  # an interrupted run's
    with connection.cursor() as cursor:
        # what autovacuum does on a production server (this machine's PostgreSQL runs without
        # it): the rows earlier runs deleted, gone; statistics of an outbox with no backlog
        cursor.execute(f"VACUUM (ANALYZE) {Notification._meta.db_table}")
    print(f"residents: preparing {args.residents} …", flush=True)
    town = ensure_residents(args.residents)
    residents = town.residents.filter(is_active=True, phone_verified=True)
    count = residents.count()

    log = Path(tempfile.mkdtemp(prefix="fanout-")) / "worker.log"
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "civic_budget", "worker", "--pool=prefork",
         f"--concurrency={args.concurrency}", "--loglevel=WARNING", "--without-gossip",
         "--without-mingle", "--without-heartbeat"],
        cwd=ROOT, env=env, stdout=open(log, "wb"), stderr=subprocess.STDOUT,  # noqa: SIM115
        start_new_session=True,
    )  # fmt: skip
    # let the worker boot and fork its pool: its start-up is not part of the fan-out
    booting = time.monotonic() + 60
    while len(session_pids(worker.pid)) <= args.concurrency and time.monotonic() < booting:
        time.sleep(0.2)
    time.sleep(2)
    boot_cpu = cpu_seconds(session_pids(worker.pid))
    spies = []
    if args.profile:  # py-spy on the worker and each pool process, folded stacks per process
        for pid in session_pids(worker.pid):
            spies.append(
                subprocess.Popen(
                    [
                        shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy"),
                        "record",
                        "--pid",
                        str(pid),
                        "--format",
                        "raw",
                        "--rate",
                        "100",
                        "--output",
                        f"{args.profile}.{pid}.txt",
                    ],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )  # fmt: skip
            )
    subject = f"bench:{time.time_ns()}"
    try:
        started = time.perf_counter()
        with transaction.atomic():
            notify(
                KIND,
                residents,
                {"cycle": 0, "cycle_title": {"ka": "ბიუჯეტი 2027", "en": "Budget 2027"}},
                subject=subject,
            )
            written = time.perf_counter()
        committed = time.perf_counter()  # on_commit enqueued the delivery tasks
        rows = Notification.objects.filter(subject=subject)
        total = rows.count()
        backends = {}  # PostgreSQL's CPU for the worker's connections, last seen per process
        while rows.filter(status__in=["pending", "sending"]).exists():
            if worker.poll() is not None:
                raise SystemExit("the worker died:\n" + log.read_text()[-3000:])
            backends.update(database_backends_cpu())
            time.sleep(0.25)
        done = time.perf_counter()
        backends.update(database_backends_cpu())
        worker_cpu = cpu_seconds(session_pids(worker.pid))
        by_status = dict(rows.values_list("status").annotate(n=Count("id")))
        by_channel = dict(rows.values_list("channel").annotate(n=Count("id")))
    finally:
        for spy in spies:
            spy.send_signal(signal.SIGINT)  # py-spy writes its file on SIGINT
            spy.wait(30)
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(30)
        redis.terminate()
    delivered = total - by_channel.get("inapp", 0)
    print(f"fan-out of {KIND!r} to {count} residents: {total} outbox rows {by_channel}")
    print(f"  outbox written (bulk inserts):  {written - started:7.1f} s")
    print(f"  commit + enqueue tasks:         {committed - written:7.1f} s")
    print(
        f"  delivery ({delivered} messages, 1 worker x {args.concurrency}): "
        f"{done - committed:7.1f} s  ({delivered / max(done - committed, 1e-9):.0f}/s)"
    )
    print(f"  statuses: {by_status}")
    cpus = os.cpu_count() or 1
    load = os.getloadavg()[0]
    print(
        f"  worker CPU time: {worker_cpu:.1f} s ({1000 * worker_cpu / max(delivered, 1):.2f} ms a "
        f"message); load average {load:.1f} on {cpus} CPUs; batch {args.batch}"
    )
    fan_out_cpu = worker_cpu - boot_cpu
    print(
        f"  of which booting {boot_cpu:.1f} s; the fan-out {fan_out_cpu:.1f} s "
        f"({1000 * fan_out_cpu / max(delivered, 1):.2f} ms a message)"
    )
    database_cpu = sum(backends.values())
    print(
        f"  PostgreSQL CPU for the worker's connections: {database_cpu:.1f} s "
        f"({1000 * database_cpu / max(delivered, 1):.2f} ms a message); on an idle machine the "
        f"delivery needs at least (worker + PostgreSQL) / CPUs = "
        f"{(fan_out_cpu + database_cpu) / cpus:.1f} s"
    )
    print(f"END TO END: {done - started:.1f} s (goal < 60 s)")
    if not args.keep:
        Notification.objects.filter(subject=subject).delete()


if __name__ == "__main__":
    main()
