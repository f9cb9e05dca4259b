"""The free-text voting point is gone: the ballot's point is the VotingPoint of 0002 (in its own
migration, so PostgreSQL has committed 0002's rows before the table changes)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("voting", "0002_ballot_names_its_voting_point")]

    operations = [
        migrations.RemoveField(model_name="ballot", name="voting_point"),
        migrations.RenameField(model_name="ballot", old_name="point", new_name="voting_point"),
        migrations.AlterField(
            model_name="ballot",
            name="voting_point",
            field=models.ForeignKey(
                blank=True,
                help_text="Where a paper ballot was cast; empty online.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="ballots",
                to="voting_points.votingpoint",
                verbose_name="voting point",
            ),
        ),
    ]
