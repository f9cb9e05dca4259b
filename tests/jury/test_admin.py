"""The jury in the admin is read-only: seats, criteria and the shortlist change only through
the services (their rules, and the record)."""

import pytest
from django.test import Client

from jury.models import Criterion
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(terjola):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(f.UserFactory(municipality=terjola, is_staff=True, is_superuser=True))
    return client


def test_a_juror_is_shown_but_cannot_be_made_chair_or_removed(staff, cycle, juror):
    seat = f.JurorFactory(cycle=cycle, user=juror)
    url = f"/admin/jury/juror/{seat.pk}/change/"
    assert staff.get(url).status_code == 200
    res = staff.post(url, {"cycle": cycle.pk, "user": juror.pk, "is_chair": "on"})
    assert res.status_code == 403
    seat.refresh_from_db()
    assert seat.is_chair is False
    assert staff.post(f"/admin/jury/juror/{seat.pk}/delete/", {"post": "yes"}).status_code == 403
    assert staff.get("/admin/jury/juror/add/").status_code == 403


def test_a_criterion_cannot_be_changed_in_the_admin(staff, cycle):
    criterion = Criterion.objects.create(cycle=cycle, name_ka="ა", name_en="A", max_score=10)
    url = f"/admin/jury/criterion/{criterion.pk}/change/"
    res = staff.post(url, {"cycle": cycle.pk, "name_ka": "ა", "weight": "1", "max_score": "100"})
    assert res.status_code == 403
    criterion.refresh_from_db()
    assert criterion.max_score == 10
