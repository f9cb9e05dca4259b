from rest_framework import serializers

from .labels import action_label, actor_label
from .models import Entry
from .sentences import sentences


class RecordEntrySerializer(serializers.ModelSerializer):
    actor = serializers.SerializerMethodField(
        help_text="Role and office of who decided, never a private name."
    )
    action_label = serializers.SerializerMethodField()
    sentences = serializers.SerializerMethodField(
        help_text="What `data` says, as sentences in the reader's language (never raw data)."
    )
    data = serializers.JSONField(read_only=True)

    class Meta:
        model = Entry
        fields = [
            "id",
            "at",
            "actor",
            "role",
            "action",
            "action_label",
            "object_type",
            "object_id",
            "object_label",
            "reason",
            "data",
            "sentences",
        ]
        read_only_fields = fields

    def get_actor(self, entry) -> str:
        return actor_label(entry.role, self.context["cycle"].municipality)

    def get_action_label(self, entry) -> str:
        return action_label(entry.action)

    def get_sentences(self, entry) -> list[str]:
        return sentences(entry)
