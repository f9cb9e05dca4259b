"""Ideas: one function per user action. Pages and the API call the same functions."""

from decimal import Decimal, InvalidOperation

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import normalize_phone, phone_validator
from core.errors import Conflict, Forbidden, Invalid, NotFound
from core.translation import both
from cycles.phases import require
from cycles.services import has_role, require_organizer
from notifications.services import notify
from record.services import log as record

from . import images as photos
from .models import LAT_RANGE, LON_RANGE, Category, Channel, Idea, IdeaImage, IdeaStatus

EDITABLE = ["title", "summary", "description", "category", "community", "estimated_cost"]
EDITABLE += ["beneficiaries", "latitude", "longitude"]
REQUIRED = ["title", "summary", "category", "estimated_cost"]


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


def _clean(*, cycle, data, partial=False) -> dict:
    """The domain rules on an idea's fields (types and lengths are the form's business)."""
    errors = {}
    out = {k: v for k, v in data.items() if k in EDITABLE}
    if not partial:
        for field in REQUIRED:
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


def _check_limit(*, cycle, user=None, phone=""):
    """The per-author limit of the cycle (0 = none); withdrawn ideas do not count."""
    if not cycle.ideas_per_author:
        return
    ideas = Idea.objects.filter(cycle=cycle).exclude(status=IdeaStatus.WITHDRAWN)
    ideas = ideas.filter(author=user) if user else ideas.filter(paper_author_phone=phone)
    if ideas.count() >= cycle.ideas_per_author:
        raise Conflict(
            _("Each author may submit at most %(n)d ideas in this cycle.")
            % {"n": cycle.ideas_per_author}
        )


def _lock_author(user):
    # one author's parallel submissions queue here, so the limit cannot be overshot
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()


def _add_images(idea, prepared, start=0):
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


def idea_submit(*, author, cycle, data, images=(), channel=Channel.WEB) -> Idea:
    """A resident of the cycle's municipality submits during idea_submission, within the limit."""
    require(cycle, "submit_idea")
    if not has_role(author, cycle, "resident"):
        raise Forbidden(
            _("Only residents of %(municipality)s can submit ideas in this cycle.")
            % {"municipality": cycle.municipality.name}
        )
    fields = _clean(cycle=cycle, data=data)
    prepared = photos.prepare_all(images)
    with transaction.atomic():
        _lock_author(author)
        _check_limit(cycle=cycle, user=author)
        idea = Idea.objects.create(cycle=cycle, author=author, channel=channel, **fields)
        _add_images(idea, prepared)
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


def require_editor(idea, user):
    """Authors change their idea; staff may fix the paper forms they typed in."""
    if idea.is_author(user):
        return
    if idea.channel == Channel.PAPER and has_role(user, idea.cycle, "organizer"):
        return
    raise Forbidden(_("Only the idea's authors can change it."))


def idea_update(*, idea, by, data) -> Idea:
    """Authors edit while the competition is open and the idea is not yet screened."""
    require_editor(idea, by)
    require(idea.cycle, "edit_idea")
    data = dict(data)
    # moving the pin may send one coordinate only; the other stays where it was
    for one, other in (("latitude", "longitude"), ("longitude", "latitude")):
        if one in data and other not in data:
            data[other] = getattr(idea, other)
    fields = _clean(cycle=idea.cycle, data=data, partial=True)
    with transaction.atomic():
        updated = Idea.objects.filter(pk=idea.pk, status=IdeaStatus.SUBMITTED).update(
            **fields, updated_at=timezone.now()
        )
        if not updated:
            raise Conflict(_("This idea has been screened or withdrawn and can no longer change."))
    idea.refresh_from_db()
    return idea


def idea_withdraw(*, idea, by) -> Idea:
    """Authors withdraw while the competition is open; the idea leaves the public list."""
    require_editor(idea, by)
    require(idea.cycle, "withdraw_idea")
    open_states = [IdeaStatus.SUBMITTED, IdeaStatus.ELIGIBLE, IdeaStatus.INELIGIBLE]
    with transaction.atomic():
        updated = Idea.objects.filter(pk=idea.pk, status__in=open_states).update(
            status=IdeaStatus.WITHDRAWN, updated_at=timezone.now()
        )
        if not updated:
            raise Conflict(_("This idea is already withdrawn or merged."))
    idea.refresh_from_db()
    return idea


