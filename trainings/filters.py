from django_filters import rest_framework as filters

from .models import TrainingSession


class SessionFilter(filters.FilterSet):
    class Meta:
        model = TrainingSession
        fields = ["cycle", "language"]
