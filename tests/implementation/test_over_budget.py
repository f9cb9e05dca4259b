"""Spending above the plan needs a public reason; the project is flagged "over budget" (and
"late" past its planned end) on its page, in the API and on the organizer dashboard."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from implementation.models import FundedProject, Update
from record.models import Entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def small(project):
    """The project planned at 11,500 GEL."""
    FundedProject.objects.filter(pk=project.pk).update(budget=Decimal("11500.00"))
    project.refresh_from_db()
    return project


def post(api, user, project, **data):
    body = {"status": "in_progress", "spent": "5000.00", "text_en": "Works go on", **data}
    return api(user).post(f"/api/v1/funded/{project.pk}/updates/", body, format="json")


def en(user=None):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_login(user)
    client.cookies.load({"django_language": "en"})
    return client


def test_an_overspend_without_a_reason_is_refused_and_changes_nothing(api, organizer, small):
    res = post(api, organizer, small, spent="999999")
    assert res.status_code == 400
    [message] = res.json()["error"]["fields"]["reason"]
    assert message == (
        "999999.00 GEL is 988499.00 GEL above the plan of 11500.00 GEL: spending above the "
        "plan needs a public reason."
    )
    small.refresh_from_db()
    assert small.spent == Decimal("0.00") and not Update.objects.exists()


def test_an_overspend_with_a_reason_is_public_and_flagged(api, organizer, small, resident):
    reason = "The roof beams were rotten and had to be replaced."
    res = post(api, organizer, small, spent="12650.50", reason=reason)
    assert res.status_code == 201, res.json()
    entry = Entry.objects.get(action="project_updated")
    assert entry.reason == reason and entry.data["over_budget"] is True

    body = api().get(f"/api/v1/funded/{small.pk}/").json()
    assert body["over_budget"] is True and body["late"] is False
    assert body["over_budget_reason"] == reason
    [listed] = api().get(f"/api/v1/cycles/{small.cycle_id}/funded/").json()["results"]
    assert listed["over_budget"] is True

    html = en().get(f"/funded/{small.pk}/").content.decode()
    assert '<span class="badge flag">over budget</span>' in html
    assert "Over budget: 1,150.50 ₾ above the plan of 11,500 ₾." in html and reason in html
    # a later update at the same amount needs no new reason; spending more does
    assert post(api, organizer, small, spent="12650.50").status_code == 201
    assert post(api, organizer, small, spent="13000").status_code == 400


def test_spending_up_to_the_plan_needs_no_reason(api, organizer, small):
    assert post(api, organizer, small, spent="11500.00").status_code == 201
    assert api().get(f"/api/v1/funded/{small.pk}/").json()["over_budget"] is False


def test_a_project_past_its_planned_end_is_late_until_it_is_done(api, organizer, small):
    today = timezone.localdate()
    FundedProject.objects.filter(pk=small.pk).update(
        planned_start=today - datetime.timedelta(days=60),
        planned_end=today - datetime.timedelta(days=1),
    )
    body = api().get(f"/api/v1/funded/{small.pk}/").json()
    assert body["late"] is True and body["over_budget"] is False
    html = en().get(f"/funded/{small.pk}/").content.decode()
    assert '<span class="badge flag">late</span>' in html and "Late: the planned end was" in html
    post(api, organizer, small, status="completed", spent="11000")
    assert api().get(f"/api/v1/funded/{small.pk}/").json()["late"] is False


def test_the_organizer_dashboard_lists_the_flagged_projects(api, organizer, small, resident):
    client = en(organizer)
    url = f"/cycles/{small.cycle_id}/dashboard/"
    assert "Funded projects that need attention" not in client.get(url).content.decode()
    post(api, organizer, small, spent="12000", reason="Prices rose")
    html = client.get(url).content.decode()
    section = html.split('id="funded-flags"')[1].split("</section>")[0]
    assert small.title in section and "over budget" in section and "12,000 / 11,500" in section
    assert en(resident).get(url).status_code == 403
