"""`manage.py restore DIR --yes`: put a backup of `manage.py backup` back.

The database named by DATABASE_URL is replaced by the backup's (PostgreSQL: pg_restore --clean
into an existing, preferably new and empty, database, in one transaction; SQLite: the file is
copied over), then the uploads are unpacked into MEDIA_ROOT. Run it with web, worker and beat
stopped; run `manage.py migrate` afterwards when the code is newer than the backup.
"""

import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from .backup import backup_dir, backups, postgres_command


class Command(BaseCommand):
    help = "Restore a backup folder made by `manage.py backup` (the newest with --latest)."

    def add_arguments(self, parser):
        parser.add_argument("backup", nargs="?", help="a backup folder (DIR/<time>)")
        parser.add_argument("--latest", action="store_true", help="the newest in $BACKUP_DIR")
        parser.add_argument("--yes", action="store_true", help="do not ask before replacing")
        parser.add_argument("--no-uploads", action="store_true", help="the database only")

    def handle(self, *args, backup=None, latest=False, yes=False, no_uploads=False, **options):
        source = self.source(backup, latest)
        name = settings.DATABASES["default"]["NAME"]
        if not yes:
            if not sys.stdin.isatty():
                raise CommandError("restoring replaces the database: pass --yes")
            answer = input(f"Replace database {name} and the uploads with {source}? [yes/no] ")
            if answer.strip().lower() != "yes":
                raise CommandError("nothing restored")
        self.restore_database(source)
        if not no_uploads:
            self.restore_uploads(source)
        self.stdout.write(f"restored {source} into {name}")

    def source(self, backup, latest) -> Path:
        if latest:
            found = backups(backup_dir(backup))
            if not found:
                raise CommandError("no backup found")
            return found[-1][1]
        if not backup:
            raise CommandError("name a backup folder, or pass --latest")
        path = Path(backup)
        if not path.is_dir():
            raise CommandError(f"{path} is not a backup folder")
        return path

    def restore_database(self, source: Path):
        if connection.vendor == "postgresql":
            dump = source / "database.dump"
            if not dump.exists():
                raise CommandError(f"{dump} is missing")
            connection.close()  # our own session must not hold locks on what is dropped
            command, env = postgres_command(
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--exit-on-error",
                "--single-transaction",
                f"--dbname={settings.DATABASES['default']['NAME']}",
                str(dump),
            )
            done = subprocess.run(command, env=env, capture_output=True, text=True)
            if done.returncode:
                raise CommandError(f"pg_restore failed: {done.stderr.strip()}")
        elif connection.vendor == "sqlite":
            copy = source / "database.sqlite3"
            if not copy.exists():
                raise CommandError(f"{copy} is missing")
            connection.close()
            shutil.copyfile(copy, settings.DATABASES["default"]["NAME"])
        else:
            raise CommandError(f"no restore for a {connection.vendor} database")

    def restore_uploads(self, source: Path):
        archive = source / "uploads.tar.gz"
        if not archive.exists():
            raise CommandError(f"{archive} is missing (or pass --no-uploads)")
        media = Path(settings.MEDIA_ROOT)
        media.mkdir(parents=True, exist_ok=True)
        with tarfile.open(archive, "r:gz") as files:
            files.extractall(media, filter="data")  # no absolute paths, links out, devices
