from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from .models import SESSION_FIELDS, TrainingSession


class SessionForm(forms.ModelForm):
    online_url = forms.URLField(
        label=_("online link"), required=False, assume_scheme="https", max_length=200
    )

    class Meta:
        model = TrainingSession
        fields = list(SESSION_FIELDS)
        widgets = {
            "starts_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "ends_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, municipality=None, **kwargs):
        super().__init__(*args, **kwargs)
        users = get_user_model().objects.filter(is_active=True)
        if municipality is not None:
            users = users.filter(municipality=municipality)
        self.fields["trainer"].queryset = users.order_by("name")
        self.fields["capacity"].min_value = 1
        self.fields["capacity"].widget.attrs["min"] = 1

    def _post_clean(self):
        # the service validates place/link and times; skip the model's own constraint check
        # here so its message (in the service's words) is what the organizer sees
        pass


class PersonForm(forms.Form):
    person = forms.CharField(
        label=_("E-mail or phone of the person"),
        max_length=254,
        help_text=_("For someone who phoned in: their account's e-mail or phone number."),
    )
