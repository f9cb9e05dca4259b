"""Serializers of the voting-points API: shapes only; the services check the rules."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.models import User
from cycles.models import Community

from .models import POINT_FIELDS, MemberRole, PointMember, PointStatus, VotingPoint
from .services import protocol_sentence


class ProtocolSerializer(serializers.Serializer):
    """The closing protocol, public once the point is closed."""

    closed_at = serializers.DateTimeField()
    ballots_issued = serializers.IntegerField()
    spoiled = serializers.IntegerField()
    ballots_entered = serializers.IntegerField(
        help_text=_("Paper ballots entered at the point, counted when it closed.")
    )
    expected = serializers.IntegerField(help_text=_("Issued minus spoiled."))
    discrepancy = serializers.IntegerField(
        help_text=_("Entered minus expected; 0 when the protocol adds up.")
    )
    signatures = serializers.ListField(child=serializers.CharField())
    note = serializers.CharField()
    sentence = serializers.CharField(help_text=_("The protocol in one sentence."))


class VotingPointSerializer(serializers.ModelSerializer):
    community = serializers.PrimaryKeyRelatedField(
        queryset=Community.objects.all(), allow_null=True, required=False
    )
    status = serializers.ChoiceField(choices=PointStatus.choices, read_only=True)
    protocol = serializers.SerializerMethodField()

    class Meta:
        model = VotingPoint
        fields = ["id", "cycle", *POINT_FIELDS, "status", "opened_at", "closed_at", "protocol"]
        read_only_fields = ["cycle", "opened_at", "closed_at"]
        validators = []  # one name per cycle: the service answers 409

    def get_protocol(self, point) -> ProtocolSerializer(allow_null=True):
        if not point.is_closed or point.ballots_issued is None:
            return None
        data = {
            "closed_at": point.closed_at,
            "ballots_issued": point.ballots_issued,
            "spoiled": point.spoiled,
            "ballots_entered": point.ballots_entered,
            "expected": point.expected,
            "discrepancy": point.discrepancy,
            "signatures": point.signatures,
            "note": point.note,
            "sentence": protocol_sentence(point),
        }
        return ProtocolSerializer(data).data


class MemberInSerializer(serializers.Serializer):
    user = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True))


class MemberSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="user.name", read_only=True)
    role = serializers.ChoiceField(choices=MemberRole.choices, read_only=True)

    class Meta:
        model = PointMember
        fields = ["user", "name", "role", "added_at"]


class CloseSerializer(serializers.Serializer):
    ballots_issued = serializers.IntegerField(min_value=0, max_value=1_000_000)
    spoiled = serializers.IntegerField(min_value=0, max_value=1_000_000)
    signatures = serializers.ListField(
        child=serializers.CharField(max_length=200),
        allow_empty=False,
        max_length=30,
        help_text=_("The names of the point's members who sign the protocol."),
    )
    note = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")


class LiveCountSerializer(serializers.Serializer):
    voting_point = serializers.IntegerField()
    status = serializers.ChoiceField(choices=PointStatus.choices)
    ballots = serializers.IntegerField(help_text=_("Paper ballots entered at the point so far."))
    voters = serializers.IntegerField(help_text=_("People whose ballots were entered there."))
    at = serializers.DateTimeField()
