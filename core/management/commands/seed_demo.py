from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string

from civic_budget import wiring


class Command(BaseCommand):
    help = "Load the demo (municipalities, a Terjola cycle, one user per role). Safe to run again."

    def handle(self, *args, **options):
        demo = {"log": []}
        with transaction.atomic():
            for path in wiring.DEMO_SEEDERS:
                import_string(path)(demo)
        for line in demo["log"]:
            self.stdout.write(line)
