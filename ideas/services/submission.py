"""Residents' ideas: submit, edit, withdraw, photos. The page and the API call these functions."""

from decimal import Decimal, InvalidOperation

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.errors import Conflict, Invalid, NotFound
from core.services import model_update
from core.translation import both
from cycles.permissions import check
from notifications.services import notify

from .. import uploads
from ..models import (
    IDEA_FIELDS,
    IDEA_REQUIRED_FIELDS,
    LAT_RANGE,
    LON_RANGE,
    OPEN_STATES,
    Idea,
    IdeaChannel,
    IdeaImage,
    IdeaStatus,
)
from .drafts import draft_discard, draft_files

# --- checks shared by every way an idea comes in ---


def _coordinate(value, bounds, label):
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        number = None
    if number is None or not number.is_finite() or not bounds[0] <= number <= bounds[1]:
        raise Invalid(fields={label: [_("The map point must be in Georgia.")]})
    return number.quantize(Decimal("0.000001"))


def clean(*, cycle, data, partial=False) -> dict:
    """The domain rules on an idea's fields (types and lengths are the form's business)."""
    errors = {}
    out = {k: v for k, v in data.items() if k in IDEA_FIELDS}
    if not partial:
        for field in IDEA_REQUIRED_FIELDS:
            if out.get(field) in (None, ""):
                errors[field] = [_("This field is required.")]
    for field in ("title", "summary"):
        if field in out and not str(out[field] or "").strip():
            errors[field] = [_("This field is required.")]
    category = out.get("category")
    if category is not None and category.cycle_id != cycle.pk:
        errors["category"] = [_("Choose one of this cycle's categories.")]
    community = out.get("community")
    if community is not None and community.municipality_id != cycle.municipality_id:
        errors["community"] = [_("Choose a community of this municipality.")]
    cost = out.get("estimated_cost")
    if cost is not None and not cycle.min_project_cost <= cost <= cycle.max_project_cost:
        errors["estimated_cost"] = [
            _("The estimated cost must be between %(min)s and %(max)s GEL.")
            % {"min": cycle.min_project_cost, "max": cycle.max_project_cost}
        ]
    try:
        if "latitude" in out or "longitude" in out:
            out["latitude"] = _coordinate(out.get("latitude"), LAT_RANGE, "latitude")
            out["longitude"] = _coordinate(out.get("longitude"), LON_RANGE, "longitude")
            if (out["latitude"] is None) != (out["longitude"] is None):
                errors["longitude"] = [_("Give both latitude and longitude, or neither.")]
    except Invalid as exc:
        errors.update(exc.fields)
    if errors:
        raise Invalid(_("Check the highlighted fields."), fields=errors)
    return out


def ideas_left(*, cycle, user) -> int | None:
    """How many more ideas `user` may send in `cycle` (None: no limit); withdrawn ones free a
    place. What the idea form says before it is filled in, and why it may be refused early."""
    if not cycle.ideas_per_author:
        return None
    sent = Idea.objects.filter(cycle=cycle, author=user).exclude(status=IdeaStatus.WITHDRAWN)
    return max(cycle.ideas_per_author - sent.count(), 0)


def check_limit(*, cycle, user=None, phone=""):
    """The per-author limit of the cycle (0 = none); withdrawn ideas do not count."""
    if not cycle.ideas_per_author:
        return
    ideas = Idea.objects.filter(cycle=cycle).exclude(status=IdeaStatus.WITHDRAWN)
    ideas = ideas.filter(author=user) if user else ideas.filter(paper_author_phone=phone)
    if ideas.count() >= cycle.ideas_per_author:
        raise Conflict(
            ngettext(
                "Each author may submit at most %(n)d idea in this cycle.",
                "Each author may submit at most %(n)d ideas in this cycle.",
                cycle.ideas_per_author,
            )
            % {"n": cycle.ideas_per_author}
        )


def lock_author(user):
    # one author's parallel submissions queue here, so the limit cannot be overshot
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()


def add_images(idea, prepared, start=0):
    for i, p in enumerate(prepared, start=start):
        IdeaImage.objects.create(
            idea=idea,
            image=p.image,
            thumbnail=p.thumbnail,
            width=p.width,
            height=p.height,
            position=i,
        )


# --- residents ---


def idea_submit(*, author, cycle, data, images=(), channel=IdeaChannel.WEB, draft=None) -> Idea:
    """A resident of the cycle's municipality submits during idea_submission, within the limit;
    the photos of their draft (if any) come first, and the draft is gone once the idea exists."""
    check(author, cycle, "submit_idea")
    fields = clean(cycle=cycle, data=data)
    if draft is not None and (draft.user_id != author.pk or draft.cycle_id != cycle.pk):
        raise NotFound()
    prepared = uploads.prepare_all([*draft_files(draft), *(images or [])])
    with transaction.atomic():
        lock_author(author)
        check_limit(cycle=cycle, user=author)
        idea = Idea.objects.create(cycle=cycle, author=author, channel=channel, **fields)
        add_images(idea, prepared)
        if draft is not None:
            draft_discard(draft=draft)
        notify(
            "idea_received",
            [author],
            {
                "idea": idea.pk,
                "idea_title": idea.title,
                "cycle_title": both(cycle, "title"),
            },
            subject=f"idea:{idea.pk}:received",
        )
    return idea


def idea_update(*, idea, by, data) -> Idea:
    """Editors change an idea while the competition is open and the idea is not yet screened."""
    idea.check_change(by, "edit_idea")
    data = dict(data)
    # moving the pin may send one coordinate only; the other stays where it was
    for one, other in (("latitude", "longitude"), ("longitude", "latitude")):
        if one in data and other not in data:
            data[other] = getattr(idea, other)
    fields = clean(cycle=idea.cycle, data=data, partial=True)
    with transaction.atomic():
        locked = Idea.objects.select_for_update().get(pk=idea.pk)
        # screened (or withdrawn) since we looked: the organizer's decision stands
        if locked.status != IdeaStatus.SUBMITTED:
            raise Conflict(_("This idea has been screened or withdrawn and can no longer change."))
        model_update(locked, fields, IDEA_FIELDS)
    idea.refresh_from_db()
    return idea


def idea_withdraw(*, idea, by) -> Idea:
    """Editors withdraw while the competition is open; the idea leaves the public list."""
    idea.check_change(by, "withdraw_idea")
    with transaction.atomic():
        updated = Idea.objects.filter(pk=idea.pk, status__in=OPEN_STATES).update(
            status=IdeaStatus.WITHDRAWN, updated_at=timezone.now()
        )
        if not updated:
            raise Conflict(_("This idea is already withdrawn or merged."))
    idea.refresh_from_db()
    return idea


def idea_add_images(*, idea, by, images) -> list[IdeaImage]:
    """Editors add photos while they may edit; never more than five in all."""
    idea.check_change(by, "edit_idea")
    with transaction.atomic():
        Idea.objects.select_for_update().filter(pk=idea.pk).first()
        count = idea.images.count()
        prepared = uploads.prepare_all(images, already=count)
        if not prepared:
            raise Invalid(fields={"images": [_("Choose at least one image.")]})
        add_images(idea, prepared, start=count)
    return list(idea.images.all())


def idea_remove_image(*, idea, by, image_id):
    """Editors remove a photo while they may edit."""
    idea.check_change(by, "edit_idea")
    image = idea.images.filter(pk=image_id).first()
    if image is None:
        raise NotFound()
    with transaction.atomic():  # the files go when the row's deletion commits (core.storage)
        image.image.delete(save=False)
        image.thumbnail.delete(save=False)
        image.delete()
