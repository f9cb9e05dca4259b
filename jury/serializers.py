"""What the jury API reads and writes. Nothing a juror receives names or points to an author."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.models import User
from proposals.models import AUTHOR_FIELDS, BUDGET_LINE_FIELDS, BudgetLine, Proposal

from .models import Assignment, AssignmentStatus, Criterion, Juror, Score, ShortlistReason


class JurorSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="user.name", read_only=True)

    class Meta:
        model = Juror
        fields = ["id", "user", "name", "is_chair", "added_at"]


class JurorCreateSerializer(serializers.Serializer):
    user = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True))
    is_chair = serializers.BooleanField(default=False)


class CriterionSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)

    class Meta:
        model = Criterion
        fields = [
            "id",
            "name",
            "name_ka",
            "name_en",
            "description",
            "description_ka",
            "description_en",
            "weight",
            "max_score",
            "position",
        ]


class CriterionCreateSerializer(serializers.Serializer):
    name = serializers.CharField(
        required=False, max_length=160, help_text="Georgian name, when name_ka is not given."
    )
    name_ka = serializers.CharField(required=False, max_length=160)
    name_en = serializers.CharField(required=False, allow_blank=True, max_length=160)
    description_ka = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    description_en = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    weight = serializers.DecimalField(
        max_digits=5,
        decimal_places=2,
        min_value=Decimal("0.01"),
        max_value=Decimal("999.99"),
        default=Decimal("1.00"),
    )
    max_score = serializers.IntegerField(min_value=1, max_value=100, default=10)

    def validate(self, attrs):
        name = attrs.pop("name", "")
        attrs["name_ka"] = attrs.get("name_ka") or name
        if not attrs["name_ka"].strip():
            raise serializers.ValidationError({"name": [_("Give the criterion a name.")]})
        return attrs


class BudgetLineSerializer(serializers.ModelSerializer):
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True)

    class Meta:
        model = BudgetLine
        fields = [*BUDGET_LINE_FIELDS, "amount"]


class BlindProposalSerializer(serializers.ModelSerializer):
    """A proposal as a juror sees it: the project, never who wrote it (no idea link either,
    since the public idea names its author)."""

    community = serializers.CharField(source="community.name", default="", read_only=True)
    final_cost = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True)
    budget_lines = BudgetLineSerializer(many=True, read_only=True)

    class Meta:
        model = Proposal
        fields = [
            "id",
            *AUTHOR_FIELDS,
            "community",
            "total_cost",
            "cost_estimate",
            "final_cost",
            "budget_lines",
        ]


class ScoreSerializer(serializers.ModelSerializer):
    class Meta:
        model = Score
        fields = ["criterion", "value", "comment"]


class AssignmentSerializer(serializers.ModelSerializer):
    cycle = serializers.IntegerField(source="juror.cycle_id", read_only=True)
    proposal = BlindProposalSerializer(read_only=True)
    scores = ScoreSerializer(many=True, read_only=True, help_text="Your own scores only.")
    status = serializers.ChoiceField(choices=AssignmentStatus.choices, read_only=True)

    class Meta:
        model = Assignment
        fields = ["id", "cycle", "status", "submitted_at", "proposal", "scores"]


class AssignmentStateSerializer(serializers.ModelSerializer):
    class Meta:
        model = Assignment
        fields = ["id", "status", "submitted_at"]


class ScoreInSerializer(serializers.Serializer):
    criterion = serializers.IntegerField()
    value = serializers.IntegerField(help_text="From 0 to the criterion's max_score.")
    comment = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class ScoresInSerializer(serializers.Serializer):
    scores = ScoreInSerializer(many=True, max_length=100)
    submit = serializers.BooleanField(
        default=False, help_text="Lock the scores; every criterion must then have a value."
    )


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=4000)


class ReopenSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class ProgressSerializer(serializers.ModelSerializer):
    """One juror's progress, as `Juror.objects.with_progress()` counts it."""

    juror = serializers.IntegerField(source="pk", read_only=True)
    name = serializers.CharField(source="user.name", read_only=True)
    is_chair = serializers.BooleanField(read_only=True)
    assigned = serializers.IntegerField(read_only=True, help_text="Not recused.")
    done = serializers.IntegerField(read_only=True, help_text="Scores submitted.")
    pending = serializers.IntegerField(read_only=True, help_text="Still to score.")
    recused = serializers.IntegerField(read_only=True, help_text="Conflicts of interest.")

    class Meta:
        model = Juror
        fields = ["juror", "name", "is_chair", "assigned", "done", "pending", "recused"]


class CriterionAverageSerializer(serializers.Serializer):
    criterion = serializers.IntegerField()
    name = serializers.CharField()
    average = serializers.DecimalField(max_digits=6, decimal_places=2)
    max_score = serializers.IntegerField()


class RankingRowSerializer(serializers.Serializer):
    proposal = serializers.IntegerField()
    title = serializers.CharField()
    community = serializers.CharField()
    cost = serializers.DecimalField(max_digits=12, decimal_places=2)
    rank = serializers.IntegerField(allow_null=True, help_text="Empty: nobody scored it.")
    score = serializers.DecimalField(
        max_digits=6, decimal_places=2, allow_null=True, help_text="Weighted mean, 0-100."
    )
    normalized = serializers.FloatField(
        allow_null=True, help_text="Mean z-score across jurors (when the cycle normalizes)."
    )
    jurors = serializers.IntegerField(help_text="How many jurors' scores count.")
    criteria = CriterionAverageSerializer(many=True)
    tied_with = serializers.ListField(child=serializers.IntegerField())
    tie_note = serializers.CharField()
    shortlisted = serializers.BooleanField(allow_null=True)
    shortlist_reason = serializers.ChoiceField(choices=ShortlistReason.choices, allow_blank=True)
    shortlist_reason_label = serializers.CharField()


class PublicJurorSerializer(serializers.Serializer):
    name = serializers.CharField()
    is_chair = serializers.BooleanField()


class RankingSerializer(serializers.Serializer):
    cycle = serializers.IntegerField()
    published = serializers.BooleanField()
    published_at = serializers.DateTimeField(allow_null=True)
    normalized = serializers.BooleanField()
    shortlist_size = serializers.IntegerField()
    min_score = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    justification = serializers.CharField()
    default_shortlist = serializers.ListField(
        child=serializers.IntegerField(), help_text="Before publication: the jury's default."
    )
    jurors = PublicJurorSerializer(many=True, help_text="After publication: the jury (public).")
    rows = RankingRowSerializer(many=True)


class ShortlistInSerializer(serializers.Serializer):
    proposals = serializers.ListField(
        child=serializers.IntegerField(), max_length=1000, allow_empty=True
    )
    justification = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=10000,
        help_text="Required when the list differs from the jury's default.",
    )
    min_score = serializers.DecimalField(
        max_digits=5,
        decimal_places=2,
        min_value=Decimal("0"),
        max_value=Decimal("100"),
        required=False,
        allow_null=True,
        help_text="Optional score threshold (0-100) for the default list.",
    )
