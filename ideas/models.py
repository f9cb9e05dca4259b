from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cycles.models import MONEY
from cycles.translation import Translated


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
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")

    def __str__(self):
        return self.title

    def authors(self):
        """The author and co-authors (users), for notifications and the training gate."""
        people = list(self.co_authors.all())
        return ([self.author] if self.author_id else []) + [
            p for p in people if p.pk != self.author_id
        ]
