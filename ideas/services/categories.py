"""The cycle's idea categories: part of setting the cycle up, so its organizers' business."""

from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.errors import Conflict, Invalid
from core.services import model_update
from cycles.permissions import check

from ..models import CATEGORY_FIELDS, Category


def category_create(*, by, cycle, name_ka, name_en="", slug="") -> Category:
    """Organizers of the municipality add categories while the cycle may be edited."""
    check(by, cycle, "edit_cycle")
    slug = slugify(slug or name_en or "") or slugify(name_ka, allow_unicode=True)
    if not slug:
        raise Invalid(fields={"slug": [_("Give a short English name or a slug.")]})
    try:
        with transaction.atomic():
            return Category.objects.create(
                cycle=cycle, slug=slug[:50], name_ka=name_ka, name_en=name_en
            )
    except IntegrityError:
        raise Conflict(_("This cycle already has a category with this slug."))


def category_update(*, by, category, data) -> Category:
    """Organizers of the municipality rename categories while the cycle may be edited."""
    check(by, category.cycle, "edit_cycle")
    model_update(category, data, CATEGORY_FIELDS)
    return category
