from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from cycles.forms import CommunityChoiceField
from cycles.models import Community, Municipality

from . import lockout
from .models import Language, User, normalize_phone, phone_validator


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("E-mail or phone"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )

    def clean(self):
        if lockout.is_locked(self.cleaned_data.get("username", ""), self.request):
            raise forms.ValidationError(
                _("Too many failed logins for this account; try again in 15 minutes.")
            )
        return super().clean()


class RegisterForm(forms.Form):
    name = forms.CharField(label=_("Name and surname"), max_length=150)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(
        label=_("Mobile phone"),
        required=False,
        max_length=30,
        help_text=_("Give an e-mail, a phone, or both."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Municipality.objects.all()
    )
    community = CommunityChoiceField(
        label=_("Village or community"),
        required=False,
        help_text=_("In the municipality chosen above."),
    )
    birth_date = forms.DateField(
        label=_("Birth date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    password = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("email", "phone"):
            self.fields[name].when_required = _("an e-mail or a phone is needed")

    def clean_phone(self):
        value = self.cleaned_data.get("phone")
        if not value:
            return ""
        value = normalize_phone(value)
        phone_validator(value)
        return value

    def clean(self):
        data = super().clean()
        if not data.get("email") and not data.get("phone"):
            self.add_error("email", _("Give an e-mail address or a phone number."))
        if data.get("password"):
            try:
                password_validation.validate_password(
                    data["password"], User(name=data.get("name", ""), email=data.get("email"))
                )
            except forms.ValidationError as exc:
                self.add_error("password", exc)
        return data


class ProfileForm(forms.ModelForm):
    """The profile page's fields; the rules are the service's (accounts.services.profile_update)."""

    class Meta:
        model = User
        fields = User.PROFILE_FIELDS
        widgets = {"birth_date": forms.DateInput(attrs={"type": "date"})}
        field_classes = {"community": CommunityChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # the villages of the resident's own municipality (all of them, grouped, if none yet)
        municipality = self.instance.municipality_id if self.instance else None
        if municipality and "community" in self.fields:
            self.fields["community"].queryset = Community.objects.filter(
                municipality_id=municipality
            )


class PhoneForm(forms.Form):
    phone = forms.CharField(
        label=_("Mobile phone"),
        max_length=30,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )

    def clean_phone(self):
        value = normalize_phone(self.cleaned_data["phone"])
        phone_validator(value)
        return value


class CodeForm(forms.Form):
    code = forms.RegexField(
        label=_("Code from the SMS"),
        regex=r"^\s*[0-9]{6}\s*$",
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class PasswordResetRequestForm(forms.Form):
    login = forms.CharField(
        label=_("E-mail or phone"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )


class PasswordResetCodeForm(forms.Form):
    login = forms.CharField(
        label=_("E-mail or phone"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )
    code = forms.RegexField(
        label=_("Code from the e-mail or SMS"),
        regex=r"^\s*[0-9]{6,8}\s*$",
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class NewPasswordForm(forms.Form):
    """A new password, typed twice; the validators run in the service (for the account)."""

    new_password1 = forms.CharField(
        label=_("New password"),
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    new_password2 = forms.CharField(
        label=_("New password again"),
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        one, two = data.get("new_password1"), data.get("new_password2")
        if one and two and one != two:
            self.add_error("new_password2", _("The two passwords differ."))
        return data


class PasswordChangeForm(NewPasswordForm):
    old_password = forms.CharField(
        label=_("Current password"),
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    field_order = ["old_password", "new_password1", "new_password2"]
