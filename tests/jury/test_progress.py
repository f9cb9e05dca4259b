"""How far the jury is, counted once (`Juror.objects.with_progress()`) and shown the same in
the API, on the jury page and in the organizer dashboard."""

import csv
import io

import pytest
from django.test import Client

from jury.models import Assignment
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def progress(cycle, juror, organizer, phase):
    """Juliet: one sheet submitted, one to score, one recused. Karlo: nothing yet."""
    phase(cycle, "jury_review")
    seat = f.JurorFactory(cycle=cycle, user=juror, is_chair=True)
    f.JurorFactory(
        cycle=cycle, user=f.UserFactory(name="Jury Karlo", municipality=cycle.municipality)
    )
    for status in ("submitted", "pending", "recused"):
        Assignment.objects.create(
            juror=seat, proposal=f.FeasibleProposalFactory(cycle=cycle), status=status
        )
    return cycle


def test_the_api_counts_assigned_done_pending_and_recused(api, progress, organizer):
    rows = api(organizer).get(f"/api/v1/cycles/{progress.pk}/jury-progress/").json()
    mine = {r["name"]: r for r in rows}
    juliet = mine["Jury Juliet"]
    assert (juliet["assigned"], juliet["done"], juliet["pending"], juliet["recused"]) == (
        2,
        1,
        1,
        1,
    )
    assert juliet["is_chair"] is True
    karlo = mine["Jury Karlo"]
    assert (karlo["assigned"], karlo["done"], karlo["pending"], karlo["recused"]) == (0, 0, 0, 0)


def test_the_jury_page_and_the_dashboard_show_the_same_numbers(progress, organizer):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(organizer)
    page = client.get(f"/cycles/{progress.pk}/jury/").content.decode()
    # Done, Pending, Recused
    assert '<td class="num">1</td><td class="num">1</td><td class="num">1</td>' in page
    res = client.get(f"/cycles/{progress.pk}/dashboard/jury.csv")
    rows = list(csv.reader(io.StringIO(res.content.decode("utf-8-sig"))))
    assert ["Jury Juliet", "2", "1", "1", "1"] in rows
    assert ["Jury Karlo", "0", "0", "0", "0"] in rows
    dashboard = client.get(f"/cycles/{progress.pk}/dashboard/").content.decode()
    assert "1 / 2" in dashboard  # scores submitted of those assigned


def test_the_progress_list_runs_in_constant_queries(
    api, progress, organizer, django_assert_max_num_queries
):
    for _ in range(5):
        seat = f.JurorFactory(cycle=progress)
        Assignment.objects.create(juror=seat, proposal=f.FeasibleProposalFactory(cycle=progress))
    client = api(organizer)
    with django_assert_max_num_queries(6):
        rows = client.get(f"/api/v1/cycles/{progress.pk}/jury-progress/").json()
    assert len(rows) == 7
