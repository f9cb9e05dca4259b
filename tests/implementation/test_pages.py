"""The public pages of implementation: a cycle's funded projects with a map, each with its history."""

from decimal import Decimal

import pytest
from django.test import Client

from implementation.models import FundedProject, Update
from tests import factories as f


@pytest.fixture
def en():
    return Client(HTTP_ACCEPT_LANGUAGE="en")


def as_user(user):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def test_the_cycle_page_lists_projects_with_bars_of_time_and_money(en, project):
    FundedProject.objects.filter(pk=project.pk).update(spent=Decimal("5000.00"))
    page = en.get(f"/cycles/{project.cycle_id}/funded/").content.decode()
    assert "Chkhari school roof" in page
    assert "width:25%" in page and "width:50%" in page
    assert page.count("<h1") == 1
    assert len(page.encode()) < 60_000


def test_points_are_drawn_on_an_svg_map_with_links_and_coordinates(en, project):
    FundedProject.objects.filter(pk=project.pk).update(latitude="42.19417", longitude="42.71389")
    other = f.FundedProjectFactory(
        proposal=f.WonProposalFactory(cycle=project.cycle, title="Godogani bridge"),
        latitude=Decimal("42.15"),
        longitude=Decimal("42.80"),
    )
    page = en.get(f"/cycles/{project.cycle_id}/funded/").content.decode()
    assert "<svg" in page and page.count("<circle") == 2
    assert f'href="/funded/{other.pk}/"' in page
    assert "42.19417, 42.71389" in page
    assert "https://www.openstreetmap.org/?mlat=42.19417&amp;mlon=42.71389" in page
    assert "tile.openstreetmap" not in page and 'src="http' not in page  # nothing external


def test_no_map_without_points(en, project):
    assert "<svg" not in en.get(f"/cycles/{project.cycle_id}/funded/").content.decode()


def test_coordinates_are_not_localized_in_georgian(project):
    FundedProject.objects.filter(pk=project.pk).update(latitude="42.19417", longitude="42.71389")
    page = (
        Client(HTTP_ACCEPT_LANGUAGE="ka")
        .get(f"/cycles/{project.cycle_id}/funded/")
        .content.decode()
    )
    assert "42.19417, 42.71389" in page


def test_the_project_page_shows_its_history(en, organizer, project):
    as_user(organizer).post(
        f"/funded/{project.pk}/update/",
        {"status": "procurement", "spent": "0", "text_en": "Tender announced"},
    )
    page = en.get(f"/funded/{project.pk}/").content.decode()
    assert "Tender announced" in page and "Procurement" in page
    assert "Infrastructure department" in page


def test_cancelling_on_the_page_without_a_reason_shows_the_error(organizer, project):
    res = as_user(organizer).post(
        f"/funded/{project.pk}/update/", {"status": "cancelled", "spent": "0", "text_en": "Stop"}
    )
    assert res.status_code == 200
    assert (
        "needs a public reason" in res.content.decode() and 'role="alert"' in res.content.decode()
    )
    assert not Update.objects.exists()


def test_update_plan_and_fund_pages_are_for_organizers_only(resident, project):
    client = as_user(resident)
    assert client.get(f"/funded/{project.pk}/update/").status_code == 403
    assert client.get(f"/funded/{project.pk}/plan/").status_code == 403
    assert client.get(f"/cycles/{project.cycle_id}/funded/new/").status_code == 403


def test_residents_see_no_organizer_buttons(resident, project):
    page = as_user(resident).get(f"/funded/{project.pk}/").content.decode()
    assert "Post an update" not in page and "Follow this project" in page


def test_organizer_changes_the_plan_on_the_page(organizer, project):
    res = as_user(organizer).post(
        f"/funded/{project.pk}/plan/",
        {
            "department": "Roads department",
            "planned_start": "2026-03-01",
            "planned_end": "2026-09-30",
            "budget": "19500.00",
            "latitude": "",
            "longitude": "",
            "reason": "Cheaper tender",
        },
    )
    assert res.status_code == 302
    project.refresh_from_db()
    assert project.department == "Roads department" and project.budget == Decimal("19500.00")


def test_organizer_funds_a_won_proposal_on_the_page(organizer, project):
    late = f.WonProposalFactory(cycle=project.cycle, title="Tsipa playground")
    client = as_user(organizer)
    assert (
        "Fund a winning proposal"
        in client.get(f"/cycles/{project.cycle_id}/funded/").content.decode()
    )
    res = client.post(
        f"/cycles/{project.cycle_id}/funded/new/", {"proposal": late.pk, "budget": ""}
    )
    assert res.status_code == 302
    assert FundedProject.objects.get(proposal=late).budget == late.final_cost


def test_the_cycle_page_links_funded_projects_from_results_on(en, project):
    page = en.get(f"/cycles/{project.cycle_id}/").content.decode()
    assert f"/cycles/{project.cycle_id}/funded/" in page


def test_unknown_pages_are_404(en, db):
    assert en.get("/funded/999999/").status_code == 404
    assert en.get("/cycles/999999/funded/").status_code == 404
