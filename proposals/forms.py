from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AUTHOR_FIELDS, Proposal, ProposalStatus


class ProposalForm(forms.ModelForm):
    class Meta:
        model = Proposal
        fields = AUTHOR_FIELDS
        widgets = {
            "problem": forms.Textarea(attrs={"rows": 4}),
            "objectives": forms.Textarea(attrs={"rows": 4}),
            "beneficiaries": forms.Textarea(attrs={"rows": 3}),
            "maintenance": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "problem": _("What is wrong today, and for whom."),
            "location": _("Village, street, building: where exactly the work happens."),
            "maintenance": _("Who looks after the result once it is built, and who pays for it."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["timeline_months"].widget.attrs.update(min=1, max=120)
        # a draft may be incomplete, but every field is needed to submit: never "optional"
        for field in self.fields.values():
            if not field.required:
                field.when_required = _("needed to submit")
        self.fields["beneficiaries_count"].widget.attrs.update(min=1)


class BudgetLineForm(forms.Form):
    item = forms.CharField(label=_("Item"), max_length=200)
    quantity = forms.DecimalField(
        label=_("Quantity"), max_digits=10, decimal_places=2, min_value=Decimal("0.01")
    )
    unit = forms.CharField(label=_("Unit"), max_length=40, required=False)
    unit_cost = forms.DecimalField(
        label=_("Unit cost (GEL)"), max_digits=12, decimal_places=2, min_value=Decimal("0")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quantity"].widget.attrs.update(step="0.01", **{"data-qty": ""})
        self.fields["unit_cost"].widget.attrs.update(step="0.01", **{"data-cost": ""})


BudgetLineFormSet = forms.formset_factory(
    BudgetLineForm, extra=1, can_delete=True, max_num=100, validate_max=True
)


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Attach a file"),
        help_text=_("A PDF, or a JPEG, PNG or WebP image; at most 10 MB."),
        widget=forms.ClearableFileInput(
            attrs={"accept": "application/pdf,image/jpeg,image/png,image/webp"}
        ),
    )


class ValuationForm(forms.Form):
    feasible = forms.TypedChoiceField(
        label=_("Assessment"),
        choices=[("1", _("Feasible")), ("0", _("Not feasible"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Public reason"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown with the proposal and in the public record."),
    )
    cost_estimate = forms.DecimalField(
        label=_("Official cost estimate (GEL)"),
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0"),
        required=False,
    )


class StatusFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All"))] + ProposalStatus.choices, required=False
    )
    search = forms.CharField(label=_("Search"), required=False, max_length=200)
