from django.test import Client

from cycles.models import Cycle


def test_home_lists_municipalities_in_georgian_by_default(cycle):
    res = Client().get("/")
    assert res.status_code == 200
    assert "თერჯოლა" in res.content.decode()


def test_language_switch_persists(cycle):
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get(f"/cycles/{cycle.pk}/").content.decode()
    assert "Timeline" in page and "Terjola" in page


def test_cycle_page_shows_the_timeline(cycle):
    page = Client(HTTP_ACCEPT_LANGUAGE="ka").get(f"/cycles/{cycle.pk}/").content.decode()
    assert 'aria-current="step"' in page


def test_organizer_advances_from_the_cycle_page(cycle, organizer):
    client = Client()
    client.force_login(organizer)
    res = client.post(f"/cycles/{cycle.pk}/advance/", {"to": "training"}, follow=True)
    assert res.status_code == 200
    assert Cycle.objects.get(pk=cycle.pk).phase == "training"


def test_resident_sees_no_advance_button_and_cannot_post(cycle, resident, organizer):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(organizer)
    button = "Advance to “Trainings and proposals”…"  # it names the next phase
    assert button in client.get(f"/cycles/{cycle.pk}/").content.decode()
    client.force_login(resident)
    assert button not in client.get(f"/cycles/{cycle.pk}/").content.decode()
    assert client.post(f"/cycles/{cycle.pk}/advance/", {"to": "training"}).status_code == 403
    assert Cycle.objects.get(pk=cycle.pk).phase == "idea_submission"


def test_register_and_login_pages(terjola):
    client = Client()
    res = client.post(
        "/accounts/register/",
        {
            "name": "Nino",
            "email": "nino@example.ge",
            "municipality": terjola.pk,
            "language": "en",
            "password": "a-long-pass-123",
        },
    )
    assert res.status_code == 302
    client.logout()
    res = client.post(
        "/accounts/login/", {"username": "nino@example.ge", "password": "a-long-pass-123"}
    )
    assert res.status_code == 302


def test_register_page_shows_errors(terjola):
    res = Client().post("/accounts/register/", {"name": "", "municipality": terjola.pk})
    assert res.status_code == 200 and 'role="alert"' in res.content.decode()
