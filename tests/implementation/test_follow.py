"""Residents follow a funded project (page and API) and can stop at any time."""

from django.test import Client

from implementation.models import Follow


def test_a_resident_follows_and_unfollows_through_the_api(api, resident, project):
    client = api(resident)
    res = client.post(f"/api/v1/funded/{project.pk}/follow/")
    assert res.status_code == 200 and res.json() == {"following": True}
    assert client.get(f"/api/v1/funded/{project.pk}/").json()["following"] is True

    res = client.delete(f"/api/v1/funded/{project.pk}/follow/")
    assert res.json() == {"following": False}
    assert not Follow.objects.exists()


def test_following_twice_is_one_follow(api, resident, project):
    client = api(resident)
    client.post(f"/api/v1/funded/{project.pk}/follow/")
    client.post(f"/api/v1/funded/{project.pk}/follow/")
    assert Follow.objects.filter(user=resident).count() == 1
    assert client.get(f"/api/v1/funded/{project.pk}/").json()["followers"] == 1


def test_anonymous_follow_is_401(api, project):
    res = api().post(f"/api/v1/funded/{project.pk}/follow/")
    assert res.status_code == 401


def test_a_closed_cycle_takes_no_new_followers_but_lets_them_go(api, resident, project, phase):
    client = api(resident)
    client.post(f"/api/v1/funded/{project.pk}/follow/")
    phase(project.cycle, "closed")
    other = api(project.proposal.idea.author)
    assert other.post(f"/api/v1/funded/{project.pk}/follow/").status_code == 409
    assert client.delete(f"/api/v1/funded/{project.pk}/follow/").status_code == 200


def test_the_follow_page_works_without_javascript(resident, project):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert client.get(f"/funded/{project.pk}/follow/").status_code == 302  # log in first
    client.force_login(resident)
    page = client.get(f"/funded/{project.pk}/follow/").content.decode()
    assert "Follow this project" in page
    client.post(f"/funded/{project.pk}/follow/", {"follow": "1"})
    assert Follow.objects.filter(user=resident, project=project).exists()
    page = client.get(f"/funded/{project.pk}/").content.decode()
    assert "Stop following" in page
    client.post(f"/funded/{project.pk}/follow/", {"follow": "0"})
    assert not Follow.objects.exists()
