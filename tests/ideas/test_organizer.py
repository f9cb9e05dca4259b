import csv
import io

from ideas.models import Category
from tests import factories as f


def test_organizer_sees_counts_by_status_category_and_community(
    api, organizer, cycle, categories, author, chkhari
):
    f.IdeaFactory(cycle=cycle, author=author, category=categories[0], community=chkhari)
    f.IdeaFactory(cycle=cycle, author=author, category=categories[1], status="eligible")
    f.IdeaFactory(cycle=cycle, author=author, category=categories[1], status="withdrawn")
    res = api(organizer).get("/api/v1/ideas/stats/", {"cycle": cycle.pk})
    assert res.status_code == 200, res.json()
    body = res.json()
    assert body["total"] == 3
    by_status = {row["status"]: row["count"] for row in body["by_status"]}
    assert by_status == {
        "submitted": 1,
        "eligible": 1,
        "ineligible": 0,
        "withdrawn": 1,
        "merged": 0,
    }
    assert {row["name"]: row["count"] for row in body["by_category"]} == {"Roads": 1, "Water": 2}
    assert {row["name"]: row["count"] for row in body["by_community"]} == {
        "Chkhari": 1,
        "(none)": 2,
    }


def test_counts_and_export_are_for_organizers_of_the_municipality_only(
    api, resident, vani_organizer, cycle
):
    for path in ("/api/v1/ideas/stats/", "/api/v1/ideas/export/"):
        assert api(resident).get(path, {"cycle": cycle.pk}).status_code == 403
        assert api(vani_organizer).get(path, {"cycle": cycle.pk}).status_code == 403
        assert api().get(path, {"cycle": cycle.pk}).status_code == 401


def test_counts_need_a_known_cycle(api, organizer):
    assert api(organizer).get("/api/v1/ideas/stats/").status_code == 400
    assert api(organizer).get("/api/v1/ideas/stats/", {"cycle": "x"}).status_code == 400
    res = api(organizer).get("/api/v1/ideas/stats/", {"cycle": 999999})
    assert res.status_code == 404 and res.json()["error"]["code"] == "not_found"


def test_csv_export_lists_every_idea_with_contacts(api, organizer, cycle, categories):
    f.IdeaFactory(
        cycle=cycle,
        author=None,
        channel="paper",
        category=categories[0],
        title="=HYPERLINK(1)",
        paper_author_name="Lamara",
        paper_author_phone="+995599000101",
    )
    res = api(organizer).get("/api/v1/ideas/export/", {"cycle": cycle.pk})
    assert res.status_code == 200 and res["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(res.content.decode())))
    assert len(rows) == 1
    assert rows[0]["author"] == "Lamara" and rows[0]["author_phone"] == "+995599000101"
    assert rows[0]["title"] == "'=HYPERLINK(1)"  # no formula runs in a spreadsheet
    assert rows[0]["category"] == "გზები" and rows[0]["channel"] == "paper"


def test_overview_and_export_pages(client, organizer, resident, cycle, categories, author):
    f.IdeaFactory(cycle=cycle, author=author, category=categories[0])
    client.force_login(organizer)
    page = client.get(f"/cycles/{cycle.pk}/ideas/overview/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200 and "Roads" in page.content.decode()
    export = client.get(f"/cycles/{cycle.pk}/ideas/export.csv")
    assert export.status_code == 200 and b"Idea" in export.content
    client.force_login(resident)
    assert client.get(f"/cycles/{cycle.pk}/ideas/overview/").status_code == 403
    assert client.get(f"/cycles/{cycle.pk}/ideas/export.csv").status_code == 403


def test_organizers_add_and_rename_categories(api, organizer, cycle):
    res = api(organizer).post(
        "/api/v1/categories/", {"cycle": cycle.pk, "name_ka": "კულტურა", "name_en": "Culture"}
    )
    assert res.status_code == 201, res.json()
    assert res.json()["slug"] == "culture"
    again = api(organizer).post(
        "/api/v1/categories/", {"cycle": cycle.pk, "name_ka": "კულტურა 2", "name_en": "Culture"}
    )
    assert again.status_code == 409
    pk = res.json()["id"]
    res = api(organizer).patch(f"/api/v1/categories/{pk}/", {"name_en": "Culture and arts"})
    assert res.status_code == 200 and res.json()["name"] == "Culture and arts"


def test_residents_and_other_organizers_cannot_manage_categories(
    api, resident, vani_organizer, cycle, categories
):
    body = {"cycle": cycle.pk, "name_ka": "სპორტი", "name_en": "Sport"}
    assert api(resident).post("/api/v1/categories/", body).status_code == 403
    assert api(vani_organizer).post("/api/v1/categories/", body).status_code == 403
    res = api(resident).patch(f"/api/v1/categories/{categories[0].pk}/", {"name_en": "X"})
    assert res.status_code == 403
    assert not Category.objects.filter(name_en__in=["Sport", "X"]).exists()


def test_a_malformed_category_is_400(api, organizer, cycle):
    res = api(organizer).post("/api/v1/categories/", {"cycle": cycle.pk, "name_ka": "x" * 500})
    assert res.status_code == 400 and "name_ka" in res.json()["error"]["fields"]
