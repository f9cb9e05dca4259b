from django import forms
from django.utils.translation import gettext_lazy as _

from .models import BROADCAST_CHANNELS, TEXT_MAX


class BroadcastForm(forms.Form):
    """An organizer's message to residents: the fields of BROADCAST_FIELDS, and the key that
    makes the confirmation, posted twice, send once."""

    channels = forms.MultipleChoiceField(
        label=_("Send by"),
        choices=[(c.value, c.label) for c in BROADCAST_CHANNELS],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("In the app also reaches the phones where the app is installed."),
    )
    community = forms.ModelChoiceField(
        label=_("To"),
        queryset=None,
        required=False,
        empty_label=_("Every resident of the municipality"),
    )
    text_ka = forms.CharField(
        label=_("Message (Georgian)"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Georgian SMS: 70 characters fit one message; a longer text is split into parts "
            "of 67 characters, each paid for."
        ),
    )
    text_en = forms.CharField(
        label=_("Message (English)"),
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Residents who read English get this; without it, the Georgian."),
    )
    key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args, cycle, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = cycle.municipality.communities.all()

    def message(self) -> dict:
        return {f: self.cleaned_data[f] for f in ("channels", "community", "text_ka", "text_en")}
