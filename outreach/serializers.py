"""Serializers of the outreach API: what an organizer writes (BROADCAST_FIELDS), what sending
answers, and the list of past broadcasts. The service judges the message; these check types."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from notifications.models import PERSONAL_CHANNELS

from .models import BROADCAST_CHANNELS, TEXT_MAX, Broadcast


class BroadcastWriteSerializer(serializers.Serializer):
    channels = serializers.ListField(
        child=serializers.ChoiceField(choices=[(c.value, c.label) for c in BROADCAST_CHANNELS]),
        allow_empty=False,
        max_length=len(BROADCAST_CHANNELS),
        help_text=_("Any of inapp, sms, email; the app's push follows in-app."),
    )
    community = serializers.IntegerField(
        allow_null=True,
        required=False,
        default=None,
        min_value=1,
        max_value=2**31 - 1,
        help_text=_("A community (village) of the municipality; null: every resident."),
    )
    text_ka = serializers.CharField(max_length=TEXT_MAX, help_text=_("The message in Georgian."))
    text_en = serializers.CharField(
        max_length=TEXT_MAX,
        allow_blank=True,
        required=False,
        default="",
        help_text=_("The message in English (optional: English readers then get the Georgian)."),
    )


class BroadcastSentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Broadcast
        fields = ["id", "recipients", "sms_count"]


class BroadcastPreviewSerializer(serializers.Serializer):
    recipients = serializers.IntegerField(help_text=_("People it would reach, on any channel."))
    sms_count = serializers.IntegerField(
        help_text=_("SMS segments it would cost: each person's text in their language.")
    )
    by_channel = serializers.DictField(
        child=serializers.IntegerField(), help_text=_("People per channel.")
    )
    left_today = serializers.IntegerField(
        help_text=_("Broadcasts the cycle may still send today; 0: sending is refused (429).")
    )


class BroadcastSerializer(serializers.ModelSerializer):
    channels = serializers.ListField(
        child=serializers.ChoiceField(choices=PERSONAL_CHANNELS), read_only=True
    )
    community_name = serializers.SerializerMethodField()

    class Meta:
        model = Broadcast
        fields = [
            "id",
            "sent_at",
            "channels",
            "community",
            "community_name",
            "text_ka",
            "text_en",
            "recipients",
            "sms_count",
        ]

    def get_community_name(self, broadcast) -> str | None:
        return broadcast.community.name if broadcast.community_id else None
