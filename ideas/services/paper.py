"""Paper idea forms: staff type them in; the resident claims them later by their phone."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import normalize_phone, phone_validator
from core.errors import Forbidden, Invalid
from cycles.permissions import check
from notifications.services import notify
from record import services as record

from .. import uploads
from ..models import Idea, IdeaChannel
from .submission import add_images, check_limit, clean, lock_author


def paper_idea_enter(*, by, cycle, data, images=(), resident=None, name="", phone="") -> Idea:
    """Staff type in a paper form on behalf of a resident (an account, or a name and phone)."""
    check(by, cycle, "enter_paper_idea")
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
    fields = clean(cycle=cycle, data=data)
    prepared = uploads.prepare_all(images)
    with transaction.atomic():
        if resident is not None:
            lock_author(resident)
        check_limit(cycle=cycle, user=resident, phone=phone)
        idea = Idea.objects.create(
            cycle=cycle,
            author=resident,
            channel=IdeaChannel.PAPER,
            entered_by=by,
            paper_author_name=(name or (resident.name if resident else "")).strip()[:150],
            paper_author_phone="" if resident else phone,
            **fields,
        )
        add_images(idea, prepared)
        record.log(cycle=cycle, actor=by, action="paper_idea_entered", obj=idea)
        if resident is not None:
            notify(
                "idea_entered_for_you",
                [resident],
                {"idea": idea.pk, "idea_title": idea.title},
                subject=f"idea:{idea.pk}:entered",
            )
    return idea


def paper_ideas_claim(*, user) -> list[Idea]:
    """A resident whose verified phone is on paper forms becomes their author."""
    if not (user and user.is_authenticated and user.phone_verified and user.phone):
        raise Forbidden(_("Verify your phone number first; paper ideas are matched by phone."))
    claimed = []
    with transaction.atomic():
        for idea in Idea.objects.claimable_by(user).select_related("cycle"):
            # conditional: if two sessions claim at once, each idea gets one author
            if Idea.objects.filter(pk=idea.pk, author__isnull=True).update(author=user):
                claimed.append(idea)
                record.log(
                    cycle=idea.cycle,
                    actor=user,
                    action="paper_idea_claimed",
                    obj=idea,
                    public=False,
                )
    for idea in claimed:
        idea.author = user
    return claimed
