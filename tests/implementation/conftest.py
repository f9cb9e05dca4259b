"""Implementation personas: a Terjola cycle whose vote is over, with two winners and a loser."""

import io
from decimal import Decimal

import pytest
from PIL import Image

from tests import factories as f


@pytest.fixture
def results_cycle(cycle, phase):
    return phase(cycle, "results")


@pytest.fixture
def winners(results_cycle, author):
    return [
        f.WonProposalFactory(
            cycle=results_cycle,
            author=author,
            title="Chkhari school roof",
            total_cost=Decimal("25000.00"),
        ),
        f.WonProposalFactory(
            cycle=results_cycle,
            author=author,
            title="Rupoti street lights",
            total_cost=Decimal("12000.00"),
        ),
    ]


@pytest.fixture
def project(cycle, phase, author):
    """A funded project of Terjola's cycle, in implementation, planned and not yet started."""
    phase(cycle, "implementation")
    return f.FundedProjectFactory(
        proposal=f.WonProposalFactory(
            cycle=cycle, author=author, title="Chkhari school roof", status="in_implementation"
        ),
        budget=Decimal("20000.00"),
    )


def jpeg(size=(800, 600), color=(40, 120, 60), exif=None) -> io.BytesIO:
    out = io.BytesIO()
    image = Image.new("RGB", size, color)
    if exif is not None:
        image.save(out, format="JPEG", exif=exif)
    else:
        image.save(out, format="JPEG")
    out.seek(0)
    out.name = "photo.jpg"
    return out


def gps_exif():
    """EXIF with a GPS position and a camera model, as a phone writes it."""
    exif = Image.Exif()
    exif[0x0110] = "PhoneCam 9"  # Model
    exif[0x0112] = 1  # Orientation
    gps = {1: "N", 2: (42.0, 11.0, 30.0), 3: "E", 4: (42.0, 42.0, 10.0)}
    exif[0x8825] = gps
    return exif
