"""Advancing a phase cannot be undone: the organizer first sees which phase comes, what it does
and what is unfinished; unscreened ideas hold the move to trainings unless a reason is given,
and that reason is public."""

from django.test import Client

from cycles.models import Cycle
from record.models import Entry
from tests import factories as f


def organizer_client(organizer):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(organizer)
    return client


def test_the_confirmation_names_the_next_phase_and_what_is_unfinished(cycle, organizer):
    f.IdeaFactory.create_batch(5, cycle=cycle)
    page = organizer_client(organizer).get(f"/cycles/{cycle.pk}/advance/").content.decode()
    assert "Advance to “Trainings and proposals”" in page
    assert "5 ideas not screened." in page
    assert "The ideas competition closes" in page
    assert Cycle.objects.get(pk=cycle.pk).phase == "idea_submission"


def test_the_cycle_page_leads_to_the_confirmation_not_straight_to_the_change(cycle, organizer):
    page = organizer_client(organizer).get(f"/cycles/{cycle.pk}/").content.decode()
    assert f'href="/cycles/{cycle.pk}/advance/"' in page
    assert "Advance to “Trainings and proposals”…" in page


def test_unscreened_ideas_hold_the_move_without_a_reason(cycle, organizer):
    f.IdeaFactory(cycle=cycle)
    res = organizer_client(organizer).post(f"/cycles/{cycle.pk}/advance/", {"to": "training"})
    assert res.status_code == 200
    assert "Say why the cycle moves on with this work undone." in res.content.decode()
    assert Cycle.objects.get(pk=cycle.pk).phase == "idea_submission"


def test_a_stated_reason_moves_on_and_is_public(cycle, organizer):
    f.IdeaFactory(cycle=cycle)
    res = organizer_client(organizer).post(
        f"/cycles/{cycle.pk}/advance/", {"to": "training", "reason": "The deadline is law."}
    )
    assert res.status_code == 302
    assert Cycle.objects.get(pk=cycle.pk).phase == "training"
    entry = Entry.objects.get(cycle=cycle, action="phase_changed")
    assert entry.public and entry.reason == "The deadline is law."
    record = Client(HTTP_ACCEPT_LANGUAGE="en").get(f"/cycles/{cycle.pk}/record/")
    assert "The deadline is law." in record.content.decode()


def test_with_every_idea_screened_no_reason_is_needed(cycle, organizer):
    f.IdeaFactory(cycle=cycle, status="eligible")
    res = organizer_client(organizer).post(f"/cycles/{cycle.pk}/advance/", {"to": "training"})
    assert res.status_code == 302 and Cycle.objects.get(pk=cycle.pk).phase == "training"


def test_the_api_refuses_without_a_reason_with_its_own_code(api, cycle, organizer):
    f.IdeaFactory.create_batch(2, cycle=cycle)
    res = api(organizer).post(f"/api/v1/cycles/{cycle.pk}/advance/", {"to": "training"})
    assert res.status_code == 409
    body = res.json()["error"]
    assert body["code"] == "reason_required" and "reason" in body["fields"]
    assert "2 ideas not screened." in body["message"]
    res = api(organizer).post(
        f"/api/v1/cycles/{cycle.pk}/advance/", {"to": "training", "reason": "Law"}
    )
    assert res.status_code == 200 and res.json()["phase"] == "training"


def test_the_api_previews_the_move(api, cycle, organizer):
    f.IdeaFactory.create_batch(3, cycle=cycle)
    res = api(organizer).get(f"/api/v1/cycles/{cycle.pk}/advance/")
    assert res.status_code == 200
    body = res.json()
    assert body["to"] == "training" and body["to_label"] == "Trainings and proposals"
    assert body["reason_required"] is True
    assert body["unfinished"] == [
        {
            "code": "ideas_not_screened",
            "count": 3,
            "message": "3 ideas not screened.",
            "needs_reason": True,
        }
    ]
