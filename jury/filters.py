from django_filters import rest_framework as filters

from .models import Assignment, AssignmentStatus


class AssignmentFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=AssignmentStatus.choices)
    cycle = filters.NumberFilter(field_name="juror__cycle_id")

    class Meta:
        model = Assignment
        fields = ["cycle", "status"]
