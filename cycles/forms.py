"""Form fields every app's forms share about places."""

from django import forms
from django.utils.choices import BaseChoiceIterator

from .models import Community


class _ByMunicipality(BaseChoiceIterator):
    """The villages of a queryset as one <optgroup> per municipality, read when rendered."""

    def __init__(self, field):
        self.field = field

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        groups = {}
        communities = self.field.queryset.select_related("municipality")
        for c in communities.order_by("municipality__name_ka", "name_ka"):
            groups.setdefault(c.municipality, []).append((c.pk, c.name))
        for municipality, options in groups.items():
            yield (municipality.name, options)

    def __len__(self):
        return self.field.queryset.count() + (self.field.empty_label is not None)


class CommunityChoiceField(forms.ModelChoiceField):
    """A village or community, grouped under its municipality (in the reader's language)."""

    def __init__(self, queryset=None, **kwargs):
        super().__init__(
            queryset=Community.objects.all() if queryset is None else queryset, **kwargs
        )

    def _get_choices(self):
        if hasattr(self, "_choices"):
            return self._choices
        return _ByMunicipality(self)

    choices = property(_get_choices, forms.ChoiceField.choices.fset)
