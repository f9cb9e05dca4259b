"""A paper ballot names its voting point by id; the free-text points become VotingPoint rows.

Each distinct text of a cycle's paper ballots becomes one point of that cycle, open from its
first ballot to its last. A point of a cycle still voting stays open (its officers are still to
be named); one of a cycle past the vote is closed, without a protocol (none was taken).
"""

from datetime import timedelta

import django.db.models.deletion
from django.db import migrations, models

PAST_VOTING = {"results", "implementation", "closed"}


def points_from_text(apps, schema_editor):
    Ballot = apps.get_model("voting", "Ballot")
    VotingPoint = apps.get_model("voting_points", "VotingPoint")
    seen = {}
    Cycle = apps.get_model("cycles", "Cycle")
    cycles = {}
    # only the columns this step needs: a merged migration graph may unapply or apply it beside
    # other branches' columns (the voter tag) that the historical model knows and the table not
    paper = (
        Ballot.objects.filter(channel="paper")
        .order_by("created_at", "id")
        .values_list("pk", "envelope__cycle_id", "voting_point", "created_at")
    )
    for pk, cycle_id, text, created_at in paper.iterator():
        if cycle_id not in cycles:
            cycles[cycle_id] = Cycle.objects.only("pk", "phase").get(pk=cycle_id)
        cycle = cycles[cycle_id]
        ballot = type("Row", (), {"pk": pk, "created_at": created_at})
        name = (text or "").strip()[:200] or "—"
        key = (cycle.pk, name)
        point = seen.get(key)
        if point is None:
            closed = cycle.phase in PAST_VOTING
            point = VotingPoint.objects.create(
                cycle=cycle,
                name=name,
                opens_at=ballot.created_at,
                closes_at=ballot.created_at + timedelta(minutes=1),
                status="closed" if closed else "open",
                opened_at=ballot.created_at,
            )
            seen[key] = point
        if ballot.created_at >= point.closes_at:
            point.closes_at = ballot.created_at + timedelta(minutes=1)
            point.save(update_fields=["closes_at"])
        Ballot.objects.filter(pk=ballot.pk).update(point=point)
    for point in seen.values():
        if point.status == "closed":
            point.closed_at = point.closes_at
            point.save(update_fields=["closed_at"])


def text_from_points(apps, schema_editor):
    Ballot = apps.get_model("voting", "Ballot")
    rows = Ballot.objects.filter(point__isnull=False).values_list("pk", "point__name")
    for pk, name in rows:
        Ballot.objects.filter(pk=pk).update(voting_point=name)


class Migration(migrations.Migration):
    dependencies = [
        ("voting", "0001_initial"),
        ("voting_points", "0001_voting_points"),
    ]

    operations = [
        migrations.AddField(
            model_name="ballot",
            name="point",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="voting_points.votingpoint",
            ),
        ),
        migrations.RunPython(points_from_text, text_from_points),
    ]
