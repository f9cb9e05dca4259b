"""Photo files are written only when the transaction that creates their rows commits, and
`manage.py orphans` finds (and removes) files no row references."""

import io
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction

from ideas import services
from ideas.models import IdeaImage

from .conftest import photo


class Boom(Exception):
    pass


def files_on_disk():
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_submission_leaves_no_file(resident, cycle, categories, chkhari):
    data = {
        "title": "Lights",
        "summary": "Twenty lights.",
        "category": categories[0],
        "community": chkhari,
        "estimated_cost": 18500,
    }
    with pytest.raises(Boom), transaction.atomic():
        services.idea_submit(author=resident, cycle=cycle, data=data, images=[photo()])
        raise Boom  # e.g. the request fails after the service returned
    assert IdeaImage.objects.count() == 0
    assert files_on_disk() == []

    idea = services.idea_submit(author=resident, cycle=cycle, data=data, images=[photo()])
    stored = IdeaImage.objects.get(idea=idea)
    assert files_on_disk() == sorted([stored.image.name, stored.thumbnail.name])


@pytest.mark.django_db(transaction=True)
def test_a_removed_photo_keeps_its_file_until_the_removal_commits(resident, cycle, categories):
    data = {"title": "Lights", "summary": "Twenty lights.", "category": categories[0]}
    data["estimated_cost"] = 18500
    idea = services.idea_submit(author=resident, cycle=cycle, data=data, images=[photo()])
    image = IdeaImage.objects.get()
    with pytest.raises(Boom), transaction.atomic():
        services.idea_remove_image(idea=idea, by=resident, image_id=image.pk)
        raise Boom
    assert len(files_on_disk()) == 2
    services.idea_remove_image(idea=idea, by=resident, image_id=image.pk)
    assert files_on_disk() == []


@pytest.mark.django_db(transaction=True)
def test_orphans_lists_and_deletes_only_unreferenced_old_files(resident, cycle, categories):
    data = {"title": "Lights", "summary": "Twenty lights.", "category": categories[0]}
    data["estimated_cost"] = 18500
    services.idea_submit(author=resident, cycle=cycle, data=data, images=[photo()])
    kept = files_on_disk()
    stray = Path(settings.MEDIA_ROOT) / "ideas" / "999" / "stray.jpg"
    stray.parent.mkdir(parents=True)
    stray.write_bytes(b"left behind")
    os.utime(stray, (0, 0))  # old enough
    fresh = Path(settings.MEDIA_ROOT) / "ideas" / "999" / "just-written.jpg"
    fresh.write_bytes(b"being written")

    out = io.StringIO()
    call_command("orphans", stdout=out, stderr=io.StringIO())
    assert out.getvalue().splitlines() == ["default\tideas/999/stray.jpg"]
    assert stray.exists()

    call_command("orphans", "--delete", stdout=io.StringIO(), stderr=io.StringIO())
    assert not stray.exists() and fresh.exists()
    assert set(kept) <= set(files_on_disk())
