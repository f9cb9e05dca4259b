"""Tally Pabulib `.pb` files: `manage.py pb_tally FILE [FILE ...] [--rule RULE] [--json]`."""

import json
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from voting import pabulib, rules


class Command(BaseCommand):
    help = "Tally Pabulib .pb files with the rule in their META (or --rule) and print the winners."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument("--rule", choices=sorted(rules.RULES), help="instead of META rule")
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="one JSON object per line"
        )

    def handle(self, *args, files, rule, as_json, **options):
        failed = []
        for path in files:
            try:
                line = self.tally_file(path, rule)
            except (OSError, ValueError) as error:
                failed.append(path)
                line = {"file": str(path), "rule": rule, "error": str(error)}
                self.stderr.write(f"{path}: {error}")
                if not as_json:
                    continue
            self.stdout.write(_as_json(line) if as_json else _as_text(line))
        if failed:
            raise CommandError(f"{len(failed)} of {len(files)} files could not be tallied")

    def tally_file(self, path: Path, rule: str | None) -> dict:
        election_file = pabulib.read(path)
        rule = rule or election_file.rule
        options = {}
        threshold = election_file.meta.get("min_project_score_threshold")
        # The threshold is part of greedy-threshold; other rules ignore a META threshold.
        if rule == "greedy-threshold":
            if not threshold:
                raise ValueError("greedy-threshold needs min_project_score_threshold in META")
            options["min_project_score_threshold"] = int(threshold)
        started = time.perf_counter()
        outcome = rules.tally(election_file.election, rule, **options)
        return {
            "file": str(path),
            "rule": rule,
            "selected": [str(pid) for pid in outcome.selected],
            "cost": str(outcome.cost),
            "seconds": round(time.perf_counter() - started, 4),
        }


def _as_json(line: dict) -> str:
    return json.dumps(line, ensure_ascii=False)


def _as_text(line: dict) -> str:
    return f"{line['file']} ({line['rule']}): {' '.join(line['selected'])}"
