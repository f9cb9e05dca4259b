"""What the operations side keeps in the database: counters for when Redis is down, heartbeats."""

from django.db import models


class Counter(models.Model):
    """A fixed-window count of attempts (a login, an SMS code) kept while Redis is unreachable,
    so a guarded limit never fails open; rows expire with their window (core.tasks.heartbeat
    removes them)."""

    key = models.CharField(max_length=200, primary_key=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return f"{self.key}: {self.count}"


class Heartbeat(models.Model):
    """The last time a process proved it runs: "worker" is written by a task that beat
    schedules and a worker executes, so it is fresh only when beat, the broker and a worker
    all work (/readyz)."""

    name = models.CharField(max_length=50, primary_key=True)
    at = models.DateTimeField()

    def __str__(self):
        return f"{self.name} at {self.at:%Y-%m-%d %H:%M:%S}"