def idea_add_images(*, idea, by, images) -> list[IdeaImage]:
    """Authors add photos while they may edit; never more than five in all."""
    require_editor(idea, by)
    require(idea.cycle, "edit_idea")
    if idea.status != IdeaStatus.SUBMITTED:
        raise Conflict(_("This idea has been screened or withdrawn and can no longer change."))
    with transaction.atomic():
        Idea.objects.select_for_update().filter(pk=idea.pk).first()
        count = idea.images.count()
        prepared = photos.prepare_all(images, already=count)
        if not prepared:
            raise Invalid(fields={"images": [_("Choose at least one image.")]})
        _add_images(idea, prepared, start=count)
    return list(idea.images.all())


def idea_remove_image(*, idea, by, image_id):
    require_editor(idea, by)
    require(idea.cycle, "edit_idea")
    image = idea.images.filter(pk=image_id).first()
    if image is None:
        raise NotFound()
    image.image.delete(save=False)
    image.thumbnail.delete(save=False)
    image.delete()


# --- paper forms ---


def paper_idea_enter(*, by, cycle, data, images=(), resident=None, name="", phone="") -> Idea:
    """Staff type in a paper form on behalf of a resident (an account, or a name and phone)."""
    require_organizer(by, cycle.municipality_id)
    require(cycle, "enter_paper_idea")
    phone = normalize_phone(phone) if phone else ""
    errors = {}
    if resident is None:
        if not (name or "").strip():
            errors["author_name"] = [_("Give the resident's name, or choose their account.")]
        if not phone:
            errors["author_phone"] = [_("Give the resident's phone, or choose their account.")]
        else:
            try:
                phone_validator(phone)
            except ValidationError as exc:
                errors["author_phone"] = exc.messages
    elif resident.municipality_id != cycle.municipality_id:
        errors["author"] = [_("This person is not a resident of the municipality.")]
    if errors:
        raise Invalid(_("Check the highlighted fields."), fields=errors)
    fields = _clean(cycle=cycle, data=data)
    prepared = photos.prepare_all(images)
    with transaction.atomic():
        if resident is not None:
            _lock_author(resident)
        _check_limit(cycle=cycle, user=resident, phone=phone)
        idea = Idea.objects.create(
            cycle=cycle,
            author=resident,
            channel=Channel.PAPER,
            entered_by=by,
            paper_author_name=(name or (resident.name if resident else "")).strip()[:150],
            paper_author_phone="" if resident else phone,
            **fields,
        )
        _add_images(idea, prepared)
        record(cycle=cycle, actor=by, action="paper_idea_entered", obj=idea)
        if resident is not None:
            notify(
                "idea_entered_for_you",
                [resident],
                {"idea": idea.pk, "idea_title": idea.title},
                subject=f"idea:{idea.pk}:entered",
            )
    return idea


def paper_ideas_claimable(user):
    if not (user and user.is_authenticated and user.phone and user.phone_verified):
        return Idea.objects.none()
    return Idea.objects.filter(
        channel=Channel.PAPER, author__isnull=True, paper_author_phone=user.phone
    )


def paper_ideas_claim(*, user) -> list[Idea]:
    """A resident whose verified phone is on paper forms becomes their author."""
    if not (user and user.is_authenticated and user.phone_verified and user.phone):
        raise Forbidden(_("Verify your phone number first; paper ideas are matched by phone."))
    claimed = []
    with transaction.atomic():
        for idea in paper_ideas_claimable(user).select_related("cycle"):
            # conditional: if two sessions claim at once, each idea gets one author
            if Idea.objects.filter(pk=idea.pk, author__isnull=True).update(author=user):
                claimed.append(idea)
                record(
                    cycle=idea.cycle,
                    actor=user,
                    action="paper_idea_claimed",
                    obj=idea,
                    public=False,
                )
    for idea in claimed:
        idea.author = user
    return claimed


# --- categories ---


def category_create(*, by, cycle, name_ka, name_en="", slug="") -> Category:
    """Organizers of the municipality manage the cycle's categories."""
    require_organizer(by, cycle.municipality_id)
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
    require_organizer(by, category.cycle.municipality_id)
    for field in ("name_ka", "name_en"):
        if field in data:
            setattr(category, field, data[field])
    category.save()
    return category
