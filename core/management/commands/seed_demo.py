from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string

from civic_budget import wiring


class Command(BaseCommand):
    help = (
        "Load the demo (municipalities, a Terjola cycle, one user per role). Safe to run again; "
        "--reset empties the database first, so the demo starts clean."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete ALL data in the database first (a demo or development database only).",
        )

    def handle(self, *args, reset=False, **options):
        if reset:
            call_command("flush", interactive=False, verbosity=0)
            self.stdout.write("database emptied (--reset)")
        demo = {"log": []}
        with transaction.atomic():
            for path in wiring.DEMO_SEEDERS:
                import_string(path)(demo)
        for line in demo["log"]:
            self.stdout.write(line)
