HUGE = 99999999999999999999999


def test_huge_ids_in_bodies_and_paths_are_4xx_not_500(api, resident, organizer, valid, idea):
    client = api(resident)
    for field in ("cycle", "category", "community"):
        res = client.post("/api/v1/ideas/", {**valid, field: HUGE})
        assert res.status_code == 400, (field, res.content)
    res = api(organizer).post(f"/api/v1/ideas/{idea.pk}/merge/", {"into": HUGE})
    assert res.status_code == 400
    res = api(organizer).post("/api/v1/ideas/paper/", {**valid, "author": HUGE})
    assert res.status_code == 400
    for path in (f"/api/v1/ideas/{HUGE}/", f"/api/v1/categories/{HUGE}/"):
        assert api().get(path).status_code == 404
    res = api(resident).delete(f"/api/v1/ideas/{idea.pk}/images/{HUGE}/")
    assert res.status_code in (403, 404)
    assert api(organizer).get("/api/v1/ideas/stats/", {"cycle": HUGE}).status_code in (400, 404)
    assert api().get("/api/v1/categories/", {"cycle": HUGE}).status_code in (200, 400)


def test_huge_ids_in_page_urls_are_404(client, organizer):
    client.force_login(organizer)
    for path in (
        f"/cycles/{HUGE}/ideas/",
        f"/cycles/{HUGE}/ideas/new/",
        f"/cycles/{HUGE}/ideas/paper/",
        f"/ideas/{HUGE}/",
        f"/ideas/{HUGE}/edit/",
    ):
        assert client.get(path).status_code == 404, path
