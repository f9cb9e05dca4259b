"""Production settings plus the benchmark's ceiling view (bench/ballots.py); never deployed."""

from civic_budget.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
