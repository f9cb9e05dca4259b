"""Organizers post progress updates; cancelling needs a public reason; followers and authors hear."""

from decimal import Decimal

import pytest

from implementation.models import FundedProject, Update
from notifications.models import Notification
from proposals.models import Proposal
from record.models import Entry
from tests import factories as f


def post(api, user, project, **data):
    body = {"status": "in_progress", "spent": "5000.00", "text_ka": "სამუშაოები დაიწყო", **data}
    return api(user).post(f"/api/v1/funded/{project.pk}/updates/", body, format="json")


def test_organizer_posts_an_update_that_moves_status_and_money(api, organizer, project):
    res = post(api, organizer, project, text_en="Works started")

    assert res.status_code == 201, res.json()
    assert res.json()["status"] == "in_progress" and res.json()["spent"] == "5000.00"
    assert res.json()["text"] == "Works started"  # the request's language
    project.refresh_from_db()
    assert (project.status, project.spent) == ("in_progress", Decimal("5000.00"))
    assert project.money_percent() == 25


def test_completing_the_project_completes_the_proposal(api, organizer, project):
    assert post(api, organizer, project, status="completed", spent="19800.00").status_code == 201
    assert Proposal.objects.get(pk=project.proposal_id).status == "completed"


def test_cancelling_without_a_reason_is_400(api, organizer, project):
    res = post(api, organizer, project, status="cancelled")
    assert res.status_code == 400
    assert res.json()["error"]["code"] == "invalid" and "reason" in res.json()["error"]["fields"]
    assert FundedProject.objects.get(pk=project.pk).status == "planned"
    assert not Update.objects.exists()


def test_cancelling_with_a_reason_is_public_in_the_record(api, organizer, project):
    res = post(
        api, organizer, project, status="cancelled", spent="0", reason="The site was flooded"
    )
    assert res.status_code == 201
    entry = Entry.objects.get(action="project_updated")
    assert entry.reason == "The site was flooded" and entry.public
    assert entry.data["status"] == "cancelled"
    assert Proposal.objects.get(pk=project.proposal_id).status == "in_implementation"


def test_a_finished_project_takes_no_more_updates(api, organizer, project):
    post(api, organizer, project, status="completed", spent="20000")
    res = post(api, organizer, project, status="in_progress")
    assert res.status_code == 409 and res.json()["error"]["code"] == "conflict"


def test_lowering_the_amount_spent_is_a_correction_that_needs_a_reason(api, organizer, project):
    post(api, organizer, project, spent="8000")
    assert post(api, organizer, project, spent="7000").status_code == 400
    res = post(api, organizer, project, spent="7000", reason="Invoice entered twice")
    assert res.status_code == 201


@pytest.mark.parametrize(
    "data",
    [
        {"spent": "-1"},
        {"spent": "abc"},
        {"spent": "1e40"},
        {"spent": None},
        {"status": "finished"},
        {"status": ""},
        {"text_ka": "", "text_en": ""},
        {"text_ka": ["a", "b"]},
        {"photos": "not-a-file"},
    ],
)
def test_bad_input_is_400_never_500(api, organizer, project, data):
    res = post(api, organizer, project, **data)
    assert res.status_code == 400, res.content
    assert res.json()["error"]["code"] == "invalid"


def test_residents_and_other_municipalities_cannot_post(api, resident, vani_organizer, project):
    assert post(api, resident, project).status_code == 403
    assert post(api, vani_organizer, project).status_code == 403
    assert post(api, None, project).status_code == 401
    assert not Update.objects.exists()


@pytest.mark.parametrize("phase_name", ["results", "closed"])
def test_updates_only_during_implementation(api, organizer, project, phase, phase_name):
    phase(project.cycle, phase_name)
    res = post(api, organizer, project)
    assert res.status_code == 409 and res.json()["error"]["code"] == "phase_closed"


def test_unknown_project_is_404(api, organizer, project):
    res = api(organizer).post("/api/v1/funded/999999/updates/", {"status": "planned"})
    assert res.status_code == 404 and res.json()["error"]["code"] == "not_found"


def test_followers_and_authors_are_notified_once_per_update(
    api, organizer, project, author, resident
):
    bystander = f.UserFactory(municipality=project.cycle.municipality)
    api(resident).post(f"/api/v1/funded/{project.pk}/follow/")
    api(author).post(f"/api/v1/funded/{project.pk}/follow/")  # an author who also follows

    post(api, organizer, project, text_en="Roof frame is up")
    post(api, organizer, project, spent="9000", text_en="Roofing sheets delivered")

    inbox = Notification.objects.filter(kind="project_updated", channel="inapp")
    assert inbox.filter(recipient=resident).count() == 2
    assert inbox.filter(recipient=author).count() == 2
    assert not inbox.filter(recipient=bystander).exists()
    assert not inbox.filter(recipient=organizer).exists()


def test_the_notification_reads_in_the_recipients_language(api, organizer, project, resident):
    from notifications.services import render

    api(resident).post(f"/api/v1/funded/{project.pk}/follow/")
    post(api, organizer, project, text_ka="სახურავი დასრულდა", text_en="The roof is done")
    note = Notification.objects.get(kind="project_updated", recipient=resident, channel="email")
    body = render(note, "body")
    assert "The roof is done" in body and "In progress" in body and "5000.00 of 20000.00" in body


def test_an_unfollowed_resident_hears_nothing(api, organizer, project, resident):
    client = api(resident)
    client.post(f"/api/v1/funded/{project.pk}/follow/")
    client.delete(f"/api/v1/funded/{project.pk}/follow/")
    post(api, organizer, project)
    assert not Notification.objects.filter(kind="project_updated", recipient=resident).exists()


def test_every_update_is_in_the_public_record(api, organizer, project):
    post(api, organizer, project, spent="1000")
    post(api, organizer, project, status="procurement", spent="1500")
    entries = Entry.objects.filter(action="project_updated", cycle=project.cycle)
    assert [e.data["spent"] for e in entries] == ["1000.00", "1500.00"]
    assert {e.role for e in entries} == {"organizer"}
