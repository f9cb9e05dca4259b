"""Drafts of ideas: saved as the resident types (the page's script and the app autosave them),
photos kept server-side across a form error or a dropped connection, submitted as the idea."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import Invalid, NotFound
from cycles.permissions import check

from .. import uploads
from ..models import IDEA_FIELDS, DraftImage, IdeaDraft

FIELD_MAX = 10_000  # the longest idea field (the description)


def _clean_data(data) -> dict:
    """Only the idea's fields, as short strings: a draft is checked when it is submitted."""
    if not isinstance(data, dict):
        raise Invalid(fields={"data": [_("Send the form's fields as an object.")]})
    out = {}
    for key in IDEA_FIELDS:
        value = data.get(key)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise Invalid(fields={key: [_("Send text.")]})
        value = str(value).replace("\x00", "")
        if len(value) > FIELD_MAX:
            raise Invalid(fields={key: [_("This is too long.")]})
        out[key] = value
    return out


def draft_save(*, user, cycle, data) -> IdeaDraft:
    """A resident who may submit an idea in this cycle keeps one draft of it, saved over."""
    check(user, cycle, "submit_idea")
    values = _clean_data(data)
    draft = IdeaDraft.objects.filter(user=user, cycle=cycle).first()
    if draft is None:
        try:
            with transaction.atomic():
                return IdeaDraft.objects.create(user=user, cycle=cycle, data=values)
        except IntegrityError:  # the same person's other tab got there first
            draft = IdeaDraft.objects.get(user=user, cycle=cycle)
    IdeaDraft.objects.filter(pk=draft.pk).update(data=values, updated_at=timezone.now())
    draft.data = values
    return draft


def draft_add_images(*, draft, user, images) -> list[DraftImage]:
    """Photos join the draft as soon as they arrive (re-encoded, EXIF dropped); five at most."""
    check(user, draft.cycle, "submit_idea")
    images = [i for i in images or [] if i]
    if not images:
        raise Invalid(fields={"images": [_("Choose at least one image.")]})
    with transaction.atomic():
        IdeaDraft.objects.select_for_update().filter(pk=draft.pk).first()
        count = draft.images.count()
        prepared = uploads.prepare_all(images, already=count)
        for i, p in enumerate(prepared, start=count):
            DraftImage.objects.create(draft=draft, image=p.image, thumbnail=p.thumbnail, position=i)
    return list(draft.images.all())


def draft_remove_image(*, draft, image_id):
    """The writer takes a photo out of the draft."""
    image = draft.images.filter(pk=image_id).first()
    if image is None:
        raise NotFound()
    with transaction.atomic():  # files go when the deletion commits (core.storage)
        image.image.delete(save=False)
        image.thumbnail.delete(save=False)
        image.delete()


def draft_discard(*, draft):
    """The draft and its photos go (after submitting it, or when the writer gives it up)."""
    with transaction.atomic():
        for image in draft.images.all():
            image.image.delete(save=False)
            image.thumbnail.delete(save=False)
        draft.delete()


def draft_files(draft) -> list:
    """The draft's photos as files to submit with the idea (re-checked like any upload)."""
    return [image.image for image in draft.images.all()] if draft else []
