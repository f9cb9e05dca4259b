import os
import subprocess
import sys
from pathlib import Path

from django.core.management import call_command

from accounts.models import User
from cycles.models import Community, Cycle, Municipality

ROOT = Path(__file__).resolve().parents[1]


def test_check_deploy_passes_with_production_settings(tmp_path):
    # the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process; production never has it
    base = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    # what collectstatic leaves (core.E001 without it: tests/ops/test_static_check.py)
    (tmp_path / "staticfiles.json").write_text('{"paths": {}, "version": "1.1"}')
    env = {
        **base,
        "STATIC_ROOT": str(tmp_path),
        "DEBUG": "0",
        "SECRET_KEY": "x" * 64 + "-production-secret-key",
        "VOTER_KEY_SECRET": "v" * 40,
        "ALLOWED_HOSTS": "civicbudget.ge",
    }
    out = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stdout + out.stderr


def test_seed_demo_twice_changes_nothing(db):
    call_command("seed_demo", stdout=open(os.devnull, "w"))
    counts = [M.objects.count() for M in (Municipality, Community, Cycle, User)]
    call_command("seed_demo", stdout=open(os.devnull, "w"))
    assert [M.objects.count() for M in (Municipality, Community, Cycle, User)] == counts
    assert Cycle.objects.get(municipality__slug="terjola").phase == "idea_submission"
    assert {"terjola", "baghdati", "khoni", "vani", "lanchkhuti"} <= set(
        Municipality.objects.values_list("slug", flat=True)
    )
