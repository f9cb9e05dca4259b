from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.translation import Translated
from cycles.models import MONEY

# Georgia's bounding box (with a small margin): a map point outside it is a typo, not an idea.
LAT_RANGE = (Decimal("41.00"), Decimal("43.70"))
LON_RANGE = (Decimal("39.90"), Decimal("46.80"))
COORD = {"max_digits": 9, "decimal_places": 6}


class Category(models.Model):
    cycle = models.ForeignKey("cycles.Cycle", on_delete=models.CASCADE, related_name="categories")
    slug = models.SlugField()
    name_ka = models.CharField(_("name (Georgian)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)

    name = Translated("name")

    class Meta:
        ordering = ["cycle", "name_ka"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "slug"], name="category_slug_unique")
        ]

    def __str__(self):
        return self.name


class IdeaStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ELIGIBLE = "eligible", _("Eligible")
    INELIGIBLE = "ineligible", _("Not eligible")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    MERGED = "merged", _("Merged")


class Channel(models.TextChoices):
    WEB = "web", _("Web")
    APP = "app", _("Mobile app")
    PAPER = "paper", _("Paper form")


class ScreeningReason(models.TextChoices):
    """The standard reasons an idea is found not eligible; shown publicly on the idea."""

    OUTSIDE_COMPETENCE = "outside_competence", _("Outside the municipality's competence")
    OVER_COST_LIMIT = "over_cost_limit", _("Over the cost limit")
    PRIVATE_LAND = "private_land", _("On private land")
    DUPLICATE = "duplicate", _("Duplicate of another idea")
    NOT_PUBLIC_BENEFIT = "not_public_benefit", _("Not of public benefit")
    ALREADY_PLANNED = "already_planned", _("Already in the municipal budget or plan")
    NOT_FEASIBLE = "not_feasible", _("Not technically feasible")
    RECURRING_COST = "recurring_cost", _("Only running costs (salaries, maintenance)")
    OTHER = "other", _("Other (see the note)")


class IdeaQuerySet(models.QuerySet):
    def visible_to(self, user, *, managed=False):
        """Public ideas, plus the user's own withdrawn ones (and, with `managed`, everything in
        the municipalities they organize)."""
        shown = ~Q(status=IdeaStatus.WITHDRAWN)
        if user is not None and user.is_authenticated:
            own = Idea.co_authors.through.objects.filter(user_id=user.pk).values("idea_id")
            shown |= Q(author_id=user.pk) | Q(pk__in=own)
            if managed:
                if user.is_superuser:
                    return self
                shown |= Q(cycle__municipality_id__in=user.organizer_municipality_ids)
        return self.filter(shown)

    def for_lists(self):
        """Everything a list shows, in a fixed number of queries whatever the page size."""
        return self.select_related(
            "cycle", "author", "category", "community", "merged_into"
        ).prefetch_related("images", "co_authors")


class Idea(models.Model):
    cycle = models.ForeignKey("cycles.Cycle", on_delete=models.CASCADE, related_name="ideas")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ideas",
        help_text=_("Empty for a paper idea not yet claimed."),
    )
    co_authors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="co_authored_ideas"
    )
    category = models.ForeignKey(
        Category, null=True, on_delete=models.SET_NULL, related_name="ideas"
    )
    community = models.ForeignKey(
        "cycles.Community", null=True, blank=True, on_delete=models.SET_NULL, related_name="ideas"
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    estimated_cost = models.DecimalField(_("estimated cost (GEL)"), **MONEY)
    beneficiaries = models.CharField(_("who benefits"), max_length=500, blank=True)
    latitude = models.DecimalField(_("latitude"), **COORD, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), **COORD, null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=IdeaStatus.choices,
        default=IdeaStatus.SUBMITTED,
        db_index=True,
    )
    channel = models.CharField(
        _("channel"), max_length=8, choices=Channel.choices, default=Channel.WEB
    )

    # paper forms: who wrote it, so the resident can claim it once their phone is verified
    paper_author_name = models.CharField(
        _("author's name (paper form)"), max_length=150, blank=True
    )
    paper_author_phone = models.CharField(
        _("author's phone (paper form)"), max_length=16, blank=True, db_index=True
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The organizer who typed in a paper form."),
    )

    # screening: public decision and its reason
    screening_reason = models.CharField(
        _("screening reason"), max_length=24, choices=ScreeningReason.choices, blank=True
    )
    screening_note = models.TextField(_("screening note"), blank=True)
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    screened_at = models.DateTimeField(null=True, blank=True)

    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_ideas",
        verbose_name=_("merged into"),
    )

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = IdeaQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        indexes = [models.Index(fields=["cycle", "status"], name="idea_cycle_status")]
        constraints = [
            models.CheckConstraint(
                condition=Q(estimated_cost__gte=0), name="idea_cost_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="idea_point_complete",
            ),
            models.CheckConstraint(
                condition=~Q(status="ineligible") | ~Q(screening_reason=""),
                name="idea_ineligible_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status="merged") | Q(merged_into__isnull=False),
                name="idea_merged_has_target",
            ),
            models.CheckConstraint(
                condition=Q(author__isnull=False) | Q(channel="paper"),
                name="idea_author_or_paper",
            ),
        ]

    def __str__(self):
        return self.title

    def authors(self):
        """The author and co-authors (users), for notifications and the training gate."""
        people = list(self.co_authors.all())
        return ([self.author] if self.author_id else []) + [
            p for p in people if p.pk != self.author_id
        ]

    def is_author(self, user) -> bool:
        if not (user and user.is_authenticated):
            return False
        return self.author_id == user.pk or any(p.pk == user.pk for p in self.co_authors.all())

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def is_public(self) -> bool:
        return self.status != IdeaStatus.WITHDRAWN

    @property
    def author_name(self) -> str:
        return self.author.name if self.author_id else self.paper_author_name


def image_path(instance, filename):
    return f"ideas/{instance.idea.cycle_id}/{instance.idea_id}/{filename}"


class IdeaImage(models.Model):
    """A photo of the place, re-encoded on upload (metadata such as GPS EXIF is dropped)."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(_("image"), upload_to=image_path, max_length=255)
    thumbnail = models.ImageField(_("thumbnail"), upload_to=image_path, max_length=255)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["idea", "position", "id"]
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def __str__(self):
        return self.image.name
