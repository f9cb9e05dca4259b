from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.errors import Conflict, DomainError, Forbidden, NotAuthenticated
from core.search import Searchable
from core.storage import private_storage
from core.translation import Translated
from cycles.models import MONEY
from cycles.phases import require

# Georgia's bounding box (with a small margin): a map point outside it is a typo, not an idea.
LAT_RANGE = (Decimal("41.00"), Decimal("43.70"))
LON_RANGE = (Decimal("39.90"), Decimal("46.80"))
COORD = {"max_digits": 9, "decimal_places": 6}


# What organizers may rename in a category (its slug is its name in URLs and stays).
CATEGORY_FIELDS = ("name_ka", "name_en")


class Category(models.Model):
    cycle = models.ForeignKey(
        "cycles.Cycle",
        on_delete=models.CASCADE,
        related_name="categories",
        verbose_name=_("cycle"),
    )
    slug = models.SlugField(_("name in the address"))
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


# An idea in one of these states is still in the competition: it may be screened (again),
# merged or withdrawn. Withdrawn and merged ideas are final.
OPEN_STATES = frozenset({IdeaStatus.SUBMITTED, IdeaStatus.ELIGIBLE, IdeaStatus.INELIGIBLE})

# An organizer's screening decides one of these, and writes these fields.
SCREENING_DECISIONS = (IdeaStatus.ELIGIBLE, IdeaStatus.INELIGIBLE)
SCREENING_FIELDS = ("status", "screening_reason", "screening_note", "screened_by", "screened_at")

# What an author writes (and may change while the idea is unscreened): the form, the
# serializers and the services all take these, and only these.
IDEA_FIELDS = (
    "title",
    "summary",
    "description",
    "category",
    "community",
    "estimated_cost",
    "beneficiaries",
    "latitude",
    "longitude",
    "author_named",
)
IDEA_REQUIRED_FIELDS = ("title", "summary", "category", "estimated_cost")


class IdeaChannel(models.TextChoices):
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
            "cycle__municipality", "author", "category", "community", "merged_into"
        ).prefetch_related("images", "co_authors")

    def open(self):
        """Ideas still in the competition (see OPEN_STATES)."""
        return self.filter(status__in=OPEN_STATES)

    def claimable_by(self, user):
        """Paper ideas filed under `user`'s verified phone that nobody has claimed yet."""
        if not (user and user.is_authenticated and user.phone and user.phone_verified):
            return self.none()
        return self.filter(
            channel=IdeaChannel.PAPER, author__isnull=True, paper_author_phone=user.phone
        )

    def counts(self) -> dict:
        """Counts by status, category and community, names in the request's language."""
        statuses = dict(self.values_list("status").annotate(n=Count("id")).order_by())
        by_category = (
            self.values("category_id", "category__name_ka", "category__name_en")
            .annotate(n=Count("id"))
            .order_by("category__name_ka")
        )
        by_community = (
            self.values("community_id", "community__name_ka", "community__name_en")
            .annotate(n=Count("id"))
            .order_by("community__name_ka")
        )
        en = (get_language() or "ka")[:2] == "en"

        def name(row, prefix):
            ka, english = row[f"{prefix}__name_ka"], row[f"{prefix}__name_en"]
            return (english if en and english else ka) or str(_("(none)"))

        return {
            "total": sum(statuses.values()),
            "by_status": [
                {"status": s.value, "label": str(s.label), "count": statuses.get(s.value, 0)}
                for s in IdeaStatus
            ],
            "by_category": [
                {"id": r["category_id"], "name": name(r, "category"), "count": r["n"]}
                for r in by_category
            ],
            "by_community": [
                {"id": r["community_id"], "name": name(r, "community"), "count": r["n"]}
                for r in by_community
            ],
        }

    def for_export(self):
        """Oldest first, with everything the organizers' CSV shows, in a fixed number of queries."""
        return (
            self.select_related("author", "category", "community")
            .prefetch_related("co_authors", "images")
            .order_by("created_at", "id")
        )


