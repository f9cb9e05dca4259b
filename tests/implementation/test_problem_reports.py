"""Residents report problems with funded projects; organizers moderate and answer in public."""

import pytest

from implementation.models import ProblemReport, ProblemReportPhoto
from notifications.models import Notification
from record.models import Entry

from .conftest import jpeg

LAMPS = "The lamps on Rupoti street were never installed."


def reports_url(project):
    return f"/api/v1/funded/{project.pk}/reports/"


def report(api, user, project, text=LAMPS, **extra):
    return api(user).post(reports_url(project), {"text": text, **extra}, format="json")


def moderate(api, user, project, report_id, verb, **body):
    return api(user).post(f"{reports_url(project)}{report_id}/{verb}/", body, format="json")


def test_a_resident_reports_and_it_waits_for_moderation(api, resident, project):
    response = report(api, resident, project)

    assert response.status_code == 201
    assert response.json()["status"] == "pending"
    assert response.json()["mine"] is True
    # the public does not see it yet; the reporter and the organizers do
    assert api().get(reports_url(project)).json() == []
    assert [r["text"] for r in api(resident).get(reports_url(project)).json()] == [LAMPS]


def test_the_reporter_is_never_named(api, resident, organizer, project):
    rid = report(api, resident, project).json()["id"]
    moderate(api, organizer, project, rid, "publish")

    shown = api().get(reports_url(project)).json()
    assert shown[0]["text"] == LAMPS
    assert "author" not in shown[0] and "Alice" not in str(shown)
    assert shown[0]["mine"] is False


def test_publishing_shows_it_and_writes_the_record(api, resident, organizer, project):
    rid = report(api, resident, project).json()["id"]

    response = moderate(api, organizer, project, rid, "publish")

    assert response.status_code == 200
    assert [r["status"] for r in api().get(reports_url(project)).json()] == ["published"]
    assert Entry.objects.filter(action="problem_report_published").count() == 1


def test_rejecting_needs_a_public_reason(api, resident, organizer, project):
    rid = report(api, resident, project).json()["id"]

    assert moderate(api, organizer, project, rid, "reject").status_code == 400
    response = moderate(api, organizer, project, rid, "reject", reason="Not about this project.")

    assert response.status_code == 200
    assert response.json()["status"] == "rejected"
    assert api().get(reports_url(project)).json() == []
    entry = Entry.objects.get(action="problem_report_rejected")
    assert entry.reason == "Not about this project."


def test_an_answer_is_public_and_reaches_the_reporter(api, resident, organizer, project):
    rid = report(api, resident, project).json()["id"]

    response = moderate(
        api, organizer, project, rid, "answer", text="The contractor installs them next week."
    )

    assert response.status_code == 200
    public = api().get(reports_url(project)).json()
    assert public[0]["answer"] == "The contractor installs them next week."
    assert public[0]["status"] == "published"  # answering publishes
    note = Notification.objects.get(kind="problem_report_answered", channel="inapp")
    assert note.recipient == resident
    assert note.context["answer"] == "The contractor installs them next week."


def test_a_rejected_report_cannot_be_answered(api, resident, organizer, project):
    rid = report(api, resident, project).json()["id"]
    moderate(api, organizer, project, rid, "reject", reason="Offensive.")

    response = moderate(api, organizer, project, rid, "answer", text="Thanks")

    assert response.status_code == 409
    assert not Notification.objects.filter(kind="problem_report_answered").exists()


def test_who_may_report(api, outsider, project):
    assert report(api, None, project).status_code == 401
    # a resident of another municipality, refused before the body is read
    assert api(outsider).post(reports_url(project), {}, format="json").status_code == 403


def test_reports_close_with_the_vote_not_before(api, resident, project, phase):
    phase(project.cycle, "voting")
    assert report(api, resident, project).status_code == 409
    phase(project.cycle, "closed")  # a playground can break after the cycle closes
    assert report(api, resident, project).status_code == 201


def test_only_the_municipality_s_organizers_moderate(
    api, resident, organizer, vani_organizer, project
):
    rid = report(api, resident, project).json()["id"]
    for user, status in ((None, 401), (resident, 403), (vani_organizer, 403)):
        for verb in ("publish", "reject", "answer"):
            assert moderate(api, user, project, rid, verb).status_code == status, (user, verb)
    assert ProblemReport.objects.get().status == "pending"


@pytest.mark.parametrize(
    "body",
    [{}, {"text": ""}, {"text": "short"}, {"text": "x" * 2001}, {"text": ["a", "b"]}],
)
def test_a_bad_report_is_400_and_writes_nothing(api, resident, project, body):
    response = api(resident).post(reports_url(project), body, format="json")
    assert response.status_code == 400
    assert not ProblemReport.objects.exists()


def test_three_waiting_reports_per_person_and_project(api, resident, project):
    for _ in range(3):
        assert report(api, resident, project).status_code == 201
    response = report(api, resident, project)
    assert response.status_code == 409
    assert "waiting for moderation" in response.json()["error"]["message"]


def test_a_photo_is_stored_without_its_location(
    api, resident, project, django_capture_on_commit_callbacks
):
    from .conftest import gps_exif

    with django_capture_on_commit_callbacks(execute=True):  # files land when the row commits
        response = api(resident).post(
            reports_url(project),
            {"text": LAMPS, "photos": [jpeg(exif=gps_exif())]},
            format="multipart",
        )

    assert response.status_code == 201
    assert len(response.json()["photos"]) == 1
    photo = ProblemReportPhoto.objects.get()
    from PIL import Image

    assert not Image.open(photo.image.path).getexif()


def test_a_report_of_another_project_is_404(api, resident, organizer, project):
    from tests import factories as f

    other = f.FundedProjectFactory(
        proposal=f.WonProposalFactory(cycle=project.cycle, status="in_implementation")
    )
    rid = report(api, resident, project).json()["id"]
    assert moderate(api, organizer, other, rid, "publish").status_code == 404


def test_the_pages_report_moderate_and_show_the_answer(client, resident, organizer, project):
    client.force_login(resident)
    page = client.get(f"/funded/{project.pk}/")
    assert f"/funded/{project.pk}/reports/new/" in page.content.decode()
    response = client.post(f"/funded/{project.pk}/reports/new/", {"text": LAMPS})
    assert response.status_code == 302
    rid = ProblemReport.objects.get().pk

    client.force_login(organizer)
    assert LAMPS in client.get(f"/funded/{project.pk}/").content.decode()
    client.post(f"/funded/{project.pk}/reports/{rid}/answer/", {"text": "Next week."})

    client.logout()
    shown = client.get(f"/funded/{project.pk}/").content.decode()
    assert LAMPS in shown and "Next week." in shown
    assert "Moderate and answer" not in shown


def test_a_resident_cannot_moderate_on_the_pages(client, resident, project):
    rid = ProblemReport.objects.create(project=project, author=resident, text=LAMPS).pk
    client.force_login(resident)
    response = client.post(f"/funded/{project.pk}/reports/{rid}/publish/")
    assert response.status_code == 403
    assert ProblemReport.objects.get().status == "pending"
    assert client.post(f"/funded/{project.pk}/reports/{rid}/delete/").status_code == 404


def test_the_dashboard_lists_reports_waiting_for_moderation(client, resident, organizer, project):
    for text in ("The lamps were never installed.", "The swings are broken again."):
        ProblemReport.objects.create(project=project, author=resident, text=text)
    client.force_login(organizer)

    page = client.get(f"/cycles/{project.cycle_id}/dashboard/").content.decode()

    assert "problem reports waiting for moderation" in page
    assert "Chkhari school roof</a> — 2 reports" in page
