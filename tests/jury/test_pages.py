"""The jury's pages: my assignments, the blind scoring form, progress, ranking and shortlist."""

import pytest
from django.test import Client

from jury.models import Assignment, Criterion
from notifications.models import Notification
from proposals.models import Proposal

pytestmark = pytest.mark.django_db


def browser(user=None):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if user:
        client.force_login(user)
    return client


def form_data(assignment, value):
    data = {}
    for c in Criterion.objects.filter(cycle=assignment.juror.cycle):
        data[f"value_{c.pk}"] = value
        data[f"comment_{c.pk}"] = "fine"
    return data


def test_juror_sees_my_assignments_and_progress(review, juror):
    page = browser(juror).get(f"/cycles/{review.pk}/jury/").content.decode()
    assert "My jury assignments" in page
    assert "Submitted: 0 · still to score: 3" in page
    assert len(page) < 60_000


def test_the_cycle_page_links_to_the_jury(review, juror, organizer):
    assert "Jury: my assignments" in browser(juror).get(f"/cycles/{review.pk}/").content.decode()
    page = browser(organizer).get(f"/cycles/{review.pk}/").content.decode()
    assert "publish the shortlist" in page


def test_residents_cannot_open_the_jury_pages(review, resident, proposals):
    assert browser(resident).get(f"/cycles/{review.pk}/jury/").status_code == 403
    a = Assignment.objects.first()
    assert browser(resident).get(f"/jury/assignments/{a.pk}/").status_code == 404
    assert browser().get(f"/cycles/{review.pk}/jury/").status_code == 302


def test_scoring_form_saves_a_draft_and_submits(review, proposals, juror):
    a = Assignment.objects.get(juror__user=juror, proposal=proposals[1])
    client = browser(juror)
    res = client.post(f"/jury/assignments/{a.pk}/", {**form_data(a, 4), "save": "1"}, follow=True)
    assert "Scores saved as a draft." in res.content.decode()
    a.refresh_from_db()
    assert a.status == "pending" and a.scores.count() == 5
    res = client.post(f"/jury/assignments/{a.pk}/", {**form_data(a, 8), "submit": "1"}, follow=True)
    assert "Submitted and locked" in res.content.decode()
    a.refresh_from_db()
    assert a.status == "submitted" and {s.value for s in a.scores.all()} == {8}


def test_scoring_form_shows_errors_next_to_the_fields(review, proposals, juror):
    a = Assignment.objects.get(juror__user=juror, proposal=proposals[1])
    client = browser(juror)
    res = client.post(f"/jury/assignments/{a.pk}/", {**form_data(a, 11), "submit": "1"})
    assert res.status_code == 200 and 'role="alert"' in res.content.decode()
    data = form_data(a, 5)
    data.pop(next(k for k in data if k.startswith("value_")))
    res = client.post(f"/jury/assignments/{a.pk}/", {**data, "submit": "1"})
    assert "Score every criterion before submitting" in res.content.decode()
    a.refresh_from_db()
    assert a.status == "pending"


def test_scoring_form_is_closed_outside_the_phase(review, proposals, juror, phase):
    a = Assignment.objects.get(juror__user=juror, proposal=proposals[1])
    phase(review, "training")
    client = browser(juror)
    assert (
        "only during the jury review" in client.get(f"/jury/assignments/{a.pk}/").content.decode()
    )
    client.post(f"/jury/assignments/{a.pk}/", {**form_data(a, 5), "submit": "1"})
    assert not a.scores.exists()


def test_declaring_a_conflict_from_the_page(review, proposals, juror):
    a = Assignment.objects.get(juror__user=juror, proposal=proposals[1])
    client = browser(juror)
    res = client.post(f"/jury/assignments/{a.pk}/conflict/", {"reason": ""}, follow=True)
    assert "conflict of interest" in res.content.decode()
    a.refresh_from_db()
    assert a.status == "pending"
    client.post(f"/jury/assignments/{a.pk}/conflict/", {"reason": "My brother's street"})
    a.refresh_from_db()
    assert a.status == "recused" and a.conflict_reason == "My brother's street"


