from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from cycles.models import MONEY

from .models import IDEA_FIELDS, SCREENING_DECISIONS, Idea, ScreeningReason
from .uploads import MAX_IMAGES

TEXT_MAX = 10_000
ACCEPT = "image/jpeg,image/png,image/webp"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImagesField(forms.FileField):
    """Up to five files; whether they are real images is decided in `ideas.uploads`."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        one = super().clean
        files = [one(d, initial) for d in data] if isinstance(data, (list, tuple)) else []
        if data and not isinstance(data, (list, tuple)):
            files = [one(data, initial)]
        if len(files) > MAX_IMAGES:
            raise forms.ValidationError(
                _("An idea can have at most %(n)d images.") % {"n": MAX_IMAGES}
            )
        return [f for f in files if f]


class IdeaForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Two or three sentences: what, where, why."),
    )
    description = forms.CharField(
        label=_("Description"), max_length=TEXT_MAX, required=False, widget=forms.Textarea
    )
    category = forms.ModelChoiceField(label=_("Category"), queryset=None)
    community = forms.ModelChoiceField(
        label=_("Village or community"), queryset=None, required=False
    )
    estimated_cost = forms.DecimalField(label=_("Estimated cost (GEL)"), min_value=0, **MONEY)
    beneficiaries = forms.CharField(label=_("Who benefits"), max_length=500, required=False)
    latitude = forms.DecimalField(
        label=_("Latitude"),
        required=False,
        max_digits=12,
        decimal_places=8,
        help_text=_("Optional map point, e.g. 42.1912"),
    )
    longitude = forms.DecimalField(
        label=_("Longitude"),
        required=False,
        max_digits=12,
        decimal_places=8,
        help_text=_("e.g. 42.7434"),
    )
    author_named = forms.BooleanField(
        label=_("Name me as the author on the public pages"),
        required=False,
        help_text=_(
            "Otherwise the public sees “a resident of <your village>”. The organizers always "
            "see who wrote it."
        ),
    )
    images = MultipleImagesField(
        label=_("Photos"),
        required=False,
        help_text=_("Up to 5 JPEG, PNG or WebP images, at most 5 MB each."),
    )

    def __init__(self, *args, cycle, with_images=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.cycle = cycle
        self.fields["category"].queryset = cycle.categories.all()
        self.fields["community"].queryset = cycle.municipality.communities.all()
        self.fields["estimated_cost"].help_text = _("Between %(min)s and %(max)s GEL.") % {
            "min": cycle.min_project_cost,
            "max": cycle.max_project_cost,
        }
        if not with_images:
            del self.fields["images"]

    def idea_data(self) -> dict:
        """The idea's own fields (IDEA_FIELDS), as the services take them."""
        return {f: self.cleaned_data[f] for f in IDEA_FIELDS if f in self.cleaned_data}


class PaperIdeaForm(IdeaForm):
    account = forms.CharField(
        label=_("Resident's account (e-mail or phone)"),
        required=False,
        max_length=150,
        help_text=_("If the resident has an account. Otherwise give the name and phone below."),
    )
    author_name = forms.CharField(label=_("Resident's name"), max_length=150, required=False)
    author_phone = forms.CharField(
        label=_("Resident's phone"),
        max_length=30,
        required=False,
        help_text=_("They can later claim the idea by verifying this phone."),
    )

    field_order = ["account", "author_name", "author_phone"]

    def clean_account(self):
        login = self.cleaned_data.get("account", "").strip()
        if not login:
            return None
        try:
            return get_user_model().objects.get_by_login(login)
        except get_user_model().DoesNotExist:
            raise forms.ValidationError(_("No account with this e-mail or phone."))


class ScreenForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(d.value, d.label) for d in SCREENING_DECISIONS],
        widget=forms.RadioSelect,
    )
    reason = forms.ChoiceField(
        label=_("Reason (if not eligible)"),
        choices=[("", "—"), *ScreeningReason.choices],
        required=False,
    )
    note = forms.CharField(
        label=_("Note (public)"), max_length=2000, required=False, widget=forms.Textarea
    )


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(label=_("Merge this idea into"), queryset=Idea.objects.none())
    note = forms.CharField(label=_("Note (public)"), max_length=2000, required=False)

    def __init__(self, *args, idea, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = (
            Idea.objects.open().filter(cycle_id=idea.cycle_id).exclude(pk=idea.pk).order_by("title")
        )
