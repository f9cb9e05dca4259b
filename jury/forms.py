from django import forms
from django.utils.translation import gettext_lazy as _

from core.parsing import parse_int

from .models import Criterion


class ScoreForm(forms.Form):
    """One value (0..max) and an optional comment per criterion of the cycle."""

    def __init__(self, criteria, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for c in self.criteria:
            self.fields[f"value_{c.pk}"] = forms.IntegerField(
                label=_("%(name)s (0–%(max)d)") % {"name": c.name, "max": c.max_score},
                min_value=0,
                max_value=c.max_score,
                required=False,
                help_text=c.description,
            )
            self.fields[f"comment_{c.pk}"] = forms.CharField(
                label=_("Comment on “%(name)s”") % {"name": c.name},
                required=False,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def scores(self) -> list[dict]:
        out = []
        for c in self.criteria:
            value = self.cleaned_data.get(f"value_{c.pk}")
            if value is None:
                continue
            out.append(
                {
                    "criterion": c.pk,
                    "value": value,
                    "comment": self.cleaned_data.get(f"comment_{c.pk}", ""),
                }
            )
        return out

    def show_errors(self, fields: dict, scores: list[dict]):
        """Put the service's field errors ("scores.2.value") next to the inputs they concern."""
        for key, messages in fields.items():
            parts = key.split(".")
            target = None
            index = parse_int(parts[1], minimum=0) if len(parts) == 3 else None
            if index is not None and index < len(scores):
                target = f"value_{scores[index]['criterion']}"
            for message in messages:
                self.add_error(target, message)


class ConflictForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you have a conflict of interest?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Seen by the organizers only. The proposal goes to another juror."),
    )


class ShortlistForm(forms.Form):
    proposals = forms.TypedMultipleChoiceField(
        label=_("Proposals on the ballot"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Pre-selected: the best ranked proposals that fit the shortlist size."),
    )
    justification = forms.CharField(
        label=_("Justification of any change to the jury's ranking"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when the selection differs from the pre-selected one. Public."),
    )

    def __init__(self, rows, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["justification"].when_required = _("needed when you change the selection")
        self.fields["proposals"].choices = [
            (
                r["proposal"],
                f"{r['rank'] or '–'}. {r['title']}"
                + (f" ({r['score']})" if r["score"] is not None else ""),
            )
            for r in rows
        ]


class JurorForm(forms.Form):
    login = forms.CharField(
        label=_("E-mail or phone of the person"),
        max_length=254,
        help_text=_("They need an account. Jurors never score proposals they wrote."),
    )
    is_chair = forms.BooleanField(label=_("Chair of the jury"), required=False)


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["name_ka", "name_en", "description_ka", "description_en", "weight", "max_score"]
        widgets = {
            "description_ka": forms.Textarea(attrs={"rows": 2}),
            "description_en": forms.Textarea(attrs={"rows": 2}),
        }