def test_organizer_sees_progress_and_reopens(review, proposals, jurors, organizer):
    a = Assignment.objects.get(juror=jurors[1], proposal=proposals[1])
    browser(jurors[1].user).post(f"/jury/assignments/{a.pk}/", {**form_data(a, 5), "submit": "1"})
    page = browser(organizer).get(f"/cycles/{review.pk}/jury/").content.decode()
    assert "Progress per juror" in page and "Jury Karlo" in page
    assert f"/jury/assignments/{a.pk}/reopen/" in page
    browser(organizer).post(f"/jury/assignments/{a.pk}/reopen/", {"reason": "typo"})
    a.refresh_from_db()
    assert a.status == "pending"


def test_ranking_page_is_closed_to_the_public_during_review(review):
    res = browser().get(f"/cycles/{review.pk}/ranking/")
    assert res.status_code == 403
    assert "public once the shortlist is published" in res.content.decode()


def test_organizer_publishes_with_a_justified_override_and_the_public_sees_it(
    review, proposals, jurors, organizer
):
    review.shortlist_size = 1
    review.save()
    for a in Assignment.objects.select_related("juror__user", "proposal"):
        value = 9 if a.proposal == proposals[2] else 4
        browser(a.juror.user).post(
            f"/jury/assignments/{a.pk}/", {**form_data(a, value), "submit": "1"}
        )
    client = browser(organizer)
    page = client.get(f"/cycles/{review.pk}/ranking/").content.decode()
    assert "Publish the shortlist" in page and "90.00" in page
    chosen = {"proposals": [proposals[2].pk, proposals[0].pk]}
    res = client.post(f"/cycles/{review.pk}/ranking/", chosen)
    assert "explain the change" in res.content.decode()
    assert not Proposal.objects.filter(status="shortlisted").exists()
    why = {**chosen, "justification": "The playground is the village's first priority."}
    confirm = client.post(f"/cycles/{review.pk}/ranking/", why).content.decode()
    assert "Publish this shortlist?" in confirm and proposals[2].title in confirm
    assert not Proposal.objects.filter(status="shortlisted").exists()
    res = client.post(f"/cycles/{review.pk}/ranking/", {**why, "confirm": "1"}, follow=True)
    assert "The shortlist is published." in res.content.decode()
    assert Notification.objects.filter(kind="proposal_shortlisted", channel="inapp").count() == 2

    public = browser().get(f"/cycles/{review.pk}/ranking/").content.decode()
    assert "The playground is the village&#x27;s first priority." in public
    assert "Jury Juliet" in public and "(chair)" in public
    assert "On the ballot" in public and "Added by the organizers" in public
    assert "90.00" in public and "9.00 / 10" in public
    assert len(public) < 60_000


def test_organizer_sets_up_the_jury_from_the_page(cycle, organizer, juror, resident):
    client = browser(organizer)
    res = client.post(
        f"/cycles/{cycle.pk}/jury/jurors/", {"login": juror.email, "is_chair": "on"}, follow=True
    )
    assert "Jury Juliet is on the jury." in res.content.decode()
    res = client.post(
        f"/cycles/{cycle.pk}/jury/jurors/", {"login": resident.email, "is_chair": "on"}, follow=True
    )
    assert "already has a chair" in res.content.decode()
    res = client.post(f"/cycles/{cycle.pk}/jury/jurors/", {"login": "nobody@x.ge"}, follow=True)
    assert "Nobody has an account" in res.content.decode()
    res = client.post(
        f"/cycles/{cycle.pk}/jury/criteria/",
        {"name_ka": "ხარისხი", "name_en": "Quality", "weight": "2", "max_score": "5"},
        follow=True,
    )
    page = res.content.decode()
    assert "Criterion added." in page and "Quality" in page
    res = client.post(
        f"/cycles/{cycle.pk}/jury/criteria/",
        {"name_ka": "x", "weight": "0", "max_score": "5"},
        follow=True,
    )
    assert Criterion.objects.filter(cycle=cycle).count() == 1
    res = browser(resident).post(f"/cycles/{cycle.pk}/jury/jurors/", {"login": resident.email})
    assert res.status_code == 403 and "Only organizers" in res.content.decode()
    assert not cycle.jurors.filter(user=resident).exists()
