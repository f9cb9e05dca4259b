from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from . import services
from .filters import CycleFilter
from .models import Cycle, Municipality
from .permissions import CycleAction, check_organizer
from .phases import ENTERING, Phase, require
from .serializers import (
    AdvancePreviewSerializer,
    AdvanceSerializer,
    CycleSerializer,
    MunicipalitySerializer,
)


class MunicipalityViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Municipality.objects.prefetch_related("communities")
    serializer_class = MunicipalitySerializer
    permission_classes = [permissions.AllowAny]
    lookup_field = "slug"
    search_fields = ["name_ka", "name_en", "slug"]
    filterset_fields = []


class CycleViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    queryset = Cycle.objects.select_related("municipality").prefetch_related("transitions")
    serializer_class = CycleSerializer
    permission_classes = [permissions.IsAuthenticatedOrReadOnly, CycleAction]
    cycle_actions = {"partial_update": "edit_cycle", "advance": "edit_cycle"}
    filterset_class = CycleFilter
    search_fields = ["title_ka", "title_en"]
    ordering_fields = ["year", "id"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def create(self, request, *args, **kwargs):
        # who may set up a cycle: an organizer (asked before the body is read), of the
        # municipality the body names (that one field read next); the rest of the body after
        check_organizer(request.user)
        slug = request.data.get("municipality") if hasattr(request.data, "get") else None
        if isinstance(slug, str) and "\x00" not in slug:
            municipality = Municipality.objects.filter(slug=slug).first()
            if municipality is not None:
                check_organizer(request.user, municipality)
        return super().create(request, *args, **kwargs)

    def partial_update(self, request, *args, **kwargs):
        cycle = self.get_object()  # 401, 403 and 409 (closed) before the body is read
        # the rules of the vote are frozen once voting opens: naming one is 409, before any 400
        named = set(request.data.keys()) if hasattr(request.data, "keys") else set()
        if named & set(Cycle.VOTING_RULE_FIELDS):
            require(cycle, "change_voting_rules")
        return super().partial_update(request, *args, **kwargs)

    def perform_create(self, serializer):
        serializer.instance = services.cycle_create(
            by=self.request.user, data=dict(serializer.validated_data)
        )

    def perform_update(self, serializer):
        serializer.instance = services.cycle_update(
            cycle=serializer.instance, by=self.request.user, data=dict(serializer.validated_data)
        )

    @extend_schema(
        methods=["GET"],
        request=None,
        responses=AdvancePreviewSerializer,
        description="Before advancing: the next phase, what entering it does, and the work of "
        "the current phase left unfinished (organizers).",
    )
    @extend_schema(
        methods=["POST"],
        request=AdvanceSerializer,
        responses=CycleSerializer,
        description="Move to the next phase. 409 `reason_required` (with `fields.reason`) "
        "while unfinished work with `needs_reason` is left and no `reason` is given.",
    )
    @action(
        detail=True,
        methods=["get", "post"],
        permission_classes=[permissions.IsAuthenticated, CycleAction],
    )
    def advance(self, request, pk=None):
        cycle = self.get_object()  # 401, 403 and 409 before the body is read
        if request.method == "GET":
            to = cycle.next_phase
            items = services.unfinished(cycle, to) if to else []
            return Response(
                AdvancePreviewSerializer(
                    {
                        "to": to,
                        "to_label": str(Phase(to).label) if to else None,
                        "what_happens": str(ENTERING.get(to, "")),
                        "unfinished": [vars(item) for item in items],
                        "reason_required": any(item.needs_reason for item in items),
                    }
                ).data
            )
        data = AdvanceSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.advance(
            cycle=cycle,
            to=data.validated_data["to"],
            by=request.user,
            reason=data.validated_data.get("reason", ""),
        )
        cycle.refresh_from_db()
        return Response(self.get_serializer(cycle).data)
