"""scripts/backup keeps BACKUP_KEEP_DAYS days of backups (never fewer than the newest), ignores
what a crashed run left, and `--check-age` tells the compose health check whether the nightly
backup ran (issue 15). Run on the embedded SQLite database, so it needs no server."""

import io
import os
import sqlite3
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from core.management.commands.backup import Command

ROOT = Path(__file__).resolve().parents[2]
STAMP = "%Y%m%dT%H%M%SZ"


def script(name, *args, tmp_path, database="db.sqlite3", media="media"):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / database}",
        "MEDIA_ROOT": str(tmp_path / media),
        "REDIS_URL": "",
    }
    return subprocess.run(
        [f"scripts/{name}", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def old_backup(root: Path, days: float) -> Path:
    path = root / (datetime.now(UTC) - timedelta(days=days, seconds=1)).strftime(STAMP)
    path.mkdir(parents=True)
    return path


def test_backups_older_than_the_retention_are_removed(tmp_path):
    root = tmp_path / "backups"
    ancient, recent, newest = old_backup(root, 30), old_backup(root, 3), old_backup(root, 0)
    (root / ".partial-20200101T000000Z").mkdir()  # a crashed run: not a backup
    removed = Command().remove_old(root, datetime.now(UTC) - timedelta(days=7))
    assert removed == 1
    assert sorted(p.name for p in root.iterdir()) == sorted(
        [".partial-20200101T000000Z", recent.name, newest.name]
    )
    assert not ancient.exists()


def test_the_newest_backup_is_kept_however_old(tmp_path):
    root = tmp_path / "backups"
    older, only = old_backup(root, 500), old_backup(root, 400)
    assert Command().remove_old(root, datetime.now(UTC)) == 1
    assert only.exists() and not older.exists()


def test_check_age_fails_without_a_recent_backup(tmp_path):
    root = tmp_path / "backups"
    with pytest.raises(CommandError, match="no backup"):
        call_command("backup", str(root), check_age=26)
    old_backup(root, 2)
    with pytest.raises(CommandError, match="old"):
        call_command("backup", str(root), check_age=26)
    old_backup(root, 0)
    call_command("backup", str(root), check_age=26, stdout=io.StringIO())


def test_an_embedded_sqlite_database_and_its_uploads_come_back(tmp_path):
    db = sqlite3.connect(tmp_path / "db.sqlite3")
    db.execute("CREATE TABLE idea (title TEXT)")
    db.execute("INSERT INTO idea VALUES ('Street lights in Chkhari')")
    db.commit()
    db.close()
    (tmp_path / "media" / "ideas").mkdir(parents=True)
    (tmp_path / "media" / "ideas" / "a.jpg").write_bytes(b"photo")
    root = tmp_path / "backups"
    made = script("backup", str(root), tmp_path=tmp_path)
    assert made.returncode == 0, made.stderr
    [backup] = root.iterdir()
    assert sorted(p.name for p in backup.iterdir()) == ["database.sqlite3", "uploads.tar.gz"]

    refused = script("restore", "--latest", str(root), tmp_path=tmp_path, database="new.sqlite3")
    assert refused.returncode != 0 and "--yes" in refused.stderr  # never without asking
    done = script(
        "restore", "--latest", str(root), "--yes",
        tmp_path=tmp_path, database="new.sqlite3", media="new-media",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    copy = sqlite3.connect(tmp_path / "new.sqlite3")
    assert copy.execute("SELECT title FROM idea").fetchall() == [("Street lights in Chkhari",)]
    assert (tmp_path / "new-media" / "ideas" / "a.jpg").read_bytes() == b"photo"
