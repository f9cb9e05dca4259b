import pytest
from django.contrib.admin.sites import AdminSite
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core import mail
from django.test import RequestFactory

from ideas.admin import IdeaAdmin
from ideas.models import Idea
from notifications.models import Notification
from record.models import Entry
from tests import factories as f


def screen(client, idea, **body):
    return client.post(f"/api/v1/ideas/{idea.pk}/screen/", body, format="json")


def test_organizer_screens_an_idea_ineligible_with_a_public_reason(
    api, organizer, idea, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        res = screen(
            api(organizer),
            idea,
            decision="ineligible",
            reason="private_land",
            note="The plot belongs to a family.",
        )
    assert res.status_code == 200, res.json()
    public = api().get(f"/api/v1/ideas/{idea.pk}/").json()
    assert public["status"] == "ineligible"
    assert public["screening"]["reason"] == "private_land"
    assert public["screening"]["reason_label"] == "On private land"
    assert public["screening"]["note"] == "The plot belongs to a family."
    entry = Entry.objects.get(action="idea_screened")
    assert entry.public and entry.data == {"decision": "ineligible", "reason": "private_land"}


def test_screening_notifies_the_author_once_in_their_language(
    api, organizer, idea, author, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        screen(api(organizer), idea, decision="ineligible", reason="over_cost_limit")
        screen(api(organizer), idea, decision="ineligible", reason="over_cost_limit")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [author.email]
    assert "Not eligible" in message.subject and "Over the cost limit" in message.body
    note = Notification.objects.get(recipient=author, channel="email")
    assert note.context["reason_label"]["en"] == "Over the cost limit"
    assert set(note.context["reason_label"]) == {"ka", "en"}
    assert Entry.objects.filter(action="idea_screened").count() == 1


def test_co_authors_are_notified_too(
    api, organizer, idea, resident, django_capture_on_commit_callbacks
):
    idea.co_authors.add(resident)
    with django_capture_on_commit_callbacks(execute=True):
        screen(api(organizer), idea, decision="eligible")
    assert sorted(m.to[0] for m in mail.outbox) == sorted([idea.author.email, resident.email])


def test_an_eligible_decision_is_public_on_the_idea_page(client, api, organizer, idea):
    screen(api(organizer), idea, decision="eligible", note="Fits the rules.")
    page = client.get(f"/ideas/{idea.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert (
        "Screening decision" in page.content.decode() and "Fits the rules." in page.content.decode()
    )


def test_ineligible_without_a_reason_is_400(api, organizer, idea):
    res = screen(api(organizer), idea, decision="ineligible")
    assert res.status_code == 400 and "reason" in res.json()["error"]["fields"]
    res = screen(api(organizer), idea, decision="maybe")
    assert res.status_code == 400 and "decision" in res.json()["error"]["fields"]


def test_residents_cannot_screen(api, resident, author, idea):
    for user in (resident, author):
        res = screen(api(user), idea, decision="eligible")
        assert res.status_code == 403 and res.json()["error"]["code"] == "forbidden"
    idea.refresh_from_db()
    assert idea.status == "submitted"


def test_an_organizer_of_another_municipality_cannot_screen(api, vani_organizer, idea):
    res = screen(api(vani_organizer), idea, decision="eligible")
    assert res.status_code == 403
    idea.refresh_from_db()
    assert idea.status == "submitted" and not Entry.objects.exists()


def test_screening_after_trainings_is_409(api, organizer, idea, cycle, phase):
    phase(cycle, "jury_review")
    res = screen(api(organizer), idea, decision="eligible")
    assert res.status_code == 409 and res.json()["error"]["code"] == "phase_closed"


def test_a_withdrawn_idea_cannot_be_screened(api, organizer, idea):
    Idea.objects.filter(pk=idea.pk).update(status="withdrawn")
    assert screen(api(organizer), idea, decision="eligible").status_code == 409


def test_the_admin_screens_many_ideas_at_once(organizer, cycle, categories, author, vani):
    mine = [f.IdeaFactory(cycle=cycle, author=author, category=categories[0]) for _ in range(3)]
    request = RequestFactory().post("/admin/ideas/idea/")
    request.user = organizer
    request.session = {}
    request._messages = FallbackStorage(request)
    admin = IdeaAdmin(Idea, AdminSite())
    actions = admin.get_actions(request)
    assert "ineligible_duplicate" in actions and "mark_eligible" in actions
    action = actions["ineligible_duplicate"][0]
    action(admin, request, Idea.objects.filter(pk__in=[i.pk for i in mine]))
    assert set(Idea.objects.values_list("status", "screening_reason")) == {
        ("ineligible", "duplicate")
    }
    assert Entry.objects.filter(action="idea_screened").count() == 3


@pytest.mark.parametrize("body", [[], "eligible", {"decision": ["eligible"]}, {"decision": None}])
def test_a_malformed_screening_request_is_400(api, organizer, idea, body):
    res = api(organizer).post(f"/api/v1/ideas/{idea.pk}/screen/", body, format="json")
    assert res.status_code == 400 and res.json()["error"]["code"] == "invalid"


def test_a_changed_decision_is_news_and_is_told_again(
    api, organizer, idea, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        screen(api(organizer), idea, decision="ineligible", reason="over_cost_limit")
        screen(api(organizer), idea, decision="eligible", note="The cost was re-estimated.")
    assert [("Eligible" in m.subject) for m in mail.outbox] == [False, True]
    assert Entry.objects.filter(action="idea_screened").count() == 2
    idea.refresh_from_db()
    assert idea.status == "eligible" and idea.screening_reason == ""
