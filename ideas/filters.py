"""One FilterSet for the public list, used by the page and by `GET ideas/`."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from .models import Idea, IdeaStatus

ORDERINGS = {
    "newest": ["-created_at", "-id"],
    "oldest": ["created_at", "id"],
    "title": ["title", "id"],
}


class IdeaFilter(filters.FilterSet):
    # numbers, not model choices: an unknown id is an empty list, not an extra query
    cycle = filters.NumberFilter(field_name="cycle_id", label=_("Cycle"))
    category = filters.NumberFilter(field_name="category_id", label=_("Category"))
    community = filters.NumberFilter(field_name="community_id", label=_("Community"))
    status = filters.ChoiceFilter(choices=IdeaStatus.choices, label=_("Status"))
    author = filters.ChoiceFilter(
        choices=[("me", _("Mine"))], method="filter_author", label=_("Author")
    )
    search = filters.CharFilter(method="filter_search", max_length=200, label=_("Search"))
    ordering = filters.ChoiceFilter(
        choices=[("newest", _("Newest")), ("oldest", _("Oldest")), ("title", _("Title"))],
        method="filter_ordering",
        label=_("Order"),
        empty_label=None,
    )

    class Meta:
        model = Idea
        fields = ["cycle", "category", "community", "status"]

    def filter_author(self, queryset, name, value):
        user = getattr(self.request, "user", None)
        if not (user and user.is_authenticated):
            return queryset.none()
        mine = Idea.co_authors.through.objects.filter(user_id=user.pk).values("idea_id")
        return queryset.filter(Q(author_id=user.pk) | Q(pk__in=mine))

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value)
            | Q(summary__icontains=value)
            | Q(description__icontains=value)
        )

    def filter_ordering(self, queryset, name, value):
        return queryset.order_by(*ORDERINGS.get(value, ORDERINGS["newest"]))
