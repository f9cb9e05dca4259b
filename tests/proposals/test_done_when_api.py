"""The issue's "done when", through the API as the mobile app would do it."""

from proposals.models import StatusChange
from tests import factories as f

from .conftest import LINES, LINES_TOTAL


def test_enroll_waitlist_promotion_attendance_proposal_submit_and_valuation(
    api, training_cycle, author, organizer, eligible_idea
):
    session = f.TrainingSessionFactory(cycle=training_cycle, capacity=1)
    taker = f.UserFactory(municipality=training_cycle.municipality)
    f.IdeaFactory(cycle=training_cycle, author=taker, status="eligible")
    assert api(taker).post(f"/api/v1/trainings/{session.pk}/enroll/").json()["status"] == "enrolled"

    res = api(author).post(f"/api/v1/trainings/{session.pk}/enroll/")
    assert res.json() == {"status": "waitlisted", "position": 1}
    api(taker).post(f"/api/v1/trainings/{session.pk}/cancel/")
    mine = api(author).get("/api/v1/enrollments/").json()["results"]
    assert mine[0]["status"] == "enrolled"

    f.session_takes_place(session)
    res = api(organizer).post(
        f"/api/v1/trainings/{session.pk}/attendance/", {"user": author.pk, "attended": True}
    )
    assert res.status_code == 200

    res = api(author).post(
        "/api/v1/proposals/",
        {
            "idea": eligible_idea.pk,
            "problem": "Dark road",
            "objectives": "Light it",
            "beneficiaries": "Pupils",
            "beneficiaries_count": 300,
            "location": "Chkhari",
            "timeline_months": 3,
            "maintenance": "Utilities",
            "budget_lines": LINES,
        },
    )
    assert res.status_code == 201, res.json()
    pk = res.json()["id"]
    assert len(res.json()["budget_lines"]) == 5 and res.json()["total_cost"] == LINES_TOTAL
    assert api(author).post(f"/api/v1/proposals/{pk}/submit/").status_code == 200
    res = api(organizer).post(
        f"/api/v1/proposals/{pk}/valuation/", {"feasible": True, "reason": "Feasible as planned"}
    )
    assert res.json()["status"] == "feasible"
    assert StatusChange.objects.filter(proposal_id=pk).count() == 3
