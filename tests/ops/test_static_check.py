"""Without collectstatic, DEBUG=0 answers 500 on every page: `check --deploy` says so first
(issue 15)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def manage(tmp_path, static_root, *args):
    """manage.py with production's settings (DEBUG=0), static files kept in `static_root`."""
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "x" * 60,
        "VOTER_KEY_SECRET": "y" * 40,
        "ALLOWED_HOSTS": "budget.terjola.gov.ge",
        "STATIC_ROOT": str(static_root),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "REDIS_URL": "",
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_check_deploy_fails_and_says_why_when_static_files_are_not_collected(tmp_path):
    done = manage(tmp_path, tmp_path / "never-collected", "check", "--deploy")
    assert done.returncode != 0
    assert "core.E001" in done.stderr and "Static files are not collected" in done.stderr
    assert "collectstatic" in done.stderr


def test_check_deploy_passes_once_static_files_are_collected(tmp_path):
    static = tmp_path / "static"
    collected = manage(tmp_path, static, "collectstatic", "--noinput", "-v0")
    assert collected.returncode == 0, collected.stderr
    done = manage(tmp_path, static, "check", "--deploy")
    assert "core.E001" not in done.stderr, done.stderr
    assert done.returncode == 0, done.stderr
