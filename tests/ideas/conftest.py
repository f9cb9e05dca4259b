"""Fixtures of the ideas tests: the cycle's categories, real images, a ready-made idea."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests import factories as f


def photo(name="road.jpg", fmt="JPEG", size=(1200, 800), gps=True) -> SimpleUploadedFile:
    """A real image; JPEGs carry EXIF with a GPS tag, as phones write them."""
    img = Image.new("RGB", size, (120, 160, 90))
    out = io.BytesIO()
    kwargs = {}
    if fmt == "JPEG" and gps:
        exif = Image.Exif()
        exif[0x010F] = "PhoneMaker"  # Make
        exif[0x8825] = {1: "N", 2: (42.0, 11.0, 0.0)}  # GPSInfo
        kwargs["exif"] = exif.tobytes()
    img.save(out, fmt, **kwargs)
    mime = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}
    return SimpleUploadedFile(name, out.getvalue(), content_type=mime[fmt])


@pytest.fixture
def categories(cycle):
    return [
        f.CategoryFactory(cycle=cycle, slug="roads", name_ka="გზები", name_en="Roads"),
        f.CategoryFactory(cycle=cycle, slug="water", name_ka="წყალი", name_en="Water"),
    ]


@pytest.fixture
def chkhari(terjola):
    return terjola.communities.get(slug="chkhari")


@pytest.fixture
def valid(cycle, categories, chkhari):
    """A complete, valid submission for the API."""
    return {
        "cycle": cycle.pk,
        "title": "Street lights in Chkhari",
        "summary": "Twenty LED lights from the school to the church.",
        "description": "The street is dark in winter evenings.",
        "category": categories[0].pk,
        "community": chkhari.pk,
        "estimated_cost": "18500.00",
        "beneficiaries": "About 600 villagers",
        "latitude": 42.1724,
        "longitude": 42.7573,
    }


@pytest.fixture
def idea(cycle, categories, author, chkhari):
    return f.IdeaFactory(
        cycle=cycle,
        author=author,
        category=categories[0],
        community=chkhari,
        title="Lights for Chkhari",
        estimated_cost=Decimal("18500.00"),
    )
