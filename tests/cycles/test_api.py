import pytest

from cycles.models import Cycle
from tests import factories as f


def test_municipalities_list_their_communities(api, terjola):
    res = api().get("/api/v1/municipalities/terjola/")
    assert res.status_code == 200
    assert res.json()["name"] == "Terjola"
    assert res.json()["communities"][0]["name"] == "Chkhari"


def test_names_follow_accept_language(api, terjola):
    assert api(lang="ka").get("/api/v1/municipalities/terjola/").json()["name"] == "თერჯოლა"


def test_cycles_filter_by_municipality_year_and_phase(api, cycle, vani):
    f.CycleFactory(municipality=vani, year=2026, phase="voting")
    body = api().get("/api/v1/cycles/", {"municipality": "terjola"}).json()
    assert [c["id"] for c in body["results"]] == [cycle.pk]
    assert api().get("/api/v1/cycles/", {"phase": "voting"}).json()["count"] == 1
    assert api().get("/api/v1/cycles/", {"year": 2026}).json()["count"] == 2


def test_cycle_shows_allowed_actions_for_the_caller(api, cycle, resident, organizer, outsider):
    assert api().get(f"/api/v1/cycles/{cycle.pk}/").json()["allowed_actions"] == []
    mine = api(resident).get(f"/api/v1/cycles/{cycle.pk}/").json()["allowed_actions"]
    assert "submit_idea" in mine and "screen_idea" not in mine
    theirs = api(organizer).get(f"/api/v1/cycles/{cycle.pk}/").json()["allowed_actions"]
    assert "screen_idea" in theirs and "edit_cycle" in theirs and "edit_cycle" not in mine
    assert (
        "submit_idea"
        not in api(outsider).get(f"/api/v1/cycles/{cycle.pk}/").json()["allowed_actions"]
    )


def test_cycle_list_runs_in_constant_queries(api, terjola, django_assert_max_num_queries):
    for year in range(2030, 2040):
        f.CycleFactory(municipality=terjola, year=year)
    with django_assert_max_num_queries(3):
        assert api().get("/api/v1/cycles/").status_code == 200


def test_organizer_creates_a_cycle_with_the_default_schedule(api, organizer, terjola):
    res = api(organizer).post(
        "/api/v1/cycles/",
        {
            "municipality": "terjola",
            "year": 2031,
            "title_ka": "ბიუჯეტი 2031",
            "total_budget": "250000.00",
        },
    )
    assert res.status_code == 201, res.json()
    cycle = Cycle.objects.get(pk=res.json()["id"])
    assert cycle.phase == "draft" and cycle.jury_review_starts.month == 9
    assert res.json()["total_budget"] == "250000.00"


def test_second_cycle_for_the_same_year_is_a_conflict(api, organizer, cycle):
    res = api(organizer).post(
        "/api/v1/cycles/",
        {
            "municipality": "terjola",
            "year": cycle.year,
            "title_ka": "x",
            "total_budget": "1.00",
        },
    )
    assert res.status_code == 409
    assert res.json()["error"]["code"] == "conflict"


def test_terjola_organizer_cannot_change_vanis_cycle(api, organizer, vani):
    vanis = f.CycleFactory(municipality=vani)
    res = api(organizer).patch(f"/api/v1/cycles/{vanis.pk}/", {"title_ka": "hacked"})
    assert res.status_code == 403
    assert res.json()["error"]["code"] == "forbidden"
    assert Cycle.objects.get(pk=vanis.pk).title_ka != "hacked"
    res = api(organizer).post(f"/api/v1/cycles/{vanis.pk}/advance/", {"to": "training"})
    assert res.status_code == 403


def test_resident_cannot_create_a_cycle(api, resident, terjola):
    res = api(resident).post(
        "/api/v1/cycles/",
        {
            "municipality": "terjola",
            "year": 2032,
            "title_ka": "x",
            "total_budget": "1.00",
        },
    )
    assert res.status_code == 403


def test_anonymous_write_is_401_in_the_error_shape(api, cycle):
    res = api().post(f"/api/v1/cycles/{cycle.pk}/advance/", {"to": "training"})
    assert res.status_code == 401
    assert res.json()["error"]["code"] == "not_authenticated"


def test_advance_through_the_api(api, organizer, cycle):
    res = api(organizer).post(f"/api/v1/cycles/{cycle.pk}/advance/", {"to": "training"})
    assert res.status_code == 200
    assert res.json()["phase"] == "training"
    again = api(organizer).post(f"/api/v1/cycles/{cycle.pk}/advance/", {"to": "training"})
    assert again.status_code == 409 and again.json()["error"]["code"] == "conflict"


@pytest.mark.parametrize("body", [{}, {"to": "nonsense"}, {"to": ["x"]}, "not json"])
def test_bad_advance_input_is_400(api, organizer, cycle, body):
    res = api(organizer).post(f"/api/v1/cycles/{cycle.pk}/advance/", body)
    assert res.status_code == 400
    assert res.json()["error"]["code"] == "invalid"


@pytest.mark.parametrize(
    "body",
    [
        {"min_project_cost": "9000", "max_project_cost": "100"},
        {"total_budget": "-5"},
        {"total_budget": "abc"},
        {"year": 1800},
        {"voting_starts": "2020-01-01T00:00:00Z"},
    ],
)
def test_bad_cycle_input_is_400_with_fields(api, organizer, cycle, body):
    res = api(organizer).patch(f"/api/v1/cycles/{cycle.pk}/", body, format="json")
    assert res.status_code == 400, res.json()
    assert res.json()["error"]["fields"]


def test_errors_speak_the_request_language(api, organizer, cycle):
    res = api(organizer, lang="ka").post(f"/api/v1/cycles/{cycle.pk}/advance/", {"to": "voting"})
    assert res.status_code == 409
    en = api(organizer, lang="en").post(f"/api/v1/cycles/{cycle.pk}/advance/", {"to": "voting"})
    assert res.json()["error"]["message"] != en.json()["error"]["message"]


def test_unknown_api_url_is_json_404(api, db):
    res = api().get("/api/v1/no-such-thing/")
    assert res.status_code == 404
    assert res.json()["error"]["code"] == "not_found"
    assert api().get("/api/v1/cycles/999999/").json()["error"]["code"] == "not_found"


def test_schema_is_valid_without_warnings():
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")


def test_changes_to_budget_and_rules_are_in_the_public_record(api, organizer, cycle):
    res = api(organizer).patch(
        f"/api/v1/cycles/{cycle.pk}/",
        {"total_budget": "120000.00", "tally_rule": "equalshares/add1"},
    )
    assert res.status_code == 200
    entries = api().get(f"/api/v1/cycles/{cycle.pk}/record/").json()["results"]
    changed = [e for e in entries if e["action"] == "cycle_changed"]
    assert len(changed) == 1
    assert changed[0]["data"]["total_budget"] == {"from": "100000.00", "to": "120000.00"}
    assert changed[0]["data"]["tally_rule"]["to"] == "equalshares/add1"


def test_a_patch_that_changes_nothing_records_nothing(api, organizer, cycle):
    api(organizer).patch(f"/api/v1/cycles/{cycle.pk}/", {"total_budget": "100000.00"})
    entries = api().get(f"/api/v1/cycles/{cycle.pk}/record/").json()["results"]
    assert not [e for e in entries if e["action"] == "cycle_changed"]
