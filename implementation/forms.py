from django import forms
from django.utils.translation import gettext_lazy as _

from .models import FundedProject, ProjectStatus
from .photos import MAX_PHOTOS


class PlanForm(forms.ModelForm):
    class Meta:
        model = FundedProject
        fields = ["department", "planned_start", "planned_end", "budget", "latitude", "longitude"]
        widgets = {
            "planned_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "planned_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "latitude": _("Optional map point, e.g. 42.19 (decimal degrees)."),
            "longitude": _("e.g. 42.71"),
        }


class FundForm(PlanForm):
    proposal = forms.ModelChoiceField(queryset=None, label=_("Winning proposal"))

    class Meta(PlanForm.Meta):
        fields = ["proposal", *PlanForm.Meta.fields]

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
    status = forms.ChoiceField(label=_("Status"), choices=ProjectStatus.choices)
    spent = forms.DecimalField(
        label=_("Spent to date (GEL)"), max_digits=12, decimal_places=2, min_value=0
    )
    text_ka = forms.CharField(
        label=_("What happened (Georgian)"), widget=forms.Textarea, required=False, max_length=5000
    )
    text_en = forms.CharField(
        label=_("What happened (English)"), widget=forms.Textarea, required=False, max_length=5000
    )
    reason = forms.CharField(
        label=_("Public reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        help_text=_("Required to cancel the project or to lower the amount spent."),
    )
    photos = MultipleImageField(
        label=_("Photos"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_("Up to %(n)d photos (JPEG, PNG or WebP, 8 MB each). Location data is removed.")
        % {"n": MAX_PHOTOS},
    )
