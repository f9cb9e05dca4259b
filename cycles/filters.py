from django_filters import rest_framework as filters

from .models import Cycle


class CycleFilter(filters.FilterSet):
    municipality = filters.CharFilter(field_name="municipality__slug")

    class Meta:
        model = Cycle
        fields = ["municipality", "year", "phase"]
