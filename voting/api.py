"""The voting API: a GenericViewSet per resource, thin. Who may act is decided before the body is
read (cycles.permissions: 401, 403, 409, and only then 400); the views then call the same
services the pages call, which check again."""

from django.http import HttpResponse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_post_parameters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from core.throttling import ThrottledTogether, UserRateThrottle
from cycles.models import BallotKind
from cycles.permissions import CycleAction, CycleScoped
from cycles.services import has_role
from voting_points import services as points

from . import export, results, services, turnout
from . import serializers as s
from .models import Envelope

SERVICE_ENTER = services.paper_ballot_enter


class VerificationThrottle(UserRateThrottle):
    scope = "voter_verification"
    rate = "30/hour"


class BallotThrottle(UserRateThrottle):
    """Casting, changing or entering ballots, per account: settings THROTTLE_BALLOT."""

    scope = "ballot"


class VotingViewSet(CycleScoped, ThrottledTogether, viewsets.GenericViewSet):
    """A resource under `cycles/{id}/`; `throttled_actions` get the throttles they name (read
    and written together with the default ones: core.throttling.ThrottledTogether)."""

    permission_classes = [CycleAction]
    filter_backends = []
    pagination_class = None
    throttled_actions: dict = {}

    def get_throttles(self):
        extra = self.throttled_actions.get(self.action)
        return [*super().get_throttles(), extra()] if extra else super().get_throttles()


class CycleEnvelopeViewSet(mixins.ListModelMixin, VotingViewSet):
    """The envelopes of a cycle (anyone); organizers add them before voting opens."""

    serializer_class = s.EnvelopeSerializer
    cycle_actions = {"create": "manage_envelopes"}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Envelope.objects.none()
        return Envelope.objects.filter(cycle=self.cycle).select_related("community")

    @extend_schema(responses={201: s.EnvelopeSerializer})
    def create(self, request, pk=None):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        envelope = services.envelope_create(
            cycle=self.cycle, by=request.user, data=serializer.validated_data
        )
        return Response(self.get_serializer(envelope).data, status=status.HTTP_201_CREATED)


class EnvelopeViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """One envelope (anyone); organizers change or remove it before voting opens."""

    queryset = Envelope.objects.select_related("cycle__municipality", "community")
    serializer_class = s.EnvelopeSerializer
    permission_classes = [CycleAction]
    cycle_actions = {"partial_update": "manage_envelopes", "destroy": "manage_envelopes"}
    filter_backends = []

    def partial_update(self, request, pk=None):
        envelope = self.get_object()  # checks the organizer and the phase first
        serializer = self.get_serializer(envelope, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        envelope = services.envelope_update(
            envelope=envelope, by=request.user, data=serializer.validated_data
        )
        return Response(self.get_serializer(envelope).data)

    @extend_schema(responses={204: None})
    def destroy(self, request, pk=None):
        services.envelope_delete(envelope=self.get_object(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class BallotViewSet(VotingViewSet):
    """The ballot as voters see it: envelopes, their rule and budget, the projects. No counts."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(responses=s.BallotSerializer)
    def retrieve(self, request, pk=None):
        cycle = self.cycle
        envelopes = (
            Envelope.objects.filter(cycle=cycle)
            .select_related("community")
            .prefetch_related("projects")
        )
        data = {
            "cycle": cycle.pk,
            "phase": cycle.phase,
            "ballot_changes_allowed": cycle.ballot_changes_allowed,
            "tally_rule": cycle.tally_rule,
            "envelopes": envelopes,
        }
        return Response(s.BallotSerializer(data).data)


def voter_status(cycle, user) -> dict:
    voter = services.voter_key_of(cycle=cycle, user=user)
    return {
        "verified": voter is not None,
        "community": voter.community_id if voter else None,
        "envelopes": [e.pk for e in services.envelopes_for(cycle, voter)] if voter else [],
    }


# the debug page and error reports never show a personal number or birth date (core.reporting)
identity_body = method_decorator(
    sensitive_post_parameters("personal_number", "birth_date"), name="dispatch"
)


@identity_body
class VoterVerificationViewSet(VotingViewSet):
    """Whether the caller is a verified voter of the cycle; residents verify themselves."""

    permission_classes = [permissions.IsAuthenticated, CycleAction]
    cycle_actions = {"verify": "verify_voter"}
    throttled_actions = {"verify": VerificationThrottle}

    @extend_schema(responses=s.VoterStatusSerializer)
    def retrieve(self, request, pk=None):
        return Response(s.VoterStatusSerializer(voter_status(self.cycle, request.user)).data)

    @extend_schema(
        request=s.VoterVerificationSerializer,
        responses=s.VoterStatusSerializer,
        description=_(
            "Eligibility check: 11-digit personal number, minimum age, residence. Only a keyed "
            "hash of the personal number is stored. 409 conflict when the number is already "
            "verified on another account."
        ),
    )
    def verify(self, request, pk=None):
        services.require_verifiable(cycle=self.cycle, user=request.user)
        serializer = s.VoterVerificationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.voter_verify(cycle=self.cycle, user=request.user, **serializer.validated_data)
        return Response(s.VoterStatusSerializer(voter_status(self.cycle, request.user)).data)


def choices_of(ballot):
    """A stored ballot in the shape it was cast: ids, or points per id for cumulative ballots."""
    picks = sorted(ballot.choices.all(), key=lambda c: c.project_id)
    if ballot.envelope.ballot_kind == BallotKind.CUMULATIVE:
        return {str(c.project_id): c.points for c in picks}
    if ballot.envelope.ballot_kind == BallotKind.RANKED:  # first choice first: most points
        picks.sort(key=lambda c: -c.points)
    return [c.project_id for c in picks]


def _cast_envelope(ballot, choices) -> dict:
    return {
        "envelope": ballot.envelope_id,
        "choices": choices,
        "receipt": ballot.receipt,
        "channel": ballot.channel,
        "voting_point": ballot.voting_point.name if ballot.voting_point_id else "",
        "updated_at": ballot.updated_at,
    }


def my_ballot_data(cycle, user) -> dict:
    ballots = services.my_ballots(cycle=cycle, user=user)
    paper = services.paper_vote_of(cycle=cycle, user=user)
    return {
        "verified": bool(ballots or paper)
        or services.voter_key_of(cycle=cycle, user=user) is not None,
        "ballot_changes_allowed": cycle.ballot_changes_allowed,
        "voted_on_paper": paper,
        "envelopes": [_cast_envelope(b, choices_of(b)) for b in ballots],
    }


def _picked(ballot):
    """choices_of() for a ballot just written, from its `picks` {project_id: points}."""
    if ballot.envelope.ballot_kind == BallotKind.CUMULATIVE:
        return {str(pid): points for pid, points in sorted(ballot.picks.items())}
    if ballot.envelope.ballot_kind == BallotKind.RANKED:  # first choice first: most points
        return [pid for pid, _p in sorted(ballot.picks.items(), key=lambda kv: (-kv[1], kv[0]))]
    return sorted(ballot.picks)


def cast_ballot_data(cycle, user, ballots) -> dict:
    """my_ballot_data() after a cast, built from the rows just written: no read-back (issue 18).
    A ballot of an envelope this cast left out is read, with its choices, only then."""
    if ballots.others:
        return my_ballot_data(cycle, user)
    return {
        "verified": True,
        "ballot_changes_allowed": cycle.ballot_changes_allowed,
        "voted_on_paper": None,  # a paper voter cannot cast online (services.store_ballots)
        "envelopes": [
            _cast_envelope(b, _picked(b)) for b in sorted(ballots, key=lambda b: b.envelope_id)
        ],
    }


class MyBallotViewSet(VotingViewSet):
    """The caller's own ballot: read it, cast it, change it (if the cycle allows)."""

    permission_classes = [permissions.IsAuthenticated, CycleAction]
    cycle_actions = {"cast": "cast_ballot"}
    throttled_actions = {"cast": BallotThrottle}

    @extend_schema(responses=s.MyBallotSerializer)
    def retrieve(self, request, pk=None):
        return Response(s.MyBallotSerializer(my_ballot_data(self.cycle, request.user)).data)

    @extend_schema(
        request=s.MyBallotInSerializer,
        responses=s.MyBallotSerializer,
        description=_(
            "Cast or change the ballot during voting. Approval and knapsack envelopes take a "
            "list of project ids; cumulative envelopes take points per project id; ranked "
            "envelopes take the ordered list of project ids, first choice first (or ranks "
            "per project id, 1 for the first choice). 409 "
            "already_voted when a ballot is counted and cannot be changed (or was cast on "
            "paper)."
        ),
    )
    def cast(self, request, pk=None):
        voter = services.require_voter(cycle=self.cycle, user=request.user)
        serializer = s.MyBallotInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        ballots = services.ballot_cast(
            cycle=self.cycle,
            user=request.user,
            envelopes=serializer.validated_data["envelopes"],
            voter=voter,
        )
        return Response(
            s.MyBallotSerializer(cast_ballot_data(self.cycle, request.user, ballots)).data
        )


@identity_body
class PaperBallotViewSet(VotingViewSet):
    """Staff at a voting point enter paper ballots, and correct one entered wrongly."""

    cycle_actions = {"create": "enter_paper_ballot", "correction": "enter_paper_ballot"}
    throttled_actions = {"create": BallotThrottle}

    def _enter(self, request, serializer_class, service):
        # the point decides who may enter here (its officers; organizers correct): 403 or 409
        # from the one field that names it, before the rest of the body is read
        raw = request.data.get("voting_point") if hasattr(request.data, "get") else None
        if raw is not None:
            point = points.point_of(self.cycle, raw)
            points.require_entry(point, request.user, correction=service is not SERVICE_ENTER)
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        args = dict(serializer.validated_data)
        args["community"] = services.community_or_none(self.cycle, args.pop("community", None))
        ballots = service(cycle=self.cycle, by=request.user, **args)
        out = {"ballots": [{"envelope": b.envelope_id, "receipt": b.receipt} for b in ballots]}
        return s.PaperBallotOutSerializer(out).data

    @extend_schema(
        request=s.PaperBallotSerializer,
        responses={201: s.PaperBallotOutSerializer},
        description=_(
            "An officer of the named voting point enters a paper ballot there while it is open "
            "(403 for anyone else, 409 conflict once it is closed). The same identity rule as "
            "online: 409 already_voted says which channel voted."
        ),
    )
    def create(self, request, pk=None):
        data = self._enter(request, s.PaperBallotSerializer, services.paper_ballot_enter)
        return Response(data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=s.PaperCorrectionSerializer,
        responses=s.PaperBallotOutSerializer,
        description=_(
            "Correct a paper ballot at the point where it was entered: its officer while the "
            "point is open, or an organizer at any time of the vote; who, where, when and why "
            "go on the public record."
        ),
    )
    def correction(self, request, pk=None):
        data = self._enter(request, s.PaperCorrectionSerializer, services.paper_ballot_correct)
        return Response(data)


class VoterRollViewSet(VotingViewSet):
    """The cycle's voter roll, from the civil registry: organizers import it and read its size.
    Who may is decided before the file is read."""

    cycle_actions = {"retrieve": "view_voter_roll", "upload": "manage_voter_roll"}
    parser_classes = [MultiPartParser, FormParser, JSONParser]  # JSON: no file, a clean 400

    @extend_schema(responses=s.VoterRollSerializer)
    def retrieve(self, request, pk=None):
        return Response(s.VoterRollSerializer(services.voter_roll_summary(self.cycle)).data)

    @extend_schema(
        request={"multipart/form-data": s.VoterRollUploadSerializer},
        responses=s.VoterRollImportSerializer,
        description=_(
            "Import the voter roll (UTF-8 CSV: personal_number,birth_date,community; community "
            "empty or a community's id, slug or name). It replaces the cycle's roll. Rows that "
            "are wrong are listed in `rejected` by line and not imported. Numbers and birth "
            "dates are stored only as keyed hashes."
        ),
    )
    def upload(self, request, pk=None):
        out = services.voter_roll_import(
            cycle=self.cycle, by=request.user, upload=request.FILES.get("file")
        )
        return Response(s.VoterRollImportSerializer(out).data)


class ReceiptViewSet(viewsets.GenericViewSet):
    """Anyone learns whether a ballot with a receipt code is counted, and nothing more."""

    permission_classes = [permissions.AllowAny]
    filter_backends = []

    @extend_schema(responses=s.ReceiptSerializer)
    def retrieve(self, request, code=None):
        counted = services.receipt_counted(code)
        return Response(s.ReceiptSerializer({"receipt": code, "counted": counted}).data)


class TurnoutViewSet(VotingViewSet):
    """Anyone follows participation during and after the vote, in aggregate (groups under 10 as
    "< 10"); the municipality's organizers see exact numbers and more. People, never votes."""

    cycle_actions = {"retrieve": "view_turnout"}

    @extend_schema(responses=s.TurnoutSerializer)
    def retrieve(self, request, pk=None):
        exact = has_role(request.user, self.cycle, "organizer")
        return Response(s.TurnoutSerializer(turnout.turnout(self.cycle, exact=exact)).data)


class ResultsViewSet(VotingViewSet):
    """The published results (anyone), as JSON, a CSV table and Pabulib `.pb` files."""

    permission_classes = [permissions.AllowAny]

    def perform_content_negotiation(self, request, force=False):
        # a download still answers its errors in JSON, whatever the client accepts
        force = force or self.action in ("csv", "pb")
        return super().perform_content_negotiation(request, force=force)

    @extend_schema(responses=s.ResultsSerializer)
    def retrieve(self, request, pk=None):
        cycle = self.cycle
        data = {
            "cycle": cycle.pk,
            "rule": cycle.tally_rule,
            "rule_text": cycle.tally_rule_text,
            "envelopes": results.results_of(cycle),
        }
        return Response(s.ResultsSerializer(data).data)

    @extend_schema(
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description=_("Results table"))
        }
    )
    def csv(self, request, pk=None):
        return export.results_csv(self.cycle)

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
            )
        },
    )
    def pb(self, request, pk=None):
        cycle = self.cycle
        envelope = export.envelope_for_pb(cycle, request.query_params.get("envelope"))
        response = HttpResponse(
            results.pb_text(cycle, envelope), content_type="text/plain; charset=utf-8"
        )
        name = f"results-{cycle.pk}-{envelope.pk}.pb"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
