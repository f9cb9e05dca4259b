from ideas.models import Idea
from notifications.models import Notification
from record.models import Entry
from tests import factories as f

from .conftest import photo

URL = "/api/v1/ideas/paper/"


def paper(valid, **extra):
    return {**valid, "author_name": "Lamara Kvaratskhelia", "author_phone": "599 00 01 01", **extra}


def test_an_organizer_enters_a_paper_idea_that_appears_in_the_public_list(api, organizer, valid):
    res = api(organizer).post(URL, {**paper(valid), "images": [photo()]}, format="multipart")
    assert res.status_code == 201, res.json()
    assert res.json()["channel"] == "paper" and res.json()["author_name"] == "Lamara Kvaratskhelia"
    listed = api().get("/api/v1/ideas/").json()["results"]
    assert [i["channel"] for i in listed] == ["paper"]
    idea = Idea.objects.get()
    assert idea.author is None and idea.paper_author_phone == "+995599000101"
    assert idea.entered_by == organizer
    assert Entry.objects.get(action="paper_idea_entered").object_id == str(idea.pk)


def test_a_paper_idea_for_an_existing_account_is_theirs_and_they_are_told(
    api, organizer, valid, resident, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        res = api(organizer).post(URL, {**valid, "author": resident.pk})
    assert res.status_code == 201, res.json()
    assert Idea.objects.get().author == resident
    assert Notification.objects.filter(recipient=resident, kind="idea_entered_for_you").exists()


def test_a_paper_idea_needs_a_name_and_phone_or_an_account(api, organizer, valid, outsider):
    res = api(organizer).post(URL, valid)
    assert res.status_code == 400
    assert {"author_name", "author_phone"} <= set(res.json()["error"]["fields"])
    res = api(organizer).post(URL, paper(valid, author_phone="12"))
    assert res.status_code == 400 and "author_phone" in res.json()["error"]["fields"]
    res = api(organizer).post(URL, {**valid, "author": outsider.pk})
    assert res.status_code == 400 and "author" in res.json()["error"]["fields"]
    res = api(organizer).post(URL, {**valid, "author": 999999})
    assert res.status_code == 400
    assert not Idea.objects.exists()


def test_residents_and_other_organizers_cannot_enter_paper_ideas(
    api, resident, vani_organizer, valid
):
    assert api(resident).post(URL, paper(valid)).status_code == 403
    assert api(vani_organizer).post(URL, paper(valid)).status_code == 403


def test_paper_entry_is_closed_after_the_competition(api, organizer, valid, cycle, phase):
    phase(cycle, "training")
    res = api(organizer).post(URL, paper(valid))
    assert res.status_code == 409 and not Idea.objects.exists()


def test_the_resident_claims_a_paper_idea_by_verifying_that_phone(api, organizer, valid, terjola):
    api(organizer).post(URL, paper(valid))
    lamara = f.UserFactory(
        municipality=terjola, phone="+995599000101", phone_verified=False, email="l@example.ge"
    )
    res = api(lamara).post("/api/v1/ideas/claim/")
    assert res.status_code == 403  # phone not verified yet
    lamara.phone_verified = True
    lamara.save()
    res = api(lamara).post("/api/v1/ideas/claim/")
    assert res.status_code == 200
    assert [i["is_mine"] for i in res.json()["claimed"]] == [True]
    assert Idea.objects.get().author == lamara
    assert api(lamara).post("/api/v1/ideas/claim/").json() == {"claimed": []}


def test_someone_with_another_phone_claims_nothing(api, organizer, valid, resident):
    api(organizer).post(URL, paper(valid))
    assert api(resident).post("/api/v1/ideas/claim/").json() == {"claimed": []}
    assert Idea.objects.get().author is None


def test_claim_page_lists_and_claims_the_paper_ideas(client, api, organizer, valid, terjola):
    api(organizer).post(URL, paper(valid))
    lamara = f.UserFactory(municipality=terjola, phone="+995599000101", email="l@example.ge")
    client.force_login(lamara)
    page = client.get("/ideas/claim/", HTTP_ACCEPT_LANGUAGE="en")
    assert valid["title"] in page.content.decode()
    client.post("/ideas/claim/")
    assert Idea.objects.get().author == lamara


def test_organizers_fix_typos_in_paper_ideas_but_not_in_web_ideas(api, organizer, valid, idea):
    paper_id = api(organizer).post(URL, paper(valid)).json()["id"]
    res = api(organizer).patch(f"/api/v1/ideas/{paper_id}/", {"title": "Street lights, Chkhari"})
    assert res.status_code == 200 and res.json()["title"] == "Street lights, Chkhari"
    assert api(organizer).patch(f"/api/v1/ideas/{idea.pk}/", {"title": "x"}).status_code == 403


def test_the_paper_page_takes_an_existing_account(client, organizer, resident, valid, cycle):
    client.force_login(organizer)
    data = {k: v for k, v in valid.items() if k != "cycle"}
    res = client.post(f"/cycles/{cycle.pk}/ideas/paper/", {**data, "account": "nobody@x.ge"})
    assert res.status_code == 400 and not Idea.objects.exists()
    res = client.post(f"/cycles/{cycle.pk}/ideas/paper/", {**data, "account": resident.email})
    assert res.status_code == 302
    idea = Idea.objects.get()
    assert idea.author == resident and idea.channel == "paper"


def test_the_paper_page_is_for_organizers_only(client, resident, cycle):
    client.force_login(resident)
    assert client.get(f"/cycles/{cycle.pk}/ideas/paper/").status_code == 403


def test_a_paper_form_phone_in_other_digits_is_stored_in_ascii(api, organizer, valid):
    res = api(organizer).post(URL, paper(valid, author_phone="٥٩٩ ٠٠ ٠١ ٠١"))
    assert res.status_code == 201, res.json()
    assert Idea.objects.get().paper_author_phone == "+995599000101"
    res = api(organizer).post(URL, paper(valid, author_phone="599 00 01 0²"))
    assert res.status_code == 400 and "author_phone" in res.json()["error"]["fields"]
