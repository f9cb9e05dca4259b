"""Thin API views: parse, call the same service the pages call, answer."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import permissions, status
from rest_framework.response import Response
from rest_framework.throttling import UserRateThrottle
from rest_framework.views import APIView

from cycles.models import Cycle

from .. import export, paper, results, services, turnout
from ..models import Envelope
from . import serializers as s

ERRORS = {
    400: OpenApiResponse(description=_("invalid: see error.fields")),
    401: OpenApiResponse(description=_("not_authenticated")),
    403: OpenApiResponse(description=_("forbidden")),
    404: OpenApiResponse(description=_("not_found")),
    409: OpenApiResponse(description=_("phase_closed, conflict or already_voted")),
}


def errors(*codes):
    return {code: ERRORS[code] for code in codes}


def get_cycle(pk) -> Cycle:
    return get_object_or_404(Cycle.objects.select_related("municipality"), pk=pk)


def ballot_data(cycle) -> dict:
    envelopes = (
        Envelope.objects.filter(cycle=cycle)
        .select_related("community")
        .prefetch_related("projects")
    )
    return {
        "cycle": cycle.pk,
        "phase": cycle.phase,
        "ballot_changes_allowed": cycle.ballot_changes_allowed,
        "tally_rule": cycle.tally_rule,
        "envelopes": envelopes,
    }


class EnvelopeListView(APIView):
    """The envelopes of a cycle (anyone); organizers add them before voting opens."""

    permission_classes = [permissions.IsAuthenticatedOrReadOnly]

    @extend_schema(responses={200: s.EnvelopeSerializer(many=True), **errors(404)})
    def get(self, request, pk):
        cycle = get_cycle(pk)
        envelopes = Envelope.objects.filter(cycle=cycle).select_related("community")
        return Response(s.EnvelopeSerializer(envelopes, many=True).data)

    @extend_schema(
        request=s.EnvelopeSerializer,
        responses={201: s.EnvelopeSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def post(self, request, pk):
        cycle = get_cycle(pk)
        serializer = s.EnvelopeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        envelope = services.envelope_create(
            cycle=cycle, by=request.user, data=serializer.validated_data
        )
        return Response(s.EnvelopeSerializer(envelope).data, status=status.HTTP_201_CREATED)


class EnvelopeDetailView(APIView):
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]

    def get_object(self, pk):
        return get_object_or_404(
            Envelope.objects.select_related("cycle__municipality", "community"), pk=pk
        )

    @extend_schema(responses={200: s.EnvelopeSerializer, **errors(404)})
    def get(self, request, pk):
        return Response(s.EnvelopeSerializer(self.get_object(pk)).data)

    @extend_schema(
        request=s.EnvelopeSerializer,
        responses={200: s.EnvelopeSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def patch(self, request, pk):
        envelope = self.get_object(pk)
        serializer = s.EnvelopeSerializer(envelope, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        envelope = services.envelope_update(
            envelope=envelope, by=request.user, data=serializer.validated_data
        )
        return Response(s.EnvelopeSerializer(envelope).data)

    @extend_schema(responses={204: None, **errors(401, 403, 404, 409)})
    def delete(self, request, pk):
        services.envelope_delete(envelope=self.get_object(pk), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class BallotView(APIView):
    """The ballot as voters see it: envelopes, their rule and budget, the projects. No counts."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(responses={200: s.BallotSerializer, **errors(404)})
    def get(self, request, pk):
        return Response(s.BallotSerializer(ballot_data(get_cycle(pk))).data)


def voter_status(cycle, user) -> dict:
    voter = services.voter_key_of(cycle=cycle, user=user)
    return {
        "verified": voter is not None,
        "community": voter.community_id if voter else None,
        "envelopes": [e.pk for e in services.envelopes_for(cycle, voter)] if voter else [],
    }


class VerificationThrottle(UserRateThrottle):
    scope = "voter_verification"
    rate = "30/hour"


class BallotThrottle(UserRateThrottle):
    """Casting, changing or entering ballots, per account: settings THROTTLE_BALLOT."""

    scope = "ballot"


class VoterVerificationView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    def get_throttles(self):
        if self.request.method == "POST":
            return [*super().get_throttles(), VerificationThrottle()]
        return super().get_throttles()

    @extend_schema(responses={200: s.VoterStatusSerializer, **errors(401, 404)})
    def get(self, request, pk):
        return Response(s.VoterStatusSerializer(voter_status(get_cycle(pk), request.user)).data)

    @extend_schema(
        request=s.VoterVerificationSerializer,
        responses={200: s.VoterStatusSerializer, **errors(400, 401, 403, 404, 409)},
        description=_(
            "Eligibility check: 11-digit personal number, minimum age, residence. Only a keyed "
            "hash of the personal number is stored. 409 conflict when the number is already "
            "verified on another account."
        ),
    )
    def post(self, request, pk):
        cycle = get_cycle(pk)
        serializer = s.VoterVerificationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.voter_verify(cycle=cycle, user=request.user, **serializer.validated_data)
        return Response(s.VoterStatusSerializer(voter_status(cycle, request.user)).data)


def choices_of(ballot):
    """A stored ballot in the shape it was cast: ids, or points per id for cumulative ballots."""
    from cycles.models import BallotKind

    picks = sorted(ballot.choices.all(), key=lambda c: c.project_id)
    if ballot.envelope.ballot_kind == BallotKind.CUMULATIVE:
        return {str(c.project_id): c.points for c in picks}
    return [c.project_id for c in picks]


