"""One FilterSet for the public list, used by the page and by `GET ideas/`."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from core.search import matches

from .models import Idea, IdeaStatus


class IdFilter(filters.NumberFilter):
    """A whole, positive id: "1.5", "-1" or a 30-digit number is a 400, not a database error."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**31 - 1)
        super().__init__(*args, **kwargs)


ORDERINGS = {
    "newest": ["-created_at", "-id"],
    "oldest": ["created_at", "id"],
    "title": ["title", "id"],
}


class IdeaFilter(filters.FilterSet):
    # numbers, not model choices: an unknown id is an empty list, not an extra query
    cycle = IdFilter(field_name="cycle_id", label=_("Cycle"))
    category = IdFilter(field_name="category_id", label=_("Category"))
    community = IdFilter(field_name="community_id", label=_("Community"))
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
        plain = (
            Q(title__icontains=value)
            | Q(summary__icontains=value)
            | Q(description__icontains=value)
        )
        # Latin finds Georgian and a word form finds the word (core.search)
        found = matches(value)
        return queryset.filter(plain | found if found is not None else plain)

    def filter_ordering(self, queryset, name, value):
        return queryset.order_by(*ORDERINGS.get(value, ORDERINGS["newest"]))
