from notifications.models import Notification


def test_the_author_is_told_the_idea_was_received(
    api, cycle, resident, django_capture_on_commit_callbacks
):
    category = cycle.categories.create(slug="roads", name_ka="გზები", name_en="Roads")
    with django_capture_on_commit_callbacks(execute=True):
        res = api(resident).post(
            "/api/v1/ideas/",
            {
                "cycle": cycle.pk,
                "category": category.pk,
                "title": "Street lights in Chkhari",
                "summary": "Six lamps along the school road.",
                "estimated_cost": "5000.00",
            },
            format="multipart",
        )
    assert res.status_code == 201, res.json()
    notes = Notification.objects.filter(recipient=resident, kind="idea_received")
    assert {n.channel for n in notes} >= {"email", "inapp"}
    inbox = api(resident).get("/api/v1/notifications/").json()["results"]
    assert any("Street lights in Chkhari" in n["text"] for n in inbox)
