"""A redis-server and a Celery worker as real processes, for the delivery tests."""

import email
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

from django.conf import settings as django_settings

ROOT = Path(__file__).resolve().parents[2]


def use_broker(url, eager):
    """Point this (test) process's Celery app at `url`, with fresh connection pools.

    kombu keeps its pools in a process-wide registry keyed by the broker's address: closing
    the app's pool and forgetting it is not enough, the next `app.pool` would get the same
    closed pool back ("Acquire on closed pool"). `pools.reset()` closes and forgets them all.
    Returns what to pass back to restore the previous broker."""
    from kombu import pools

    from civic_budget.celery import app

    old = (app.conf.broker_url, app.conf.task_always_eager)
    pools.reset()
    app._pool = None
    app.__dict__.get("amqp") and setattr(app.amqp, "_producer_pool", None)
    app.conf.broker_url, app.conf.task_always_eager = url, eager
    return old


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(condition, timeout=30.0, interval=0.05, message="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {message}")


class RedisServer:
    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server") or "redis-server",
                "--port", str(self.port),
                "--bind", "127.0.0.1",
                "--save", "",
                "--appendonly", "no",
                "--daemonize", "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_until(self.answers, 10, message="redis-server to start")

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
        self.process = None


class Worker:
    """`celery worker` in its own process group, so a SIGKILL takes the pool down with it."""

    def __init__(self, *, redis_url, tmp, concurrency=2):
        self.tmp = Path(tmp)
        self.mail_dir = self.tmp / "mail"
        self.sms_file = self.tmp / "sms.txt"
        self.mail_dir.mkdir(parents=True, exist_ok=True)
        db = django_settings.DATABASES["default"]
        auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.notifications.worker_settings",
            "DATABASE_URL": f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
            "REDIS_URL": redis_url,
            "CELERY_TASK_ALWAYS_EAGER": "0",
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(self.mail_dir),
            "SMS_BACKEND": "tests.notifications.recording.FileSMSBackend",
            "SMS_FILE": str(self.sms_file),
            "PYTHONPATH": str(ROOT),
        }
        self.concurrency = concurrency
        self.process = None
        self.log = self.tmp / "worker.log"

    def start(self):
        self.process = subprocess.Popen(
            [
                sys.executable, "-m", "celery", "-A", "civic_budget", "worker",
                "--pool=prefork", f"--concurrency={self.concurrency}", "--loglevel=INFO",
                "--without-gossip", "--without-mingle", "--without-heartbeat",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=open(self.log, "ab"),  # noqa: SIM115 (the process owns it)
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip

    def kill(self):
        """SIGKILL the worker and its pool at once, as a crashed machine would."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)
        self.process = None

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()
        self.process = None

    def log_tail(self) -> str:
        return self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""

    def clear(self):
        shutil.rmtree(self.mail_dir, ignore_errors=True)
        self.mail_dir.mkdir()
        self.sms_file.unlink(missing_ok=True)

    def emails(self) -> dict:
        """recipient -> Message-IDs of every e-mail the worker wrote (duplicates included)."""
        out = defaultdict(list)
        separator = b"\n" + b"-" * 79 + b"\n"
        for path in self.mail_dir.glob("*.log"):
            for raw in path.read_bytes().split(separator):
                if raw.strip():
                    msg = email.message_from_bytes(raw)
                    out[msg["To"]].append(msg["Message-ID"])
        return out

    def sms(self) -> list[list[str]]:
        if not self.sms_file.exists():
            return []
        return [line.split("\t") for line in self.sms_file.read_text().splitlines()]
