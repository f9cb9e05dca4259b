from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from core.errors import Invalid, NotFound
from cycles.models import Cycle

from .. import reports, screening, services
from ..filters import IdeaFilter
from ..models import Category, Channel, Idea
from . import serializers as s

CYCLE_PARAM = OpenApiParameter("cycle", int, required=True, description="The cycle's id.")
MULTIPART = [MultiPartParser, FormParser, JSONParser]


def _cycle_from_query(request) -> Cycle:
    raw = request.query_params.get("cycle", "")
    if not raw.isdigit() or len(raw) > 12:
        raise Invalid(fields={"cycle": [_("Give the cycle's id.")]})
    cycle = Cycle.objects.select_related("municipality").filter(pk=int(raw)).first()
    if cycle is None:
        raise NotFound()
    return cycle


class CategoryViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Idea categories of a cycle; organizers of its municipality add and rename them."""

    queryset = Category.objects.select_related("cycle")
    serializer_class = s.CategorySerializer
    filterset_fields = ["cycle"]
    filter_backends = [DjangoFilterBackend]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_serializer_class(self):
        if self.action == "partial_update":
            return s.CategoryUpdateSerializer
        return s.CategorySerializer

    @extend_schema(responses={201: s.CategorySerializer})
    def create(self, request, *args, **kwargs):
        data = s.CategorySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        category = services.category_create(
            by=request.user,
            cycle=v["cycle"],
            name_ka=v["name_ka"],
            name_en=v.get("name_en", ""),
            slug=v.get("slug", ""),
        )
        return Response(s.CategorySerializer(category).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: s.CategorySerializer})
    def partial_update(self, request, *args, **kwargs):
        category = self.get_object()
        data = s.CategoryUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.category_update(by=request.user, category=category, data=data.validated_data)
        return Response(s.CategorySerializer(category).data)


class IdeaViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Ideas of the competitions. Lists show public ideas and the caller's own withdrawn ones."""

    serializer_class = s.IdeaSerializer
    filterset_class = IdeaFilter
    filter_backends = [DjangoFilterBackend]
    parser_classes = MULTIPART
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        managed = self.action != "list"
        return Idea.objects.visible_to(self.request.user, managed=managed).for_lists()

    def _read(self, idea, code=status.HTTP_200_OK):
        idea = self.get_queryset().get(pk=idea.pk)
        return Response(self.get_serializer(idea).data, status=code)

    @extend_schema(
        request={
            "multipart/form-data": s.IdeaCreateSerializer,
            "application/json": s.IdeaCreateSerializer,
        },
        responses={201: s.IdeaSerializer},
    )
    def create(self, request):
        """Submit an idea during the ideas competition (residents of the municipality)."""
        data = s.IdeaCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        cycle, images = fields.pop("cycle"), fields.pop("images", [])
        idea = services.idea_submit(
            author=request.user, cycle=cycle, data=fields, images=images, channel=Channel.APP
        )
        return self._read(idea, status.HTTP_201_CREATED)

    @extend_schema(
        request=s.IdeaWriteSerializer,
        responses={200: s.IdeaSerializer},
    )
    def partial_update(self, request, pk=None):
        """Authors edit their idea while the competition is open and it is not yet screened."""
        idea = self.get_object()
        data = s.IdeaWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        services.idea_update(idea=idea, by=request.user, data=dict(data.validated_data))
        return self._read(idea)

    @extend_schema(responses={204: None})
    def destroy(self, request, pk=None):
        """Withdraw: the idea leaves the public list (its authors still see it)."""
        services.idea_withdraw(idea=self.get_object(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        request={"multipart/form-data": s.ImagesUploadSerializer},
        responses={200: s.IdeaSerializer},
    )
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def images(self, request, pk=None):
        """Add photos (at most five in all) while the idea can be edited."""
        idea = self.get_object()
        data = s.ImagesUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.idea_add_images(idea=idea, by=request.user, images=data.validated_data["images"])
        return self._read(idea)

    @extend_schema(responses={204: None})
    @action(
        detail=True,
        methods=["delete"],
        url_path=r"images/(?P<image_id>\d{1,12})",
        permission_classes=[permissions.IsAuthenticated],
    )
    def remove_image(self, request, pk=None, image_id=None):
        services.idea_remove_image(idea=self.get_object(), by=request.user, image_id=image_id)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        request=s.ScreenSerializer,
        responses={200: s.IdeaSerializer},
    )
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def screen(self, request, pk=None):
        """Organizers of the municipality: eligible, or ineligible with a standard reason."""
        idea = self.get_object()
        data = s.ScreenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        screening.idea_screen(
            idea=idea,
            by=request.user,
            decision=v["decision"],
            reason=v.get("reason", ""),
            note=v.get("note", ""),
        )
        return self._read(idea)

    @extend_schema(
        request=s.MergeSerializer,
        responses={200: s.IdeaSerializer},
    )
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def merge(self, request, pk=None):
        """Organizers merge this idea (a duplicate) into `into`; its authors join `into`."""
        idea = self.get_object()
        data = s.MergeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        screening.idea_merge(
            idea=idea,
            into=data.validated_data["into"],
            by=request.user,
            note=data.validated_data.get("note", ""),
        )
        return self._read(idea)

    @extend_schema(
        request={
            "multipart/form-data": s.PaperIdeaSerializer,
            "application/json": s.PaperIdeaSerializer,
        },
        responses={201: s.IdeaSerializer},
    )
    @action(detail=False, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def paper(self, request):
        """Organizers type in a paper idea form for a resident (an account, or name and phone)."""
        data = s.PaperIdeaSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        cycle, images = fields.pop("cycle"), fields.pop("images", [])
        idea = services.paper_idea_enter(
            by=request.user,
            cycle=cycle,
            data=fields,
            images=images,
            resident=fields.pop("author", None),
            name=fields.pop("author_name", ""),
            phone=fields.pop("author_phone", ""),
        )
        return self._read(idea, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: s.ClaimSerializer})
    @action(detail=False, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def claim(self, request):
        """Become the author of the paper ideas filed under your verified phone number."""
        claimed = services.paper_ideas_claim(user=request.user)
        ideas = self.get_queryset().filter(pk__in=[i.pk for i in claimed])
        return Response(
            {"claimed": s.IdeaSerializer(ideas, many=True, context={"request": request}).data}
        )

    @extend_schema(
        parameters=[CYCLE_PARAM],
        filters=False,
        responses={200: s.StatsSerializer},
    )
    @action(detail=False, methods=["get"], permission_classes=[permissions.IsAuthenticated])
    def stats(self, request):
        """Organizers: the cycle's ideas counted by status, category and community."""
        cycle = _cycle_from_query(request)
        return Response(reports.cycle_counts(cycle=cycle, by=request.user))

    @extend_schema(
        parameters=[CYCLE_PARAM],
        filters=False,
        responses={(200, "text/csv"): OpenApiTypes.STR},
    )
    @action(detail=False, methods=["get"], permission_classes=[permissions.IsAuthenticated])
    def export(self, request):
        """Organizers: every idea of the cycle as CSV."""
        cycle = _cycle_from_query(request)
        return reports.ideas_csv(cycle=cycle, by=request.user)