class Idea(Searchable):
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
        _("channel"), max_length=8, choices=IdeaChannel.choices, default=IdeaChannel.WEB
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

    author_named = models.BooleanField(
        _("name me as the author on the public pages"),
        default=False,
        help_text=_(
            "Off: the public sees “a resident of <your village>”. Organizers always see who "
            "wrote it. Never shown while the jury reviews the proposals."
        ),
    )
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

    SEARCH_FIELDS = ("title", "summary", "description")

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

    def is_editor(self, user) -> bool:
        """Authors change their idea; organizers may fix the paper forms staff typed in."""
        if self.is_author(user):
            return True
        return (
            self.channel == IdeaChannel.PAPER
            and bool(user and user.is_authenticated)
            and user.is_organizer_of(self.cycle.municipality_id)
        )

    def check_change(self, user, action) -> None:
        """Raise 401, 403, 409 (phase) or 409 (state) unless `user` may `action` this idea now.

        `action` is "edit_idea" (only an unscreened idea changes) or "withdraw_idea" (any idea
        still in the competition). The API and the pages ask this before they read a body; the
        services ask it again."""
        if not (user and user.is_authenticated):
            raise NotAuthenticated()
        if not self.is_editor(user):
            raise Forbidden(_("Only the idea's authors can change it."))
        require(self.cycle, action)
        if action == "edit_idea" and self.status != IdeaStatus.SUBMITTED:
            raise Conflict(_("This idea has been screened or withdrawn and can no longer change."))
        if action == "withdraw_idea" and self.status not in OPEN_STATES:
            raise Conflict(_("This idea is already withdrawn or merged."))

    def may_change(self, user, action) -> bool:
        """Whether `check_change` lets `user` do `action` now (to show the button or not)."""
        try:
            self.check_change(user, action)
        except DomainError:
            return False
        return True

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATES

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def is_public(self) -> bool:
        return self.status != IdeaStatus.WITHDRAWN

    @property
    def author_name(self) -> str:
        return self.author.name if self.author_id else self.paper_author_name

    def names_shown_to(self, user) -> bool:
        """Blind review: the public learns who wrote an idea only if the authors chose to be
        named, and nobody but the organizers and the authors does while the jury reviews (a
        proposal keeps its idea's title: a juror must not find its author by searching)."""
        if user is not None and user.is_authenticated:
            if user.is_organizer_of(self.cycle.municipality_id) or self.is_author(user):
                return True
        return self.author_named and self.cycle.phase != "jury_review"

    def anonymous_author(self) -> str:
        place = self.community.name if self.community_id else self.cycle.municipality.name
        return str(_("a resident of %(place)s") % {"place": place})

    def authors_shown_to(self, user) -> list[str]:
        """The names `user` may read: the authors', or "a resident of <village>"."""
        if not self.names_shown_to(user):
            return [self.anonymous_author()]
        names = [self.author_name] if self.author_name else []
        return names + [u.name for u in self.co_authors.all() if u.pk != self.author_id]


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


# --- drafts: an idea being written, kept on the server (issue 16, "village internet") ---


def draft_image_path(instance, filename):
    return f"drafts/{instance.draft_id}/{filename}"


class IdeaDraft(models.Model):
    """What a resident has typed into the idea form of a cycle, and the photos already chosen,
    saved as they write (one draft per person and cycle); submitting it makes the idea."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="idea_drafts"
    )
    cycle = models.ForeignKey("cycles.Cycle", on_delete=models.CASCADE, related_name="+")
    # the form's values as typed (strings), checked only when the draft is submitted
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "cycle"], name="idea_draft_once_per_cycle")
        ]

    def __str__(self):
        return f"{self.user_id} · {self.cycle_id}"


class DraftImage(models.Model):
    """A photo of a draft, already re-encoded; private until the idea is submitted."""

    draft = models.ForeignKey(IdeaDraft, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(upload_to=draft_image_path, max_length=255, storage=private_storage)
    thumbnail = models.ImageField(
        upload_to=draft_image_path, max_length=255, storage=private_storage
    )
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["draft", "position", "id"]

    def __str__(self):
        return self.image.name
