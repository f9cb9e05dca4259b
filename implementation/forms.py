from django import forms
from django.utils.translation import gettext_lazy as _

from .models import PLAN_FIELDS, UPDATE_FIELDS, FundedProject, Update
from .uploads import MAX_PHOTOS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PlanForm(forms.ModelForm):
    class Meta:
        model = FundedProject
        fields = PLAN_FIELDS
        widgets = {"planned_start": DATE, "planned_end": DATE}
        help_texts = {
            "latitude": _("Optional map point, e.g. 42.19 (decimal degrees)."),
            "longitude": _("e.g. 42.71"),
        }


class FundForm(PlanForm):
    proposal = forms.ModelChoiceField(queryset=None, label=_("Winning proposal"))

    class Meta(PlanForm.Meta):
        fields = ["proposal", *PLAN_FIELDS]

    def __init__(self, *args, proposals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposal"].queryset = proposals
        self.fields["budget"].required = False
        self.fields["budget"].help_text = _("Empty: the proposal's final cost.")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        return [super(MultipleImageField, self).clean(f, initial) for f in files]


class UpdateForm(forms.Form):
    """A progress update: the model's UPDATE_FIELDS, as the API takes them, and photos.

    A plain form over the model's fields, not a ModelForm: the service, not the model's
    constraints, says what is wrong (a cancellation without a reason, under "reason")."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fields = forms.fields_for_model(
            Update,
            UPDATE_FIELDS,
            labels={
                "text_ka": _("What happened (Georgian)"),
                "text_en": _("What happened (English)"),
            },
            help_texts={
                "reason": _(
                    "Required to cancel the project, to lower the amount spent, or to spend "
                    "above the plan."
                )
            },
            widgets={"reason": forms.Textarea(attrs={"rows": 3})},
        )
        self.fields = {**fields, **self.fields}

    photos = MultipleImageField(
        label=_("Photos"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_("Up to %(n)d photos (JPEG, PNG or WebP, 8 MB each). Location data is removed.")
        % {"n": MAX_PHOTOS},
    )


class ProblemReportForm(forms.Form):
    """A resident's report of what is wrong with a funded project."""

    text = forms.CharField(
        label=_("What is wrong?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "For example: “the lamps were never installed”. Your name is not shown; the "
            "municipality publishes the report and answers it."
        ),
    )
    photos = MultipleImageField(
        label=_("Photos (optional)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_("Up to %(n)d photos (JPEG, PNG or WebP, 8 MB each). Location data is removed.")
        % {"n": MAX_PHOTOS},
    )
