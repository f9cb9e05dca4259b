"""Forms of the voting pages. Ballot choices are plain checkboxes and number inputs, read by
`choices_from_post` into the same shape the API takes, and checked by the same service."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cycles.models import BallotKind, Community
from voting_points.models import VotingPoint

from .models import ENVELOPE_FIELDS, Envelope


class EnvelopeForm(forms.ModelForm):
    class Meta:
        model = Envelope
        fields = ENVELOPE_FIELDS

    def __init__(self, *args, cycle, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = Community.objects.filter(
            municipality=cycle.municipality
        )
        self.fields["community"].empty_label = _("Whole municipality")


class VoterRollForm(forms.Form):
    file = forms.FileField(
        label=_("The voter roll (CSV)"),
        help_text=_(
            "A UTF-8 CSV file whose first line is the one below; the birth date as year-month-day "
            "(1985-03-14); the community empty or a community's name. It replaces the roll."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )


class IdentityForm(forms.Form):
    personal_number = forms.CharField(
        label=_("Personal number"),
        min_length=11,
        max_length=11,
        help_text=_("11 digits, as on the ID card. Only a keyed hash of it is stored."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    birth_date = forms.DateField(
        label=_("Birth date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # never echo the personal number back into the page
        self.fields["personal_number"].widget.render_value = False


class PaperBallotForm(IdentityForm):
    voting_point = forms.ModelChoiceField(
        label=_("Voting point"), queryset=VotingPoint.objects.none(), empty_label=None
    )
    community = forms.ModelChoiceField(
        label=_("Community where the voter lives"),
        queryset=Community.objects.none(),
        required=False,
        empty_label=_("Not given"),
    )

    def __init__(self, *args, cycle, points, **kwargs):
        """`points`: where this person may enter (or correct) a ballot now."""
        super().__init__(*args, **kwargs)
        self.fields["voting_point"].queryset = points
        self.fields["community"].queryset = Community.objects.filter(
            municipality=cycle.municipality
        )


class PaperCorrectionForm(PaperBallotForm):
    reason = forms.CharField(label=_("Why is the ballot corrected?"), max_length=2000)


def choices_from_post(post, envelopes) -> tuple[list[dict], list[int]]:
    """The ballot form -> ([{"envelope", "choices"}], envelope ids in that order).

    Envelopes left blank are skipped, so a voter may fill in only some of them.
    """
    out, order = [], []
    for envelope in envelopes:
        prefix = f"e{envelope.pk}"
        if envelope.ballot_kind == BallotKind.RANKED:
            # a select of rank per project: {"id": rank}, checked by the service
            choices = {}
            for project in envelope.projects.all():
                raw = (post.get(f"{prefix}_p{project.pk}") or "").strip()
                if raw:
                    choices[str(project.pk)] = raw
            filled = bool(choices)
        elif envelope.ballot_kind == BallotKind.CUMULATIVE:
            choices = {}
            for project in envelope.projects.all():
                raw = (post.get(f"{prefix}_p{project.pk}") or "").strip()
                if raw and raw != "0":
                    choices[str(project.pk)] = raw
            filled = bool(choices)
        else:
            choices = post.getlist(prefix)
            filled = bool(choices)
        if filled:
            out.append({"envelope": envelope.pk, "choices": choices})
            order.append(envelope.pk)
    return out, order
