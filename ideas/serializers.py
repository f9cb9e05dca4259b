from decimal import Decimal

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cycles.models import MONEY, Community, Cycle

from . import uploads
from .models import (
    CATEGORY_FIELDS,
    IDEA_FIELDS,
    SCREENING_DECISIONS,
    Category,
    Idea,
    IdeaDraft,
    IdeaImage,
    IdeaStatus,
    ScreeningReason,
)

TEXT_MAX = 10_000


class CycleRefSerializer(serializers.Serializer):
    """The one field of a create's body read before the permission check: which cycle."""

    cycle = serializers.PrimaryKeyRelatedField(
        queryset=Cycle.objects.select_related("municipality")
    )


class CategorySerializer(serializers.ModelSerializer):
    cycle = serializers.PrimaryKeyRelatedField(queryset=Cycle.objects.all())
    name = serializers.CharField(read_only=True)
    slug = serializers.SlugField(required=False, allow_blank=True, max_length=50)
    idea_count = serializers.IntegerField(read_only=True, required=False)

    class Meta:
        model = Category
        fields = ["id", "cycle", "slug", "name", "name_ka", "name_en", "idea_count"]
        validators = []  # a taken slug is a 409 from the service
        extra_kwargs = {"name_en": {"required": False}}


class CategoryUpdateSerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = list(CATEGORY_FIELDS)
        extra_kwargs = {f: {"required": False} for f in CATEGORY_FIELDS}


class NamedRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class IdeaRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class IdeaImageSerializer(serializers.ModelSerializer):
    image = serializers.ImageField(read_only=True, use_url=True)
    thumbnail = serializers.ImageField(read_only=True, use_url=True)

    class Meta:
        model = IdeaImage
        fields = ["id", "image", "thumbnail", "width", "height"]


class ScreeningSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=SCREENING_DECISIONS)
    reason = serializers.ChoiceField(choices=ScreeningReason.choices, allow_blank=True)
    reason_label = serializers.CharField()
    note = serializers.CharField()
    at = serializers.DateTimeField()


class IdeaSerializer(serializers.ModelSerializer):
    """An idea as anyone may read it (never the paper author's phone)."""

    category = serializers.SerializerMethodField()
    community = serializers.SerializerMethodField()
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    author_name = serializers.SerializerMethodField(
        help_text=_(
            "The author's name if they chose to be named (organizers and the authors always "
            "see it); otherwise “a resident of <village>”."
        )
    )
    co_author_names = serializers.SerializerMethodField()
    is_mine = serializers.SerializerMethodField()
    screening = serializers.SerializerMethodField()
    merged_into = serializers.SerializerMethodField()
    images = IdeaImageSerializer(many=True, read_only=True)

    class Meta:
        model = Idea
        fields = [
            "id",
            "cycle",
            "title",
            "summary",
            "description",
            "category",
            "community",
            "estimated_cost",
            "beneficiaries",
            "latitude",
            "longitude",
            "status",
            "status_label",
            "channel",
            "author_name",
            "author_named",
            "co_author_names",
            "is_mine",
            "screening",
            "merged_into",
            "images",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(NamedRefSerializer(allow_null=True))
    def get_category(self, idea):
        c = idea.category
        return {"id": c.pk, "name": c.name} if c else None

    @extend_schema_field(NamedRefSerializer(allow_null=True))
    def get_community(self, idea):
        c = idea.community
        return {"id": c.pk, "name": c.name} if c else None

    def _viewer(self):
        request = self.context.get("request")
        return request.user if request else None

    def get_author_name(self, idea) -> str:
        if not idea.names_shown_to(self._viewer()):
            return idea.anonymous_author()
        return idea.author_name

    def get_co_author_names(self, idea) -> list[str]:
        if not idea.names_shown_to(self._viewer()):
            return []
        return [u.name for u in idea.co_authors.all() if u.pk != idea.author_id]

    def get_is_mine(self, idea) -> bool:
        request = self.context.get("request")
        return idea.is_author(request.user) if request else False

    @extend_schema_field(ScreeningSerializer(allow_null=True))
    def get_screening(self, idea):
        if idea.status not in SCREENING_DECISIONS or not idea.screened_at:
            return None
        return {
            "decision": idea.status,
            "reason": idea.screening_reason,
            "reason_label": idea.get_screening_reason_display() if idea.screening_reason else "",
            "note": idea.screening_note,
            "at": idea.screened_at,
        }

    @extend_schema_field(IdeaRefSerializer(allow_null=True))
    def get_merged_into(self, idea):
        target = idea.merged_into
        return {"id": target.pk, "title": target.title} if target else None


def _images_field():
    return serializers.ListField(
        child=serializers.FileField(),
        required=False,
        max_length=uploads.MAX_IMAGES,
        help_text=_("Up to 5 JPEG, PNG or WebP images of at most 5 MB (multipart only)."),
    )


class IdeaWriteSerializer(serializers.ModelSerializer):
    """What an author sends (IDEA_FIELDS); the domain rules (cost range, categories of the
    cycle) live in `ideas.services`, so the page and the API refuse the same things."""

    description = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True)
    category = serializers.PrimaryKeyRelatedField(queryset=Category.objects.all())
    community = serializers.PrimaryKeyRelatedField(
        queryset=Community.objects.all(), required=False, allow_null=True
    )
    estimated_cost = serializers.DecimalField(**MONEY, min_value=Decimal("0"))
    # any precision: the service rounds a map point to the six places it keeps
    latitude = serializers.FloatField(required=False, allow_null=True)
    longitude = serializers.FloatField(required=False, allow_null=True)

    class Meta:
        model = Idea
        fields = list(IDEA_FIELDS)


