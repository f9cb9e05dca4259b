from django_filters import rest_framework as filters

from .models import Proposal


class ProposalFilter(filters.FilterSet):
    mine = filters.BooleanFilter(method="filter_mine", label="Only the caller's own proposals")

    class Meta:
        model = Proposal
        fields = ["cycle", "status", "idea", "community"]

    def filter_mine(self, queryset, name, value):
        user = self.request.user
        if not value:
            return queryset
        if not user.is_authenticated:
            return queryset.none()
        return queryset.of_author(user)
