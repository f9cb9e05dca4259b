from rest_framework import serializers

from . import services
from .links import url_of
from .models import PERSONAL_CHANNELS, Device, Notification
from .services.rendering import absolute


class NotificationSerializer(serializers.ModelSerializer):
    text = serializers.SerializerMethodField()
    read = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField(
        help_text="the web page of what it is about (absolute), or null"
    )

    class Meta:
        model = Notification
        fields = ["id", "kind", "subject", "text", "created_at", "read", "read_at", "url"]

    def get_url(self, note) -> str | None:
        path = url_of(note)
        return absolute(path) if path else None

    def get_text(self, note) -> str:
        return services.render(note, "inapp")

    def get_read(self, note) -> bool:
        return note.read_at is not None


class ReadSerializer(serializers.Serializer):
    read = serializers.IntegerField(help_text="rows marked read now (0 if already read)")


class UnreadSerializer(serializers.Serializer):
    unread = serializers.IntegerField(help_text="in-app messages not read yet")


class PreferenceSerializer(serializers.Serializer):
    """One kind on one channel. Transactional kinds (codes, receipts) are always on; opt-in
    kinds (cycle news) are off until turned on."""

    kind = serializers.CharField(max_length=40)
    label = serializers.CharField(read_only=True)
    channel = serializers.ChoiceField(choices=PERSONAL_CHANNELS)
    channel_label = serializers.CharField(read_only=True)
    enabled = serializers.BooleanField()
    transactional = serializers.BooleanField(read_only=True)
    opt_in = serializers.BooleanField(read_only=True)


class PreferencesField(serializers.ListSerializer):
    """`notification_preferences` on `me/`: read from and written through notifications."""

    def get_attribute(self, instance):
        return services.notification_preferences(instance)


def preferences_field(**kwargs):
    return PreferencesField(child=PreferenceSerializer(), **kwargs)


class PreferencesSerializer(serializers.Serializer):
    preferences = PreferenceSerializer(many=True)


class DeviceSerializer(serializers.ModelSerializer):
    """In: the token, the platform and, to move a token from another account, the device
    secret. Out: the device and its new secret (keep it on the device)."""

    secret = serializers.CharField(
        max_length=128,
        required=False,
        allow_blank=True,
        write_only=True,
        style={"input_type": "password"},
    )

    class Meta:
        model = Device
        fields = ["token", "platform", "created_at", "secret"]
        read_only_fields = ["created_at"]
        # uniqueness is settled by the service (a token moves only with its device's secret)
        extra_kwargs = {"token": {"validators": []}}


class DeviceAnswerSerializer(serializers.Serializer):
    """What registering a device answers (for the schema)."""

    token = serializers.CharField()
    platform = serializers.CharField()
    created_at = serializers.DateTimeField()
    secret = serializers.CharField(help_text="The device's new secret: keep it on the device.")