def my_ballot_data(cycle, user) -> dict:
    voter = services.voter_key_of(cycle=cycle, user=user)
    return {
        "verified": voter is not None,
        "ballot_changes_allowed": cycle.ballot_changes_allowed,
        "envelopes": [
            {
                "envelope": b.envelope_id,
                "choices": choices_of(b),
                "receipt": b.receipt,
                "channel": b.channel,
                "voting_point": b.voting_point,
                "updated_at": b.updated_at,
            }
            for b in services.my_ballots(cycle=cycle, user=user)
        ],
    }


class MyBallotView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    def get_throttles(self):
        if self.request.method == "PUT":
            return [*super().get_throttles(), BallotThrottle()]
        return super().get_throttles()

    @extend_schema(responses={200: s.MyBallotSerializer, **errors(401, 404)})
    def get(self, request, pk):
        return Response(s.MyBallotSerializer(my_ballot_data(get_cycle(pk), request.user)).data)

    @extend_schema(
        request=s.MyBallotInSerializer,
        responses={200: s.MyBallotSerializer, **errors(400, 401, 403, 404, 409)},
        description=_(
            "Cast or change the ballot during voting. Approval and knapsack envelopes take a "
            "list of project ids; cumulative envelopes take points per project id. 409 "
            "already_voted when a ballot is counted and cannot be changed (or was cast on "
            "paper)."
        ),
    )
    def put(self, request, pk):
        cycle = get_cycle(pk)
        serializer = s.MyBallotInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.ballot_cast(
            cycle=cycle, user=request.user, envelopes=serializer.validated_data["envelopes"]
        )
        return Response(s.MyBallotSerializer(my_ballot_data(cycle, request.user)).data)


def _paper_args(cycle, data):
    args = dict(data)
    args["community"] = paper.community_or_none(cycle, args.pop("community", None))
    return args


class PaperBallotView(APIView):
    permission_classes = [permissions.IsAuthenticated]
    throttle_classes = [*APIView.throttle_classes, BallotThrottle]

    @extend_schema(
        request=s.PaperBallotSerializer,
        responses={201: s.PaperBallotOutSerializer, **errors(400, 401, 403, 404, 409)},
        description=_(
            "Staff at a voting point enter a paper ballot. The same identity rule as online: "
            "409 already_voted says which channel voted."
        ),
    )
    def post(self, request, pk):
        cycle = get_cycle(pk)
        serializer = s.PaperBallotSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        ballots = paper.paper_ballot_enter(
            cycle=cycle, by=request.user, **_paper_args(cycle, serializer.validated_data)
        )
        out = {"ballots": [{"envelope": b.envelope_id, "receipt": b.receipt} for b in ballots]}
        return Response(s.PaperBallotOutSerializer(out).data, status=status.HTTP_201_CREATED)


class PaperCorrectionView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        request=s.PaperCorrectionSerializer,
        responses={200: s.PaperBallotOutSerializer, **errors(400, 401, 403, 404, 409)},
        description=_("Correct a paper ballot; who, where, when and why go on the record."),
    )
    def post(self, request, pk):
        cycle = get_cycle(pk)
        serializer = s.PaperCorrectionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        ballots = paper.paper_ballot_correct(
            cycle=cycle, by=request.user, **_paper_args(cycle, serializer.validated_data)
        )
        out = {"ballots": [{"envelope": b.envelope_id, "receipt": b.receipt} for b in ballots]}
        return Response(s.PaperBallotOutSerializer(out).data)


class ReceiptView(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(responses={200: s.ReceiptSerializer})
    def get(self, request, code):
        counted = services.receipt_counted(code)
        return Response(s.ReceiptSerializer({"receipt": code, "counted": counted}).data)


class TurnoutView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses={200: s.TurnoutSerializer, **errors(401, 403, 404, 409)})
    def get(self, request, pk):
        data = turnout.turnout(cycle=get_cycle(pk), user=request.user)
        return Response(s.TurnoutSerializer(data).data)


class ResultsView(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(responses={200: s.ResultsSerializer, **errors(404, 409)})
    def get(self, request, pk):
        cycle = get_cycle(pk)
        data = {"cycle": cycle.pk, "rule": cycle.tally_rule, "envelopes": results.results_of(cycle)}
        return Response(s.ResultsSerializer(data).data)


class FileView(APIView):
    """A download; errors still answer JSON whatever the client accepts."""

    permission_classes = [permissions.AllowAny]

    def perform_content_negotiation(self, request, force=False):
        return super().perform_content_negotiation(request, force=True)


class ResultsCsvView(FileView):
    @extend_schema(
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description=_("Results table")),
            **errors(404, 409),
        }
    )
    def get(self, request, pk):
        cycle = get_cycle(pk)
        return export.results_csv(cycle)


class ResultsPbView(FileView):
    @extend_schema(
        parameters=[
            OpenApiParameter(
                "envelope",
                OpenApiTypes.INT,
                description=_("Which envelope (default: the municipality-wide one)."),
            )
        ],
        responses={
            (200, "text/plain"): OpenApiResponse(
                OpenApiTypes.STR, description=_("Pabulib .pb file, anonymous voter ids")
            ),
            **errors(404, 409),
        },
    )
    def get(self, request, pk):
        cycle = get_cycle(pk)
        envelope = export.envelope_for_pb(cycle, request.query_params.get("envelope"))
        text = results.pb_text(cycle, envelope)
        response = HttpResponse(text, content_type="text/plain; charset=utf-8")
        name = f"results-{cycle.pk}-{envelope.pk}.pb"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
