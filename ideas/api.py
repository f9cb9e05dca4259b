"""The ideas API: categories and ideas. Who may act is decided before a body is read."""

from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core import media
from core.errors import Forbidden, Invalid, NotFound
from core.parsers import FormParser, JSONParser, MultiPartParser
from core.parsing import parse_id
from cycles.models import Cycle
from cycles.permissions import REFUSALS, CycleAction, check
from cycles.services import require_organizer

from . import serializers as s
from . import services
from .exports import ideas_csv
from .filters import IdeaFilter
from .models import Category, Idea, IdeaChannel, IdeaDraft

CYCLE_PARAM = OpenApiParameter("cycle", int, required=True, description="The cycle's id.")
MULTIPART = [MultiPartParser, FormParser, JSONParser]


def _organizers_only(user):
    """Someone who organizes nowhere is refused before anything of the request is read."""
    if not user.is_organizer:
        raise Forbidden(REFUSALS["organizer"])


def _cycle_in_body(request, action) -> Cycle:
    """Read only the body's `cycle` and `check()` the action there; the rest is read after."""
    ref = s.CycleRefSerializer(data=request.data)
    ref.is_valid(raise_exception=True)
    cycle = ref.validated_data["cycle"]
    check(request.user, cycle, action)
    return cycle


def _cycle_in_query(request) -> Cycle:
    """The `?cycle=` of an organizer's read, whose organizers alone may read it."""
    _organizers_only(request.user)
    pk = parse_id(request.query_params.get("cycle", ""))
    if pk is None:
        raise Invalid(fields={"cycle": [_("Give the cycle's id.")]})
    cycle = Cycle.objects.select_related("municipality").filter(pk=pk).first()
    if cycle is None:
        raise NotFound()
    require_organizer(request.user, cycle.municipality_id)
    return cycle


class CategoryViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Idea categories of a cycle; organizers of its municipality add and rename them while the
    cycle may be edited."""

    queryset = Category.objects.select_related("cycle")
    serializer_class = s.CategorySerializer
    filterset_fields = ["cycle"]
    filter_backends = [DjangoFilterBackend]
    http_method_names = ["get", "post", "patch", "head", "options"]
    permission_classes = [permissions.IsAuthenticatedOrReadOnly, CycleAction]
    cycle_actions = {"partial_update": "edit_cycle"}  # on the category's cycle, in get_object()

    def get_serializer_class(self):
        if self.action == "partial_update":
            return s.CategoryUpdateSerializer
        return s.CategorySerializer

    @extend_schema(responses={201: s.CategorySerializer})
    def create(self, request, *args, **kwargs):
        _organizers_only(request.user)
        _cycle_in_body(request, "edit_cycle")
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
        data = s.CategoryUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        services.category_update(by=request.user, category=category, data=data.validated_data)
        return Response(s.CategorySerializer(category).data)


class MayChangeIdea(permissions.BasePermission):
    """Editing and withdrawing are the idea's own rule (its authors, and organizers for paper
    forms; while the phase and the idea's state allow), checked on the object before the body."""

    ACTIONS = {
        "partial_update": "edit_idea",
        "images": "edit_idea",
        "remove_image": "edit_idea",
        "destroy": "withdraw_idea",
    }

    def has_object_permission(self, request, view, idea):
        if view.action in self.ACTIONS:
            idea.check_change(request.user, self.ACTIONS[view.action])
        return True


class IdeaViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Ideas of the competitions. Lists show public ideas and the caller's own withdrawn ones."""

    serializer_class = s.IdeaSerializer
    filterset_class = IdeaFilter
    filter_backends = [DjangoFilterBackend]
    parser_classes = MULTIPART
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    permission_classes = [permissions.IsAuthenticatedOrReadOnly, CycleAction, MayChangeIdea]
    cycle_actions = {"screen": "screen_idea", "merge": "merge_idea"}

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
        _cycle_in_body(request, "submit_idea")
        data = s.IdeaCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        cycle, images = fields.pop("cycle"), fields.pop("images", [])
        idea = services.idea_submit(
            author=request.user, cycle=cycle, data=fields, images=images, channel=IdeaChannel.APP
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
    @action(detail=True, methods=["post"])
    def images(self, request, pk=None):
        """Add photos (at most five in all) while the idea can be edited."""
        idea = self.get_object()
        data = s.ImagesUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.idea_add_images(idea=idea, by=request.user, images=data.validated_data["images"])
        return self._read(idea)

    @extend_schema(responses={204: None})
    @action(detail=True, methods=["delete"], url_path=r"images/(?P<image_id>\d{1,12})")
    def remove_image(self, request, pk=None, image_id=None):
        services.idea_remove_image(idea=self.get_object(), by=request.user, image_id=image_id)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        request=s.ScreenSerializer,
        responses={200: s.IdeaSerializer},
    )
    @action(detail=True, methods=["post"])
    def screen(self, request, pk=None):
        """Organizers of the municipality: eligible, or ineligible with a standard reason."""
        idea = self.get_object()
        data = s.ScreenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        services.idea_screen(
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
    @action(detail=True, methods=["post"])
    def merge(self, request, pk=None):
        """Organizers merge this idea (a duplicate) into `into`; its authors join `into`."""
        idea = self.get_object()
        data = s.MergeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.idea_merge(
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
    @action(detail=False, methods=["post"])
    def paper(self, request):
        """Organizers type in a paper idea form for a resident (an account, or name and phone)."""
        _organizers_only(request.user)
        _cycle_in_body(request, "enter_paper_idea")
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
    @action(detail=False, methods=["post"])
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
        """Organizers: the cycle's ideas counted by status, category and community (withdrawn
        included: organizers see all)."""
        cycle = _cycle_in_query(request)
        return Response(Idea.objects.filter(cycle=cycle).counts())

    @extend_schema(
        parameters=[CYCLE_PARAM],
        filters=False,
        responses={(200, "text/csv"): OpenApiTypes.STR},
    )
    @action(detail=False, methods=["get"], permission_classes=[permissions.IsAuthenticated])
    def export(self, request):
        """Organizers: every idea of the cycle as CSV."""
        return ideas_csv(_cycle_in_query(request))


class DraftViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The caller's drafts of ideas (one per cycle), autosaved while they write; photos join
    the draft when chosen, so nothing is lost to a form error or a dropped connection."""

    serializer_class = s.DraftSerializer
    permission_classes = [permissions.IsAuthenticated]
    parser_classes = MULTIPART
    filterset_fields = ["cycle"]
    filter_backends = [DjangoFilterBackend]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return IdeaDraft.objects.none()
        return (
            IdeaDraft.objects.filter(user=self.request.user)
            .select_related("cycle")
            .prefetch_related("images")
            .order_by("-updated_at", "-id")
        )

    def _read(self, draft, code=status.HTTP_200_OK):
        draft = self.get_queryset().get(pk=draft.pk)
        return Response(self.get_serializer(draft).data, status=code)

    @extend_schema(request=s.DraftCreateSerializer, responses={200: s.DraftSerializer})
    def create(self, request):
        """Save the caller's draft for a cycle (created or saved over): autosave."""
        cycle = _cycle_in_body(request, "submit_idea")
        data = s.DraftCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        draft = services.draft_save(
            user=request.user, cycle=cycle, data=data.validated_data["data"]
        )
        return self._read(draft)

    @extend_schema(request=s.DraftUpdateSerializer, responses={200: s.DraftSerializer})
    def partial_update(self, request, pk=None):
        draft = self.get_object()
        check(request.user, draft.cycle, "submit_idea")
        data = s.DraftUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.draft_save(user=request.user, cycle=draft.cycle, data=data.validated_data["data"])
        return self._read(draft)

    @extend_schema(responses={204: None})
    def destroy(self, request, pk=None):
        services.draft_discard(draft=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        request={"multipart/form-data": s.ImagesUploadSerializer},
        responses={200: s.DraftSerializer},
    )
    @action(detail=True, methods=["post"])
    def images(self, request, pk=None):
        """Add photos to the draft (five at most, re-encoded without EXIF)."""
        draft = self.get_object()
        check(request.user, draft.cycle, "submit_idea")
        data = s.ImagesUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.draft_add_images(
            draft=draft, user=request.user, images=data.validated_data["images"]
        )
        return self._read(draft)

    @extend_schema(
        methods=["GET"],
        parameters=[OpenApiParameter("thumbnail", bool, description="the small version")],
        responses={(200, "image/*"): OpenApiTypes.BINARY, 302: None},
    )
    @extend_schema(methods=["DELETE"], responses={204: None})
    @action(
        detail=True,
        methods=["get", "delete"],
        url_path=r"images/(?P<image_id>\d{1,12})",
        url_name="image",
    )
    def image(self, request, pk=None, image_id=None):
        """A photo of the draft (to its writer only), or take it out of the draft."""
        draft = self.get_object()
        if request.method == "DELETE":
            services.draft_remove_image(draft=draft, image_id=image_id)
            return Response(status=status.HTTP_204_NO_CONTENT)
        image = draft.images.filter(pk=image_id).first()
        if image is None:
            raise NotFound()
        field = image.thumbnail if request.query_params.get("thumbnail") else image.image
        return media.file_response(
            request, field.storage, field.name, cache_control=media.PRIVATE_CACHE
        )

    @extend_schema(request=None, responses={201: s.IdeaSerializer})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """The draft becomes the idea (its fields checked as on `POST ideas/`); the draft goes."""
        draft = self.get_object()
        check(request.user, draft.cycle, "submit_idea")
        data = s.IdeaWriteSerializer(data={k: v for k, v in draft.data.items() if v != ""})
        data.is_valid(raise_exception=True)
        idea = services.idea_submit(
            author=request.user,
            cycle=draft.cycle,
            data=dict(data.validated_data),
            channel=IdeaChannel.APP,
            draft=draft,
        )
        idea = Idea.objects.visible_to(request.user, managed=True).for_lists().get(pk=idea.pk)
        return Response(
            s.IdeaSerializer(idea, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )
