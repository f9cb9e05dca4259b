"""Serializers of the implementation API. The plan and update fields come from the model's lists
(PLAN_FIELDS, UPDATE_FIELDS); the services judge them together."""

from rest_framework import serializers

from .models import (
    PLAN_FIELDS,
    UPDATE_FIELDS,
    FundedProject,
    Photo,
    ProblemReport,
    ProblemReportPhoto,
    ProjectStatus,
    Update,
)
from .uploads import MAX_PHOTOS


class PhotoSerializer(serializers.ModelSerializer):
    class Meta:
        model = Photo
        fields = ["id", "image", "thumbnail", "width", "height"]


class UpdateSerializer(serializers.ModelSerializer):
    text = serializers.CharField(read_only=True)
    status_label = serializers.SerializerMethodField()
    photos = PhotoSerializer(many=True, read_only=True)

    class Meta:
        model = Update
        fields = ["id", "at", *UPDATE_FIELDS, "status_label", "text", "photos"]

    def get_status_label(self, update) -> str:
        return str(ProjectStatus(update.status).label)


class FundedProjectSerializer(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True)
    community = serializers.SerializerMethodField()
    status_label = serializers.SerializerMethodField()
    time_percent = serializers.SerializerMethodField()
    money_percent = serializers.SerializerMethodField()
    osm_url = serializers.CharField(read_only=True)
    followers = serializers.IntegerField(read_only=True, source="n_followers")
    over_budget = serializers.BooleanField(
        read_only=True, help_text="Spent more than the budgeted amount."
    )
    late = serializers.BooleanField(
        read_only=True, help_text="Past the planned end, neither completed nor cancelled."
    )

    class Meta:
        model = FundedProject
        fields = [
            "id",
            "cycle",
            "proposal",
            "title",
            "community",
            *PLAN_FIELDS,
            "spent",
            "status",
            "status_label",
            "time_percent",
            "money_percent",
            "osm_url",
            "followers",
            "over_budget",
            "late",
        ]

    def get_community(self, project) -> str | None:
        community = project.proposal.community
        return community.name if community else None

    def get_status_label(self, project) -> str:
        return str(ProjectStatus(project.status).label)

    def get_time_percent(self, project) -> int:
        return project.time_percent()

    def get_money_percent(self, project) -> int:
        return project.money_percent()


class FundedProjectDetailSerializer(FundedProjectSerializer):
    summary = serializers.CharField(source="proposal.summary", read_only=True)
    following = serializers.BooleanField(read_only=True)
    updates = UpdateSerializer(many=True, read_only=True)
    over_budget_reason = serializers.CharField(
        read_only=True,
        help_text="The public reason of the latest update that spent above the plan.",
    )

    class Meta(FundedProjectSerializer.Meta):
        fields = [
            *FundedProjectSerializer.Meta.fields,
            "summary",
            "following",
            "updates",
            "over_budget_reason",
        ]


class PlanSerializer(serializers.ModelSerializer):
    """The plan fields as the model defines them, each optional: a PATCH names what changes."""

    class Meta:
        model = FundedProject
        fields = list(PLAN_FIELDS)
        extra_kwargs = {field: {"required": False} for field in PLAN_FIELDS}


class FundCreateSerializer(PlanSerializer):
    proposal = serializers.IntegerField(help_text="A proposal of this cycle that won the vote.")

    class Meta(PlanSerializer.Meta):
        fields = ["proposal", *PLAN_FIELDS]


class PlanChangeSerializer(PlanSerializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)

    class Meta(PlanSerializer.Meta):
        fields = [*PLAN_FIELDS, "reason"]


class UpdateCreateSerializer(serializers.ModelSerializer):
    photos = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        max_length=MAX_PHOTOS,
        help_text="JPEG/PNG/WebP.",
    )

    class Meta:
        model = Update
        fields = [*UPDATE_FIELDS, "photos"]


class FollowSerializer(serializers.Serializer):
    following = serializers.BooleanField()


class ProblemReportPhotoSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProblemReportPhoto
        fields = ["id", "image", "thumbnail", "width", "height"]


class ProblemReportSerializer(serializers.ModelSerializer):
    """A report as the public sees it: never who wrote it (`mine` tells the reporter)."""

    photos = ProblemReportPhotoSerializer(many=True, read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    mine = serializers.SerializerMethodField()

    class Meta:
        model = ProblemReport
        fields = [
            "id",
            "text",
            "status",
            "status_label",
            "reason",
            "answer",
            "answered_at",
            "created_at",
            "photos",
            "mine",
        ]

    def get_mine(self, report) -> bool:
        request = self.context.get("request")
        user = getattr(request, "user", None)
        return bool(user and user.is_authenticated and report.author_id == user.pk)


class ProblemReportCreateSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=2000, help_text="What is wrong, in a sentence or two.")
    photos = serializers.ListField(
        child=serializers.FileField(), required=False, max_length=MAX_PHOTOS
    )


class ProblemReportRejectSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, help_text="Why it is not published (public).")


class ProblemReportAnswerSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=5000, help_text="The municipality's answer (public).")
