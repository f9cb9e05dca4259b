"""Every CSV the project writes escapes text a spreadsheet would run as a formula and starts
with the UTF-8 BOM: the organizers' proposals.csv and attendance.csv, the public results.csv."""

import csv
import io

import pytest
from django.test import Client

from cycles.services import advance
from trainings.models import Enrollment

from .. import factories as f
from ..conftest import set_phase

# what a resident may type, each one a formula in Excel, LibreOffice or Google Sheets
FORMULAS = ["=1+1", "+1+cmd|' /C calc'!A0", "-1+2", "@SUM(A1:A9)", "\tTAB=1", "\rCR=1"]


def rows_of(response) -> list[list[str]]:
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff"), "the BOM, so Georgian opens as Georgian"
    return list(csv.reader(io.StringIO(body[1:], newline="")))


def assert_escaped(rows, texts):
    cells = [c for row in rows for c in row]
    for text in texts:
        assert "'" + text in cells, (text, cells)
        assert text not in cells


def login(user):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def test_proposals_csv_escapes_formulas(terjola, organizer):
    cycle = f.CycleFactory(municipality=terjola, phase="training")
    for text in FORMULAS:
        f.DraftProposalFactory(cycle=cycle, title=text)
    r = login(organizer).get(f"/cycles/{cycle.pk}/proposals.csv")
    assert r.status_code == 200
    assert_escaped(rows_of(r), FORMULAS)


def test_attendance_csv_escapes_formulas(terjola, organizer):
    session = f.TrainingSessionFactory(cycle=f.CycleFactory(municipality=terjola, phase="training"))
    for text in FORMULAS:
        Enrollment.objects.create(
            session=session, user=f.UserFactory(municipality=terjola, name=text), status="enrolled"
        )
    r = login(organizer).get(f"/trainings/{session.pk}/attendance.csv")
    assert r.status_code == 200
    assert_escaped(rows_of(r), FORMULAS)


@pytest.mark.django_db
def test_the_public_results_csv_escapes_formulas(api, terjola, organizer):
    cycle = f.CycleFactory(municipality=terjola)
    envelope = f.EnvelopeFactory(cycle=cycle)
    for text in FORMULAS:
        f.BallotProjectFactory(envelope=envelope, title=text, cost="1000.00")
    set_phase(cycle, "voting")
    advance(cycle=cycle, to="results", by=organizer)
    r = api().get(f"/api/v1/cycles/{cycle.pk}/results.csv")
    assert r.status_code == 200
    rows = rows_of(r)
    assert_escaped(rows, FORMULAS)
    # a number stays a number: the cost column is not prefixed
    assert all(not row[7].startswith("'") for row in rows[1:])


def test_the_ideas_csv_escapes_formulas_too(terjola, organizer):
    cycle = f.CycleFactory(municipality=terjola, phase="idea_submission")
    for text in FORMULAS:
        f.IdeaFactory(cycle=cycle, title=text)
    r = login(organizer).get(f"/cycles/{cycle.pk}/ideas/export.csv")
    assert r.status_code == 200
    assert_escaped(rows_of(r), FORMULAS)
