"""Demo jury: three Terjola jurors (juror1 chairs) and the default criteria. Safe to rerun."""

from django.urls import reverse

from . import criteria
from .models import Juror


def seed(demo):
    cycle = demo["cycle"]
    for key, chair in (("juror1", True), ("juror2", False), ("juror3", False)):
        Juror.objects.get_or_create(cycle=cycle, user=demo[key], defaults={"is_chair": chair})
    criteria.ensure_defaults(cycle)
    demo["log"].append(
        f"jury: juror1 (chair), juror2, juror3 — {reverse('jury:cycle', args=[cycle.pk])}"
    )
