"""Forms of the voting-point pages; the services check the rules, the forms only the shapes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from cycles.models import Community

from .models import POINT_FIELDS, MemberRole, VotingPoint

WHEN = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class VotingPointForm(forms.ModelForm):
    class Meta:
        model = VotingPoint
        fields = POINT_FIELDS
        widgets = {"opens_at": WHEN, "closes_at": WHEN}

    def __init__(self, *args, cycle, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = Community.objects.filter(
            municipality=cycle.municipality
        )
        self.fields["community"].empty_label = _("Not given")
        for name in ("opens_at", "closes_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]

    def validate_unique(self):
        """One name per cycle: the service answers with a clear message."""


class MemberForm(forms.Form):
    login = forms.CharField(
        label=_("E-mail or phone of the person"),
        max_length=200,
        help_text=_("They need an account on the platform."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices)

    def clean_login(self):
        try:
            return User.objects.get_by_login(self.cleaned_data["login"])
        except User.DoesNotExist:
            raise forms.ValidationError(
                _("There is no account with this e-mail or phone.")
            ) from None


class CloseForm(forms.Form):
    ballots_issued = forms.IntegerField(label=_("Ballots issued"), min_value=0, max_value=1_000_000)
    spoiled = forms.IntegerField(label=_("Spoiled ballots"), min_value=0, max_value=1_000_000)
    signatures = forms.CharField(
        label=_("Signed by"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=6000,
        help_text=_("One name per line: the members of the point who sign the protocol."),
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000, required=False
    )

    def clean_signatures(self):
        names = [n.strip() for n in self.cleaned_data["signatures"].splitlines() if n.strip()]
        if not names:
            raise forms.ValidationError(_("At least one member of the point signs the protocol."))
        return names[:30]
