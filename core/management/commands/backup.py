"""`manage.py backup [DIR]`: the database and the uploads, one folder per run, kept N days.

Each run writes DIR/<UTC time>/ with `database.dump` (pg_dump's custom format, for
`manage.py restore` or pg_restore) or `database.sqlite3` (the embedded default), and
`uploads.tar.gz` (MEDIA_ROOT). A run is written under a hidden name and renamed when complete,
so a crash never leaves something that looks like a backup. Folders older than
BACKUP_KEEP_DAYS days are removed afterwards; the newest is always kept.

`--check-age HOURS` writes nothing: it fails when the newest backup is older (the compose
backup service's health check).
"""

import os
import shutil
import sqlite3
import subprocess
import tarfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

STAMP = "%Y%m%dT%H%M%SZ"


def backup_dir(given=None) -> Path:
    return Path(given or os.environ.get("BACKUP_DIR") or settings.BASE_DIR / "backups")


def backups(root: Path) -> list[tuple[datetime, Path]]:
    """The complete backups under `root`, oldest first."""
    found = []
    for path in root.glob("*") if root.is_dir() else []:
        try:
            at = datetime.strptime(path.name, STAMP).replace(tzinfo=UTC)
        except ValueError:
            continue  # a hidden partial run, or anything else someone put there
        found.append((at, path))
    return sorted(found)


def postgres_command(program: str, *args) -> tuple[list[str], dict]:
    """`program` (pg_dump, pg_restore) pointed at settings' database; the password in the env."""
    db = settings.DATABASES["default"]
    command = [program, "--no-password", *args]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            command.append(f"{option}={db[key]}")
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return command, env


class Command(BaseCommand):
    help = "Back up the database and the uploads into DIR (default $BACKUP_DIR or ./backups)."

    def add_arguments(self, parser):
        parser.add_argument("dir", nargs="?", help="where backups are kept")
        parser.add_argument(
            "--keep-days",
            type=int,
            default=int(os.environ.get("BACKUP_KEEP_DAYS", 14)),
            help="remove backups older than this (default $BACKUP_KEEP_DAYS or 14)",
        )
        parser.add_argument(
            "--check-age",
            type=float,
            metavar="HOURS",
            help="write nothing; fail unless the newest backup is younger than HOURS",
        )

    def handle(self, *args, dir=None, keep_days, check_age=None, **options):
        root = backup_dir(dir)
        if check_age is not None:
            return self.check_age(root, check_age)
        root.mkdir(parents=True, exist_ok=True)
        now = datetime.now(UTC)
        final = root / now.strftime(STAMP)
        if final.exists():
            raise CommandError(f"{final} exists already; run again in a second")
        partial = root / f".partial-{final.name}"
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir()
        try:
            database = self.dump_database(partial)
            uploads = self.archive_uploads(partial)
            partial.rename(final)
        except BaseException:
            shutil.rmtree(partial, ignore_errors=True)
            raise
        removed = self.remove_old(root, now - timedelta(days=keep_days))
        sizes = ", ".join(
            f"{p.name} {(final / p.name).stat().st_size} bytes" for p in (database, uploads)
        )
        self.stdout.write(f"backup {final}: {sizes}; removed {removed} older")

    def dump_database(self, into: Path) -> Path:
        if connection.vendor == "postgresql":
            target = into / "database.dump"
            command, env = postgres_command(
                "pg_dump",
                "--format=custom",
                "--no-owner",
                f"--file={target}",
                f"--dbname={settings.DATABASES['default']['NAME']}",
            )
            done = subprocess.run(command, env=env, capture_output=True, text=True)
            if done.returncode:
                raise CommandError(f"pg_dump failed: {done.stderr.strip()}")
            return target
        if connection.vendor == "sqlite":
            target = into / "database.sqlite3"
            source = sqlite3.connect(settings.DATABASES["default"]["NAME"])
            copy = sqlite3.connect(target)
            try:
                source.backup(copy)  # consistent even while the app writes
            finally:
                copy.close()
                source.close()
            return target
        raise CommandError(f"no backup for a {connection.vendor} database")

    def archive_uploads(self, into: Path) -> Path:
        target = into / "uploads.tar.gz"
        media = Path(settings.MEDIA_ROOT)
        with tarfile.open(target, "w:gz") as archive:
            if media.is_dir():
                archive.add(media, arcname=".")
        return target

    def remove_old(self, root: Path, before: datetime) -> int:
        found = backups(root)
        old = [path for at, path in found[:-1] if at < before]  # never the newest
        for path in old:
            shutil.rmtree(path)
        return len(old)

    def check_age(self, root: Path, hours: float):
        found = backups(root)
        if not found:
            raise CommandError(f"no backup in {root}")
        age = datetime.now(UTC) - found[-1][0]
        if age > timedelta(hours=hours):
            raise CommandError(f"the newest backup ({found[-1][1].name}) is {age} old")
        self.stdout.write(f"newest backup {found[-1][1].name}, {age} old")