class IdeaCreateSerializer(IdeaWriteSerializer):
    cycle = serializers.PrimaryKeyRelatedField(queryset=Cycle.objects.all())
    images = _images_field()

    class Meta(IdeaWriteSerializer.Meta):
        fields = [*IDEA_FIELDS, "cycle", "images"]


class PaperIdeaSerializer(IdeaCreateSerializer):
    """A paper form typed in by staff: for an existing account, or a name and phone."""

    author = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.filter(is_active=True), required=False, allow_null=True
    )
    author_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    author_phone = serializers.CharField(max_length=30, required=False, allow_blank=True)

    class Meta(IdeaCreateSerializer.Meta):
        fields = [*IDEA_FIELDS, "cycle", "images", "author", "author_name", "author_phone"]


class ImagesUploadSerializer(serializers.Serializer):
    images = serializers.ListField(
        child=serializers.FileField(), min_length=1, max_length=uploads.MAX_IMAGES
    )


class ScreenSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=SCREENING_DECISIONS)
    reason = serializers.ChoiceField(
        choices=ScreeningReason.choices, required=False, allow_blank=True
    )
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class MergeSerializer(serializers.Serializer):
    into = serializers.PrimaryKeyRelatedField(queryset=Idea.objects.all())
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class ClaimSerializer(serializers.Serializer):
    claimed = IdeaSerializer(many=True)


class CountSerializer(serializers.Serializer):
    id = serializers.IntegerField(allow_null=True)
    name = serializers.CharField()
    count = serializers.IntegerField()


class StatusCountSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=IdeaStatus.choices)
    label = serializers.CharField()
    count = serializers.IntegerField()


class StatsSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    by_status = StatusCountSerializer(many=True)
    by_category = CountSerializer(many=True)
    by_community = CountSerializer(many=True)


# --- drafts ---


class DraftImageSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    image = serializers.SerializerMethodField()
    thumbnail = serializers.SerializerMethodField()

    def _url(self, image, thumbnail):
        url = reverse(
            "api:idea-draft-image", kwargs={"pk": image.draft_id, "image_id": image.pk}
        ) + ("?thumbnail=1" if thumbnail else "")
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url

    def get_image(self, image) -> str:
        return self._url(image, False)

    def get_thumbnail(self, image) -> str:
        return self._url(image, True)


class DraftSerializer(serializers.ModelSerializer):
    images = DraftImageSerializer(many=True, read_only=True)
    data = serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=10_000),
        help_text="The form's fields as typed (any of IDEA_FIELDS), checked on submit.",
    )

    class Meta:
        model = IdeaDraft
        fields = ["id", "cycle", "data", "images", "updated_at"]
        read_only_fields = ["id", "cycle", "images", "updated_at"]


class DraftCreateSerializer(serializers.Serializer):
    cycle = serializers.PrimaryKeyRelatedField(queryset=Cycle.objects.all())
    data = serializers.JSONField(required=False, default=dict)


class DraftUpdateSerializer(serializers.Serializer):
    data = serializers.JSONField()
