"""The shapes of `GET me/participation/` (for the schema; the read model builds plain dicts)."""

from rest_framework import serializers


class ParticipationCycleSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    phase = serializers.CharField()


class ParticipationIdeaSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    cycle = ParticipationCycleSerializer()
    status = serializers.CharField()
    status_label = serializers.CharField()
    screening_reason = serializers.CharField(allow_blank=True)
    screening_reason_label = serializers.CharField(allow_blank=True)
    proposal = serializers.IntegerField(allow_null=True)
    url = serializers.CharField()


class ParticipationProposalSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    cycle = ParticipationCycleSerializer()
    status = serializers.CharField()
    status_label = serializers.CharField()
    idea = serializers.IntegerField()
    on_ballot = serializers.BooleanField()
    funded = serializers.IntegerField(allow_null=True)
    url = serializers.CharField()


class ParticipationEnrollmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    session = serializers.IntegerField()
    title = serializers.CharField()
    cycle = ParticipationCycleSerializer()
    starts_at = serializers.DateTimeField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    attended = serializers.BooleanField(allow_null=True)
    url = serializers.CharField()


class ParticipationReceiptSerializer(serializers.Serializer):
    envelope = serializers.CharField()
    receipt = serializers.CharField(
        allow_null=True, help_text="null for a paper ballot: its receipt stays on paper"
    )
    channel = serializers.CharField()
    voting_point = serializers.CharField(allow_blank=True)
    check_url = serializers.CharField(
        allow_null=True, help_text="the public page that checks this receipt (null on paper)"
    )


class ParticipationBallotSerializer(serializers.Serializer):
    cycle = ParticipationCycleSerializer()
    voted = serializers.BooleanField()
    receipts = ParticipationReceiptSerializer(many=True, help_text="never the choices")
    url = serializers.CharField()


class ParticipationFollowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    cycle = ParticipationCycleSerializer()
    status = serializers.CharField()
    status_label = serializers.CharField()
    url = serializers.CharField()


class ParticipationSerializer(serializers.Serializer):
    ideas = ParticipationIdeaSerializer(many=True)
    proposals = ParticipationProposalSerializer(many=True)
    trainings = ParticipationEnrollmentSerializer(many=True)
    ballots = ParticipationBallotSerializer(many=True)
    following = ParticipationFollowSerializer(many=True)
