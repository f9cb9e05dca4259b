"""A finished cycle survives a backup and a restore into a fresh database: the results page and
the public record are identical, and Pabulib's file of the restored results gives the published
winners when recounted (issue 15). PostgreSQL: the backup is pg_dump's, the restore pg_restore's.
"""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from accounts.models import User
from cycles.models import Cycle
from cycles.services import advance
from tests.e2e import progress

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def database_url(name: str) -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


def run(*args, database: str, media: Path, check=True):
    env = {
        **os.environ,
        "DATABASE_URL": database_url(database),
        "MEDIA_ROOT": str(media),
        "REDIS_URL": "",
        "PYTHONPATH": str(ROOT),
        # the two demo ballots are published in results.pb (below 10 an envelope's ballots are
        # withheld, and pb_tally would have nothing to recount)
        "RESULTS_MIN_BALLOTS_PUBLISHED": "0",
    }
    done = subprocess.run([*args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    if check:
        assert done.returncode == 0, done.stderr + done.stdout
    return done


@pytest.fixture
def fresh_database():
    """An empty database beside the test database, dropped afterwards."""
    name = connection.settings_dict["NAME"] + "_restored"
    db = connection.settings_dict
    admin = psycopg.connect(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=db["USER"],
        password=db.get("PASSWORD") or None,
        dbname="postgres",
        autocommit=True,
    )
    admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.execute(f'CREATE DATABASE "{name}"')
    yield name
    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def finished_cycle(api) -> Cycle:
    """The demo's Terjola cycle, voted on online and its results published."""
    from voting.models import BallotProject
    from voting.services import ballot_cast, envelopes_for, voter_key_of

    call_command("seed_demo", stdout=io.StringIO())
    cycle = Cycle.objects.get(municipality__slug="terjola")
    for _phase, move in progress.STAGES:
        move(cycle)
    for email in ("resident@terjola.demo", "organizer@terjola.demo"):
        user = User.objects.get(email=email)
        voter = voter_key_of(cycle=cycle, user=user)
        choices = []
        for envelope in envelopes_for(cycle, voter):
            project = BallotProject.objects.filter(envelope=envelope).order_by("cost").first()
            choices.append({"envelope": envelope.pk, "choices": [project.pk]})
        ballot_cast(cycle=cycle, user=user, envelopes=choices)
    advance(cycle=cycle, to="results", by=User.objects.get(email="organizer@terjola.demo"))
    return cycle


def test_a_finished_cycle_is_the_same_after_backup_and_restore(api, tmp_path, fresh_database):
    cycle = finished_cycle(api)
    original = connection.settings_dict["NAME"]
    media = tmp_path / "media"
    (media / "ideas").mkdir(parents=True)
    (media / "ideas" / "photo.jpg").write_bytes(b"\xff\xd8\xff not really a photo")
    snapshot = [sys.executable, "-m", "tests.ops.snapshot", str(cycle.pk)]
    before = json.loads(run(*snapshot, database=original, media=media).stdout)
    assert any(p["won"] for e in before["results_api"]["envelopes"] for p in e["projects"])
    assert any(row["action"] == "results_published" for row in before["record_rows"])

    backups = tmp_path / "backups"
    run("scripts/backup", str(backups), database=original, media=media)
    [made] = [path for path in backups.iterdir()]
    assert sorted(p.name for p in made.iterdir()) == ["database.dump", "uploads.tar.gz"]

    restored_media = tmp_path / "restored-media"
    run("scripts/restore", str(made), "--yes", database=fresh_database, media=restored_media)
    after = json.loads(run(*snapshot, database=fresh_database, media=restored_media).stdout)

    assert after["results_page"] == before["results_page"]
    assert after["record_page"] == before["record_page"]
    assert after["record_api"] == before["record_api"]
    assert after["record_rows"] == before["record_rows"]
    assert after["results_api"] == before["results_api"]
    assert (
        restored_media / "ideas" / "photo.jpg"
    ).read_bytes() == b"\xff\xd8\xff not really a photo"

    for envelope in before["results_api"]["envelopes"]:
        pb = tmp_path / f"results-{envelope['envelope']}.pb"
        pb.write_text(after["results_pb"][str(envelope["envelope"])])
        tally = run(
            sys.executable, "manage.py", "pb_tally", str(pb), "--json",
            database=fresh_database, media=restored_media,
        )  # fmt: skip
        recounted = set(json.loads(tally.stdout)["selected"])
        published = {str(p["id"]) for p in envelope["projects"] if p["won"]}
        assert recounted == published, envelope["name"]


def test_the_restored_record_is_still_append_only(tmp_path, fresh_database, terjola):
    from record.services import log
    from tests import factories as f

    log(cycle=f.CycleFactory(municipality=terjola), actor=None, action="idea_screened")
    backups = tmp_path / "backups"
    run("scripts/backup", str(backups), database=connection.settings_dict["NAME"], media=tmp_path)
    [made] = list(backups.iterdir())
    run("scripts/restore", str(made), "--yes", database=fresh_database, media=tmp_path / "m")

    refused = run(
        "psql", database_url(fresh_database), "-c", "DELETE FROM record_entry",
        database=fresh_database, media=tmp_path, check=False,
    )  # fmt: skip
    assert refused.returncode != 0 and "append-only" in refused.stderr
