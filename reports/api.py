from drf_spectacular.utils import extend_schema
from rest_framework import permissions
from rest_framework.response import Response
from rest_framework.views import APIView

from .participation import participation
from .serializers import ParticipationSerializer


class ParticipationView(APIView):
    """My participation: my ideas and their screening, my proposals, my trainings, whether I
    voted in each cycle (receipts, never choices), and the funded projects I follow."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=ParticipationSerializer, operation_id="me_participation")
    def get(self, request):
        return Response(ParticipationSerializer(participation(request.user)).data)
