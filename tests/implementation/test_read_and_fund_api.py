"""Anyone reads funded projects; organizers fund a won proposal and change the plan."""

from decimal import Decimal

from implementation.models import FundedProject
from record.models import Entry
from tests import factories as f


def test_a_cycles_funded_projects_show_progress_of_time_and_money(
    api, project, django_assert_max_num_queries
):
    for _ in range(4):
        f.FundedProjectFactory(proposal=f.WonProposalFactory(cycle=project.cycle))
    FundedProject.objects.filter(pk=project.pk).update(spent=Decimal("5000.00"))

    with django_assert_max_num_queries(4):
        res = api().get(f"/api/v1/cycles/{project.cycle_id}/funded/")

    assert res.status_code == 200 and res.json()["count"] == 5
    first = res.json()["results"][0]
    assert first["title"] == "Chkhari school roof"
    assert first["money_percent"] == 25 and first["time_percent"] == 50
    assert first["budget"] == "20000.00" and first["spent"] == "5000.00"
    assert first["status_label"] == "Planned"


def test_unknown_cycle_is_404(api, db):
    assert api().get("/api/v1/cycles/999999/funded/").status_code == 404


def test_a_funded_project_shows_its_updates_newest_first(api, organizer, project):
    for spent in ("1000", "2000"):
        api(organizer).post(
            f"/api/v1/funded/{project.pk}/updates/",
            {"status": "in_progress", "spent": spent, "text_ka": "პროგრესი"},
        )
    res = api().get(f"/api/v1/funded/{project.pk}/")
    assert res.status_code == 200
    body = res.json()
    assert [u["spent"] for u in body["updates"]] == ["2000.00", "1000.00"]
    assert body["following"] is False and body["summary"]


def test_organizer_funds_a_won_proposal_created_after_implementation_opened(
    api, organizer, project
):
    late = f.WonProposalFactory(cycle=project.cycle, total_cost=Decimal("8000.00"))
    res = api(organizer).post(
        f"/api/v1/cycles/{project.cycle_id}/funded/",
        {"proposal": late.pk, "department": "Roads", "latitude": "42.19", "longitude": "42.71"},
    )
    assert res.status_code == 201, res.json()
    assert res.json()["budget"] == "8000.00" and res.json()["osm_url"].startswith(
        "https://www.openstreetmap.org/?mlat=42.19"
    )
    assert Entry.objects.filter(action="project_funded", object_id=str(res.json()["id"])).exists()


def test_funding_the_same_proposal_twice_is_409(api, organizer, project):
    res = api(organizer).post(
        f"/api/v1/cycles/{project.cycle_id}/funded/", {"proposal": project.proposal_id}
    )
    assert res.status_code == 409


def test_only_won_proposals_of_this_cycle_can_be_funded(api, organizer, project):
    lost = f.WonProposalFactory(cycle=project.cycle, status="lost")
    res = api(organizer).post(f"/api/v1/cycles/{project.cycle_id}/funded/", {"proposal": lost.pk})
    assert res.status_code == 409
    elsewhere = f.WonProposalFactory()
    res = api(organizer).post(
        f"/api/v1/cycles/{project.cycle_id}/funded/", {"proposal": elsewhere.pk}
    )
    assert res.status_code == 400 and "proposal" in res.json()["error"]["fields"]


def test_residents_cannot_fund(api, resident, project):
    late = f.WonProposalFactory(cycle=project.cycle)
    res = api(resident).post(f"/api/v1/cycles/{project.cycle_id}/funded/", {"proposal": late.pk})
    assert res.status_code == 403


def test_funding_before_results_is_409(api, organizer, cycle, phase):
    proposal = f.WonProposalFactory(cycle=phase(cycle, "voting"))
    res = api(organizer).post(f"/api/v1/cycles/{cycle.pk}/funded/", {"proposal": proposal.pk})
    assert res.status_code == 409 and res.json()["error"]["code"] == "phase_closed"


def test_organizer_changes_the_plan_and_it_is_recorded(api, organizer, project):
    res = api(organizer).patch(
        f"/api/v1/funded/{project.pk}/",
        {"department": "Education department", "budget": "21000.00", "reason": "Tender result"},
    )
    assert res.status_code == 200, res.json()
    assert res.json()["department"] == "Education department"
    entry = Entry.objects.get(action="project_plan_changed")
    assert entry.reason == "Tender result"
    assert entry.data["budget"] == {"from": "20000.00", "to": "21000.00"}
    assert "planned_start" not in entry.data


def test_a_plan_that_ends_before_it_starts_is_400(api, organizer, project):
    res = api(organizer).patch(
        f"/api/v1/funded/{project.pk}/",
        {"planned_start": "2027-05-01", "planned_end": "2027-01-01"},
    )
    assert res.status_code == 400 and "planned_end" in res.json()["error"]["fields"]


def test_half_a_map_point_is_400(api, organizer, project):
    res = api(organizer).patch(f"/api/v1/funded/{project.pk}/", {"latitude": "42.1"})
    assert res.status_code == 400 and "latitude" in res.json()["error"]["fields"]
    res = api(organizer).patch(
        f"/api/v1/funded/{project.pk}/", {"latitude": "142", "longitude": "1"}
    )
    assert res.status_code == 400


def test_residents_cannot_change_the_plan(api, resident, project):
    res = api(resident).patch(f"/api/v1/funded/{project.pk}/", {"department": "x"})
    assert res.status_code == 403


def test_put_is_not_offered(api, organizer, project):
    res = api(organizer).put(f"/api/v1/funded/{project.pk}/", {"department": "x"})
    assert res.status_code == 405


def test_the_schema_describes_the_implementation_and_record_operations():
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.validation import validate_schema

    schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)
    paths = schema["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/cycles/{id}/funded/"])
    assert {"get", "patch"} <= set(paths["/api/v1/funded/{id}/"])
    assert "post" in paths["/api/v1/funded/{id}/updates/"]
    assert {"post", "delete"} <= set(paths["/api/v1/funded/{id}/follow/"])
    assert "get" in paths["/api/v1/cycles/{id}/record/"]
    body = paths["/api/v1/funded/{id}/updates/"]["post"]["requestBody"]["content"]
    assert "multipart/form-data" in body
