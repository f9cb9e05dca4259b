"""The shapes of `GET me/participation/` (for the schema; the read model builds plain dicts)."""

from rest_framework import serializers


class CycleRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    phase = serializers.CharField()


class MyIdeaSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    cycle = CycleRefSerializer()
    status = serializers.CharField()
    status_label = serializers.CharField()
    screening_reason = serializers.CharField(allow_blank=True)
    screening_reason_label = serializers.CharField(allow_blank=True)
    proposal = serializers.IntegerField(allow_null=True)
    url = serializers.CharField()


class MyProposalSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    cycle = CycleRefSerializer()
    status = serializers.CharField()
    status_label = serializers.CharField()
    idea = serializers.IntegerField()
    on_ballot = serializers.BooleanField()
    funded = serializers.IntegerField(allow_null=True)
    url = serializers.CharField()


class MyEnrollmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    session = serializers.IntegerField()
    title = serializers.CharField()
    cycle = CycleRefSerializer()
    starts_at = serializers.DateTimeField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    attended = serializers.BooleanField(allow_null=True)
    url = serializers.CharField()


class MyReceiptSerializer(serializers.Serializer):
    envelope = serializers.CharField()
    receipt = serializers.CharField()
    channel = serializers.CharField()
    voting_point = serializers.CharField(allow_blank=True)
    check_url = serializers.CharField(help_text="the public page that checks this receipt")


class MyBallotSerializer(serializers.Serializer):
    cycle = CycleRefSerializer()
    voted = serializers.BooleanField()
    receipts = MyReceiptSerializer(many=True, help_text="never the choices")
    url = serializers.CharField()


class MyFollowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    cycle = CycleRefSerializer()
    status = serializers.CharField()
    status_label = serializers.CharField()
    url = serializers.CharField()


class ParticipationSerializer(serializers.Serializer):
    ideas = MyIdeaSerializer(many=True)
    proposals = MyProposalSerializer(many=True)
    trainings = MyEnrollmentSerializer(many=True)
    ballots = MyBallotSerializer(many=True)
    following = MyFollowSerializer(many=True)
