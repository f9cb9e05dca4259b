"""The voting-points API: a GenericViewSet per resource, thin. Who may act is decided before the
body is read: the phase table (cycles.permissions), then the point itself (its officers)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.response import Response

from core.errors import NotFound
from cycles.permissions import CycleAction, CycleScoped

from . import serializers as s
from . import services
from .models import MemberRole, PointMember, VotingPoint


class CycleVotingPointViewSet(CycleScoped, mixins.ListModelMixin, viewsets.GenericViewSet):
    """A cycle's voting points (anyone reads them); organizers add them until the vote ends."""

    serializer_class = s.VotingPointSerializer
    permission_classes = [CycleAction]
    cycle_actions = {"create": "manage_voting_points"}
    filter_backends = []
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return VotingPoint.objects.none()
        return VotingPoint.objects.filter(cycle=self.cycle).select_related("community")

    @extend_schema(
        responses={201: s.VotingPointSerializer}, operation_id="cycles_voting_points_create"
    )
    def create(self, request, pk=None):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        point = services.point_create(
            cycle=self.cycle, by=request.user, data=serializer.validated_data
        )
        return Response(self.get_serializer(point).data, status=status.HTTP_201_CREATED)


class VotingPointViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """One voting point: anyone reads it (and its protocol once closed); organizers change it,
    appoint its officers and observers; its officers open and close it."""

    queryset = VotingPoint.objects.select_related("cycle__municipality", "community")
    serializer_class = s.VotingPointSerializer
    permission_classes = [CycleAction]
    cycle_actions = {
        "partial_update": "manage_voting_points",
        "officers": "manage_voting_points",
        "observers": "manage_voting_points",
        "remove_officer": "manage_voting_points",
        "remove_observer": "manage_voting_points",
        "open": "run_voting_point",
        "close": "run_voting_point",
        "count": "watch_voting_point",
    }
    filter_backends = []
    pagination_class = None

    def partial_update(self, request, pk=None):
        point = self.get_object()  # the organizer and the phase first
        serializer = self.get_serializer(point, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        point = services.point_update(point=point, by=request.user, data=serializer.validated_data)
        return Response(self.get_serializer(point).data)

    def _members(self, request, role):
        point = self.get_object()
        if request.method == "GET":
            members = PointMember.objects.filter(point=point, role=role).select_related("user")
            return Response(s.MemberSerializer(members, many=True).data)
        serializer = s.MemberInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        member = services.member_add(
            point=point, by=request.user, user=serializer.validated_data["user"], role=role
        )
        return Response(s.MemberSerializer(member).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["GET"], responses=s.MemberSerializer(many=True))
    @extend_schema(
        methods=["POST"], request=s.MemberInSerializer, responses={201: s.MemberSerializer}
    )
    def officers(self, request, pk=None):
        return self._members(request, MemberRole.OFFICER)

    @extend_schema(methods=["GET"], responses=s.MemberSerializer(many=True))
    @extend_schema(
        methods=["POST"], request=s.MemberInSerializer, responses={201: s.MemberSerializer}
    )
    def observers(self, request, pk=None):
        return self._members(request, MemberRole.OBSERVER)

    def _remove(self, request, user_id, role):
        point = self.get_object()
        if user_id > 2**31 - 1:
            raise NotFound(_("This person has no such role at this voting point."))
        services.member_remove(point=point, by=request.user, user_id=user_id, role=role)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(responses={204: None})
    def remove_officer(self, request, pk=None, user=None):
        return self._remove(request, user, MemberRole.OFFICER)

    @extend_schema(responses={204: None})
    def remove_observer(self, request, pk=None, user=None):
        return self._remove(request, user, MemberRole.OBSERVER)

    @extend_schema(
        request=None,
        responses=s.VotingPointSerializer,
        description=_("The point's officer or an organizer opens it, once, during the vote."),
    )
    def open(self, request, pk=None):
        point = services.point_open(point=self.get_object(), by=request.user)
        return Response(self.get_serializer(point).data)

    @extend_schema(
        request=s.CloseSerializer,
        responses=s.VotingPointSerializer,
        description=_(
            "The point's officer or an organizer closes it with its protocol. From then on "
            "it takes no ballot (409 conflict); the protocol goes on the public record."
        ),
    )
    def close(self, request, pk=None):
        point = self.get_object()
        services.require_staff(point, request.user)  # 403 before the protocol is read
        serializer = s.CloseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        point = services.point_close(point=point, by=request.user, **serializer.validated_data)
        return Response(self.get_serializer(point).data)

    @extend_schema(
        responses=s.LiveCountSerializer,
        description=_(
            "The live count of ballots entered at the point: its observers, officers and "
            "the municipality's organizers."
        ),
    )
    def count(self, request, pk=None):
        point = self.get_object()
        return Response(
            s.LiveCountSerializer(services.live_count(point=point, by=request.user)).data
        )
