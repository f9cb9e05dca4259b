"""The issue's "done when", through the API as the mobile app does it."""

from django.core import mail

from .conftest import photo


def test_submit_with_photo_list_screen_notify_and_paper_idea_in_the_same_list(
    api, resident, organizer, valid, categories, cycle, django_capture_on_commit_callbacks
):
    mine = api(resident).post("/api/v1/ideas/", {**valid, "images": [photo()]}, format="multipart")
    assert mine.status_code == 201, mine.json()
    idea_id = mine.json()["id"]

    listed = (
        api()
        .get("/api/v1/ideas/", {"cycle": cycle.pk, "category": categories[0].pk, "search": "LED"})
        .json()
    )
    assert [i["id"] for i in listed["results"]] == [idea_id]
    assert listed["results"][0]["images"][0]["thumbnail"].endswith(".jpg")

    with django_capture_on_commit_callbacks(execute=True):
        screened = api(organizer).post(
            f"/api/v1/ideas/{idea_id}/screen/",
            {"decision": "ineligible", "reason": "outside_competence", "note": "A state road."},
        )
    assert screened.json()["screening"]["reason_label"] == "Outside the municipality's competence"
    assert [m.to for m in mail.outbox] == [[resident.email]]
    inbox = api(resident).get("/api/v1/notifications/", {"kind": "idea_screened"}).json()
    assert inbox["count"] == 1 and "Not eligible" in inbox["results"][0]["text"]

    paper = api(organizer).post(
        "/api/v1/ideas/paper/",
        {**valid, "title": "A spring", "author_name": "Lamara", "author_phone": "+995599000101"},
    )
    assert paper.status_code == 201
    everyone = api().get("/api/v1/ideas/", {"cycle": cycle.pk, "ordering": "title"}).json()
    assert [(i["title"], i["channel"]) for i in everyone["results"]] == [
        ("A spring", "paper"),
        ("Street lights in Chkhari", "app"),
    ]
