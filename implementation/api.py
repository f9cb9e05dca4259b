from django.db.models import Count, Exists, OuterRef, Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, mixins, parsers, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from cycles.models import Cycle
from proposals.models import Proposal

from . import services
from .models import Follow, FundedProject, Photo, ProjectStatus, Update

MONEY_FIELD = {"max_digits": 12, "decimal_places": 2, "min_value": 0}
COORD = {"max_digits": 8, "decimal_places": 5, "allow_null": True, "required": False}


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
        fields = [
            "id",
            "at",
            "status",
            "status_label",
            "text",
            "text_ka",
            "text_en",
            "spent",
            "reason",
            "photos",
        ]

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

    class Meta:
        model = FundedProject
        fields = [
            "id",
            "cycle",
            "proposal",
            "title",
            "community",
            "department",
            "planned_start",
            "planned_end",
            "budget",
            "spent",
            "status",
            "status_label",
            "time_percent",
            "money_percent",
            "latitude",
            "longitude",
            "osm_url",
            "followers",
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

    class Meta(FundedProjectSerializer.Meta):
        fields = [*FundedProjectSerializer.Meta.fields, "summary", "following", "updates"]


class PlanSerializer(serializers.Serializer):
    department = serializers.CharField(max_length=200, required=False, allow_blank=True)
    planned_start = serializers.DateField(required=False, allow_null=True)
    planned_end = serializers.DateField(required=False, allow_null=True)
    budget = serializers.DecimalField(**MONEY_FIELD, required=False)
    latitude = serializers.DecimalField(**COORD, min_value=-90, max_value=90)
    longitude = serializers.DecimalField(**COORD, min_value=-180, max_value=180)


class FundCreateSerializer(PlanSerializer):
    proposal = serializers.IntegerField(help_text="A proposal of this cycle that won the vote.")


class PlanChangeSerializer(PlanSerializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class UpdateCreateSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ProjectStatus.choices)
    text_ka = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    text_en = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    spent = serializers.DecimalField(**MONEY_FIELD, help_text="Amount spent to date, GEL.")
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=2000,
        help_text="Public reason; required to cancel or to lower the amount spent.",
    )
    photos = serializers.ListField(
        child=serializers.FileField(), required=False, max_length=6, help_text="JPEG/PNG/WebP."
    )


class FollowSerializer(serializers.Serializer):
    following = serializers.BooleanField()


def funded_queryset(user=None):
    projects = FundedProject.objects.select_related("proposal__community").annotate(
        n_followers=Count("follows", distinct=True)
    )
    if user is not None and user.is_authenticated:
        projects = projects.annotate(
            following=Exists(Follow.objects.filter(project=OuterRef("pk"), user=user))
        )
    return projects


@extend_schema_view(
    get=extend_schema(summary="Funded projects of a cycle, with progress of time and money"),
    post=extend_schema(
        summary="Fund a won proposal (organizers)",
        request=FundCreateSerializer,
        responses={201: FundedProjectSerializer},
    ),
)
class CycleFundedView(generics.ListCreateAPIView):
    serializer_class = FundedProjectSerializer
    queryset = FundedProject.objects.none()
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return FundedProject.objects.none()
        cycle = get_object_or_404(Cycle, pk=self.kwargs["cycle_id"])
        return funded_queryset().filter(cycle=cycle).order_by("id")

    def create(self, request, *args, **kwargs):
        cycle = get_object_or_404(Cycle, pk=self.kwargs["cycle_id"])
        data = FundCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        plan = dict(data.validated_data)
        proposal = Proposal.objects.filter(cycle=cycle, pk=plan.pop("proposal")).first()
        if proposal is None:
            raise serializers.ValidationError({"proposal": [_("No such proposal in this cycle.")]})
        project = services.funded_project_create(proposal=proposal, by=request.user, data=plan)
        project = funded_queryset().get(pk=project.pk)
        return Response(FundedProjectSerializer(project).data, status=status.HTTP_201_CREATED)


class FundedProjectViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = FundedProjectDetailSerializer
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    parser_classes = [parsers.JSONParser, parsers.MultiPartParser, parsers.FormParser]
    filter_backends = []

    def get_queryset(self):
        photos = Prefetch("photos", queryset=Photo.objects.order_by("id"))
        updates = Prefetch("updates", queryset=Update.objects.prefetch_related(photos))
        return funded_queryset(self.request.user).prefetch_related(updates)

    def get_object(self):
        project = super().get_object()
        if not hasattr(project, "following"):
            project.following = False
        return project

    def retrieve(self, request, *args, **kwargs):
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(
        summary="Change the plan of a funded project (organizers)",
        request=PlanChangeSerializer,
        responses=FundedProjectDetailSerializer,
    )
    def partial_update(self, request, *args, **kwargs):
        project = get_object_or_404(FundedProject.objects.select_related("cycle"), pk=kwargs["pk"])
        data = PlanChangeSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        services.funded_project_edit(project=project, by=request.user, data=data.validated_data)
        return self.retrieve(request, *args, **kwargs)

    @extend_schema(
        summary="Post a progress update (organizers of the municipality)",
        request={
            "multipart/form-data": UpdateCreateSerializer,
            "application/json": UpdateCreateSerializer,
        },
        responses={201: UpdateSerializer},
    )
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def updates(self, request, pk=None):
        project = get_object_or_404(FundedProject.objects.select_related("cycle"), pk=pk)
        data = UpdateCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        update = services.post_update(
            project=project,
            by=request.user,
            status=values["status"],
            spent=values["spent"],
            text_ka=values.get("text_ka", ""),
            text_en=values.get("text_en", ""),
            reason=values.get("reason", ""),
            photos=values.get("photos", []),
        )
        update = Update.objects.prefetch_related("photos").get(pk=update.pk)
        return Response(
            UpdateSerializer(update, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        summary="Follow (POST) or stop following (DELETE) a funded project",
        request=None,
        responses={200: FollowSerializer},
    )
    @action(
        detail=True, methods=["post", "delete"], permission_classes=[permissions.IsAuthenticated]
    )
    def follow(self, request, pk=None):
        project = get_object_or_404(FundedProject.objects.select_related("cycle"), pk=pk)
        if request.method == "DELETE":
            services.unfollow(project=project, user=request.user)
            return Response({"following": False})
        services.follow(project=project, user=request.user)
        return Response({"following": True})
