"""The issue's "done when", through the pages."""

from django.core import mail

from ideas.models import Idea

from .conftest import photo


def form(categories, chkhari, **extra):
    return {
        "title": "Lights on the school road",
        "summary": "Twenty LED lights from the school to the church.",
        "category": categories[0].pk,
        "community": chkhari.pk,
        "estimated_cost": "18500.00",
        "beneficiaries": "Pupils",
        "latitude": "42.1724",
        "longitude": "42.7573",
        **extra,
    }


def test_a_resident_submits_with_a_photo_and_an_organizer_screens_it_on_the_pages(
    client, resident, organizer, cycle, categories, chkhari, django_capture_on_commit_callbacks
):
    client.force_login(resident)
    new = client.get(f"/cycles/{cycle.pk}/ideas/new/", HTTP_ACCEPT_LANGUAGE="en")
    assert new.status_code == 200 and 'enctype="multipart/form-data"' in new.content.decode()
    res = client.post(
        f"/cycles/{cycle.pk}/ideas/new/", {**form(categories, chkhari), "images": [photo()]}
    )
    idea = Idea.objects.get()
    assert res.status_code == 302 and res["Location"] == f"/ideas/{idea.pk}/"
    assert idea.channel == "web" and idea.images.count() == 1

    listing = client.get(
        f"/cycles/{cycle.pk}/ideas/", {"category": categories[0].pk, "search": "school"}
    ).content.decode()
    assert "Lights on the school road" in listing and idea.images.get().thumbnail.url in listing
    other = client.get(f"/cycles/{cycle.pk}/ideas/", {"category": categories[1].pk})
    assert "Lights on the school road" not in other.content.decode()

    client.force_login(organizer)
    detail = client.get(f"/ideas/{idea.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Screening (organizers)" in detail
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/ideas/{idea.pk}/screen/",
            {"decision": "ineligible", "reason": "outside_competence", "note": "A state road."},
        )
    idea.refresh_from_db()
    assert idea.status == "ineligible" and idea.screening_reason == "outside_competence"
    assert [m.to for m in mail.outbox] == [[resident.email]]
    client.logout()
    public = client.get(f"/ideas/{idea.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Outside the municipality" in public and "A state road." in public


def test_the_form_shows_each_refusal_next_to_its_field(
    client, resident, cycle, categories, chkhari
):
    client.force_login(resident)
    res = client.post(
        f"/cycles/{cycle.pk}/ideas/new/",
        {**form(categories, chkhari, estimated_cost="99"), "images": [photo("x.gif", "GIF")]},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert res.status_code == 400
    assert not Idea.objects.exists()
    body = res.content.decode()
    assert "between" in body and "1000.00" in body


def test_a_fake_photo_is_refused_on_the_page(client, resident, cycle, categories, chkhari):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(resident)
    fake = SimpleUploadedFile("road.jpg", b"hello", content_type="image/jpeg")
    res = client.post(
        f"/cycles/{cycle.pk}/ideas/new/",
        {**form(categories, chkhari), "images": [fake]},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert res.status_code == 400 and "not a JPEG, PNG or WebP" in res.content.decode()
    assert not Idea.objects.exists()


def test_an_outsider_gets_a_clear_message_on_the_page(client, outsider, cycle, categories, chkhari):
    client.force_login(outsider)
    res = client.post(
        f"/cycles/{cycle.pk}/ideas/new/", form(categories, chkhari), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert res.status_code == 403
    assert "Only residents of this municipality may do this." in res.content.decode()
    assert not Idea.objects.exists()


def test_the_submit_page_says_when_the_competition_is_closed(client, resident, cycle, phase):
    phase(cycle, "training")
    client.force_login(resident)
    res = client.get(f"/cycles/{cycle.pk}/ideas/new/", HTTP_ACCEPT_LANGUAGE="en")
    assert res.status_code == 409 and "This is possible only during" in res.content.decode()


def test_a_paper_idea_entered_by_staff_appears_in_the_same_list(
    client, organizer, cycle, categories, chkhari
):
    client.force_login(organizer)
    res = client.post(
        f"/cycles/{cycle.pk}/ideas/paper/",
        {**form(categories, chkhari), "author_name": "Lamara", "author_phone": "599000101"},
    )
    assert res.status_code == 302, res.content.decode()[:2000]
    client.logout()
    listing = client.get(f"/cycles/{cycle.pk}/ideas/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Lights on the school road" in listing and "paper form" in listing


def test_the_author_edits_and_withdraws_on_the_pages(client, author, idea, resident):
    client.force_login(author)
    detail = client.get(f"/ideas/{idea.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Withdraw the idea" in detail
    data = {
        "title": "Brighter Chkhari",
        "summary": idea.summary,
        "category": idea.category_id,
        "estimated_cost": "20000.00",
    }
    assert client.post(f"/ideas/{idea.pk}/edit/", data).status_code == 302
    idea.refresh_from_db()
    assert idea.title == "Brighter Chkhari"
    client.post(f"/ideas/{idea.pk}/withdraw/")
    idea.refresh_from_db()
    assert idea.status == "withdrawn"
    client.force_login(resident)
    assert client.get(f"/ideas/{idea.pk}/").status_code == 404


def test_another_resident_cannot_edit_on_the_pages(client, resident, idea):
    client.force_login(resident)
    res = client.post(
        f"/ideas/{idea.pk}/edit/",
        {"title": "Mine", "summary": "s", "category": idea.category_id, "estimated_cost": "2000"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert res.status_code == 403 and "Only the idea" in res.content.decode()
    assert client.get(f"/ideas/{idea.pk}/edit/").status_code == 403
    idea.refresh_from_db()
    assert idea.title == "Lights for Chkhari"


def test_the_cycle_page_links_to_the_ideas(client, resident, cycle):
    client.force_login(resident)
    page = client.get(f"/cycles/{cycle.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"/cycles/{cycle.pk}/ideas/" in page and f"/cycles/{cycle.pk}/ideas/new/" in page


def test_pages_stay_light(client, cycle, categories, author):
    from tests import factories as f

    for _ in range(20):
        f.IdeaFactory(cycle=cycle, author=author, category=categories[0])
    res = client.get(f"/cycles/{cycle.pk}/ideas/")
    assert res.status_code == 200 and len(res.content) < 60_000
