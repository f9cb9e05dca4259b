"""Serializers of the voting API. They check shapes; the ballot rules live in the services."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cycles.models import BallotKind, Community
from cycles.phases import Phase

from .models import ENVELOPE_FIELDS, BallotChannel, BallotProject, Envelope


class EnvelopeSerializer(serializers.ModelSerializer):
    community = serializers.PrimaryKeyRelatedField(
        queryset=Community.objects.all(), allow_null=True, required=False
    )
    name = serializers.CharField(read_only=True)
    rule = serializers.CharField(source="rule_text", read_only=True)

    class Meta:
        model = Envelope
        fields = ["id", "name", *ENVELOPE_FIELDS, "rule"]
        validators = []  # one envelope per community: the service answers 409


class BallotProjectSerializer(serializers.ModelSerializer):
    class Meta:
        model = BallotProject
        fields = ["id", "proposal", "title", "summary", "cost"]


class BallotEnvelopeSerializer(EnvelopeSerializer):
    projects = BallotProjectSerializer(many=True, read_only=True)

    class Meta(EnvelopeSerializer.Meta):
        fields = [*EnvelopeSerializer.Meta.fields, "projects"]


class BallotSerializer(serializers.Serializer):
    cycle = serializers.IntegerField()
    phase = serializers.ChoiceField(choices=Phase.choices)
    ballot_changes_allowed = serializers.BooleanField()
    tally_rule = serializers.CharField()
    envelopes = BallotEnvelopeSerializer(many=True)


class VoterVerificationSerializer(serializers.Serializer):
    personal_number = serializers.CharField(
        max_length=20,
        write_only=True,
        help_text=_("11 digits. Only a keyed hash of it is stored."),
    )
    birth_date = serializers.DateField(write_only=True)


class VoterStatusSerializer(serializers.Serializer):
    verified = serializers.BooleanField()
    community = serializers.IntegerField(allow_null=True)
    envelopes = serializers.ListField(
        child=serializers.IntegerField(), help_text=_("The envelopes this voter votes in.")
    )


@extend_schema_field(
    {
        "oneOf": [
            {
                "type": "array",
                "items": {"type": "integer"},
                "description": "Approval and knapsack ballots: the chosen project ids. Ranked "
                "ballots: the ranked project ids in order, first choice first.",
            },
            {
                "type": "object",
                "additionalProperties": {"type": "integer", "minimum": 0},
                "description": 'Cumulative ballots: points per project id, e.g. {"12": 3}. '
                'Ranked ballots may also send ranks per project id, e.g. {"12": 1, "7": 2}.',
            },
        ]
    }
)
class ChoicesField(serializers.Field):
    """A list of project ids, or an object of points per project id; the service checks the rule."""

    default_error_messages = {
        "shape": _("Send a list of project ids, or an object of points per project id.")
    }

    def to_internal_value(self, data):
        if isinstance(data, (list, dict)):
            return data
        self.fail("shape")

    def to_representation(self, value):
        return value


class EnvelopeChoicesSerializer(serializers.Serializer):
    envelope = serializers.IntegerField()
    choices = ChoicesField()


class MyBallotInSerializer(serializers.Serializer):
    envelopes = EnvelopeChoicesSerializer(many=True, allow_empty=False)


class CastEnvelopeSerializer(serializers.Serializer):
    envelope = serializers.IntegerField()
    choices = ChoicesField()
    receipt = serializers.CharField()
    channel = serializers.ChoiceField(choices=BallotChannel.choices)
    voting_point = serializers.CharField(
        help_text=_("The name of the voting point of a paper ballot; empty online.")
    )
    updated_at = serializers.DateTimeField()


class PaperVoteSerializer(serializers.Serializer):
    voting_point = serializers.CharField()
    on = serializers.DateField()


class MyBallotSerializer(serializers.Serializer):
    verified = serializers.BooleanField()
    ballot_changes_allowed = serializers.BooleanField()
    voted_on_paper = PaperVoteSerializer(
        allow_null=True,
        help_text=_(
            "Where and on which day this person voted on paper; a paper ballot's choices and "
            "receipt are never shown online."
        ),
    )
    envelopes = CastEnvelopeSerializer(many=True, help_text=_("The ballots cast online."))


class PaperBallotSerializer(serializers.Serializer):
    personal_number = serializers.CharField(max_length=20, write_only=True)
    birth_date = serializers.DateField(write_only=True)
    voting_point = serializers.IntegerField(
        min_value=1,
        max_value=2**31 - 1,
        help_text=_("The id of the voting point where the ballot was cast."),
    )
    community = serializers.IntegerField(
        required=False, allow_null=True, help_text=_("Where the voter lives (for its envelope).")
    )
    envelopes = EnvelopeChoicesSerializer(many=True, allow_empty=False)


class PaperCorrectionSerializer(PaperBallotSerializer):
    reason = serializers.CharField(max_length=2000)


class ReceiptOutSerializer(serializers.Serializer):
    envelope = serializers.IntegerField()
    receipt = serializers.CharField()


class PaperBallotOutSerializer(serializers.Serializer):
    ballots = ReceiptOutSerializer(many=True)


class ReceiptSerializer(serializers.Serializer):
    receipt = serializers.CharField()
    counted = serializers.BooleanField()


class ShownCountSerializer(serializers.Serializer):
    """A number of people as the reader may see it (voting.turnout.shown)."""

    voters = serializers.IntegerField(
        allow_null=True,
        help_text=_("People; null when the group is under 10 and the reader is not an organizer."),
    )
    display = serializers.CharField(help_text=_('What to show: the number, or "< 10".'))


class TurnoutDaySerializer(ShownCountSerializer):
    day = serializers.DateField()


class TurnoutChannelSerializer(ShownCountSerializer):
    channel = serializers.ChoiceField(choices=BallotChannel.choices)


class TurnoutCommunitySerializer(ShownCountSerializer):
    community = serializers.IntegerField(allow_null=True)
    name = serializers.CharField()


class TurnoutVotingPointSerializer(ShownCountSerializer):
    voting_point = serializers.IntegerField(allow_null=True, help_text=_("The voting point's id."))
    name = serializers.CharField()


class TurnoutEnvelopeSerializer(serializers.Serializer):
    envelope = serializers.IntegerField()
    name = serializers.CharField()
    ballots = serializers.IntegerField()


class TurnoutSerializer(ShownCountSerializer):
    """Who voted, in aggregate. `voters`/`display` at the top are the total; each group has
    its own pair. The last four fields are for the municipality's organizers (null for others)."""

    exact = serializers.BooleanField(
        help_text=_("True for organizers: every number exact, small groups included.")
    )
    by_day = TurnoutDaySerializer(many=True)
    by_channel = TurnoutChannelSerializer(many=True)
    by_community = TurnoutCommunitySerializer(many=True)
    verified = serializers.IntegerField(
        allow_null=True, help_text=_("People verified as voters (organizers).")
    )
    residents = serializers.IntegerField(
        allow_null=True, help_text=_("Registered residents of the municipality (organizers).")
    )
    by_envelope = TurnoutEnvelopeSerializer(many=True, allow_null=True)
    by_voting_point = TurnoutVotingPointSerializer(many=True, allow_null=True)


class ProjectResultSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="project.id")
    proposal = serializers.IntegerField(source="project.proposal_id")
    title = serializers.CharField(source="project.title")
    cost = serializers.DecimalField(max_digits=12, decimal_places=2)
    votes = serializers.IntegerField()
    share = serializers.DecimalField(max_digits=5, decimal_places=4)
    won = serializers.BooleanField()
    rank = serializers.IntegerField()


class EnvelopeResultSerializer(serializers.Serializer):
    envelope = serializers.IntegerField(source="envelope.id")
    name = serializers.CharField(source="envelope.name")
    budget = serializers.DecimalField(source="envelope.budget", max_digits=12, decimal_places=2)
    ballot_kind = serializers.ChoiceField(source="envelope.ballot_kind", choices=BallotKind.choices)
    rule = serializers.CharField()
    threshold = serializers.IntegerField(
        allow_null=True, help_text=_("greedy-threshold: the votes a project needed.")
    )
    rule_text = serializers.CharField(
        source="rule_label", help_text=_("The rule in words, in the request's language.")
    )
    ballots = serializers.IntegerField()
    ballot_hash = serializers.CharField()
    spent = serializers.DecimalField(max_digits=12, decimal_places=2)
    computed_at = serializers.DateTimeField()
    projects = ProjectResultSerializer(many=True)


class ResultsSerializer(serializers.Serializer):
    cycle = serializers.IntegerField()
    rule = serializers.CharField(help_text=_("The cycle's rule; an envelope may have its own."))
    rule_text = serializers.CharField(help_text=_("The cycle's rule in words."))
    envelopes = EnvelopeResultSerializer(many=True)


class VoterRollRejectedSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    error = serializers.CharField()


class VoterRollUploadSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text=_("UTF-8 CSV with the header personal_number,birth_date,community.")
    )


class VoterRollImportSerializer(serializers.Serializer):
    imported = serializers.IntegerField()
    rejected = VoterRollRejectedSerializer(many=True)
    count = serializers.IntegerField()


class VoterRollCommunitySerializer(serializers.Serializer):
    community = serializers.IntegerField(allow_null=True)
    name = serializers.CharField()
    count = serializers.IntegerField()


class VoterRollSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    by_community = VoterRollCommunitySerializer(many=True)
