import csv
import io
import re

from django.test import Client

from proposals.models import Proposal, StatusChange

from .conftest import attended


def login(user):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def editor_post(proposal, lines, **extra):
    data = {
        "title": proposal.title,
        "summary": proposal.summary,
        "problem": proposal.problem,
        "objectives": proposal.objectives,
        "beneficiaries": proposal.beneficiaries,
        "beneficiaries_count": proposal.beneficiaries_count,
        "location": proposal.location,
        "timeline_months": proposal.timeline_months,
        "maintenance": proposal.maintenance,
        "lines-TOTAL_FORMS": str(len(lines)),
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "100",
    }
    for i, line in enumerate(lines):
        for key, value in line.items():
            data[f"lines-{i}-{key}"] = value
    data.update(extra)
    return data


def quantity_inputs(page):
    return len(re.findall(r'name="lines-\d+-quantity"', page))


def test_add_a_line_without_javascript_keeps_what_was_typed(author, draft):
    client = login(author)
    page = client.get(f"/proposals/{draft.pk}/edit/").content.decode()
    assert quantity_inputs(page) == 4  # three lines and one empty row
    lines = [{"item": "Lamp", "quantity": "2", "unit_cost": "10"}]
    res = client.post(f"/proposals/{draft.pk}/edit/", editor_post(draft, lines, add_line="1"))
    page = res.content.decode()
    assert res.status_code == 200 and quantity_inputs(page) == 2 and 'value="Lamp"' in page
    assert draft.budget_lines.count() == 3  # nothing saved yet


def test_saving_the_editor_replaces_lines_and_computes_the_total(author, draft):
    lines = [
        {"item": "Lamp", "quantity": "12", "unit": "pcs", "unit_cost": "850"},
        {"item": "Old line", "quantity": "1", "unit_cost": "5", "DELETE": "on"},
        {"item": "", "quantity": "", "unit_cost": ""},  # the empty extra row
    ]
    res = login(author).post(
        f"/proposals/{draft.pk}/edit/", editor_post(draft, lines, total_cost="1")
    )
    assert res.status_code == 302
    draft.refresh_from_db()
    assert [b.item for b in draft.budget_lines.all()] == ["Lamp"]
    assert str(draft.total_cost) == "10200.00"


def test_editor_shows_line_errors(author, draft):
    lines = [{"item": "Lamp", "quantity": "-3", "unit_cost": "850"}]
    res = login(author).post(f"/proposals/{draft.pk}/edit/", editor_post(draft, lines))
    assert res.status_code == 200 and 'role="alert"' in res.content.decode()


def test_others_get_no_editor(resident, organizer, draft):
    assert login(resident).get(f"/proposals/{draft.pk}/edit/").status_code == 404  # a draft
    res = login(organizer).get(f"/proposals/{draft.pk}/edit/")  # sees it, may not write it
    assert res.status_code == 403
    assert "Only the authors of the idea can write its proposal." in res.content.decode()


def test_submit_on_the_page_says_what_to_do(author, draft):
    res = login(author).post(f"/proposals/{draft.pk}/submit/", follow=True)
    assert "Enroll in a session" in res.content.decode()
    attended(author, draft.cycle)
    res = login(author).post(f"/proposals/{draft.pk}/submit/", follow=True)
    assert "locked for review" in res.content.decode()
    assert Proposal.objects.get().status == "submitted"


def test_organizer_list_filters_by_status_and_exports_csv(organizer, resident, draft):
    page = login(organizer).get(f"/cycles/{draft.cycle_id}/proposals/?status=draft")
    assert draft.title in page.content.decode()
    page = login(organizer).get(f"/cycles/{draft.cycle_id}/proposals/?status=submitted")
    assert draft.title not in page.content.decode()
    assert (
        draft.title
        not in login(resident).get(f"/cycles/{draft.cycle_id}/proposals/").content.decode()
    )
    res = login(organizer).get(f"/cycles/{draft.cycle_id}/proposals.csv")
    rows = list(csv.reader(io.StringIO(res.content.decode("utf-8-sig"))))
    assert rows[1][1] == draft.title and rows[1][5] == "15000.00"
    res = login(resident).get(f"/cycles/{draft.cycle_id}/proposals.csv")
    assert res.status_code == 403 and "Only organizers" in res.content.decode()


def test_valuation_form(organizer, author, draft):
    Proposal.objects.filter(pk=draft.pk).update(status="submitted")
    client = login(organizer)
    assert client.get(f"/proposals/{draft.pk}/valuation/").status_code == 200
    res = client.post(
        f"/proposals/{draft.pk}/valuation/",
        {"feasible": "0", "reason": "The land is private.", "cost_estimate": ""},
        follow=True,
    )
    page = res.content.decode()
    assert "Not feasible" in page and "The land is private." in page
    assert login(author).get(f"/proposals/{draft.pk}/valuation/").status_code == 403


def test_done_when_through_the_pages(training_cycle, author, organizer, eligible_idea):
    """An author enrolls, is marked present, writes 5 budget lines, submits; it is valued."""
    from tests import factories as f

    session = f.TrainingSessionFactory(cycle=training_cycle, capacity=1)
    you = login(author)
    assert you.post(f"/trainings/{session.pk}/enroll/").status_code == 302
    f.session_takes_place(session)
    login(organizer).post(f"/trainings/{session.pk}/attendance/", {"present": [author.pk]})

    res = you.post(f"/ideas/{eligible_idea.pk}/proposal/start/")
    proposal = Proposal.objects.get(idea=eligible_idea)
    assert res["Location"] == f"/proposals/{proposal.pk}/edit/"
    proposal.problem = "Dark road"
    proposal.objectives = "Light it"
    proposal.beneficiaries = "Pupils"
    proposal.beneficiaries_count = 300
    proposal.location = "Chkhari"
    proposal.timeline_months = 3
    proposal.maintenance = "Utilities"
    lines = [
        {"item": f"Item {i}", "quantity": "2", "unit": "pcs", "unit_cost": "1000"} for i in range(5)
    ]
    assert (
        you.post(f"/proposals/{proposal.pk}/edit/", editor_post(proposal, lines)).status_code == 302
    )
    you.post(f"/proposals/{proposal.pk}/submit/")
    proposal.refresh_from_db()
    assert proposal.status == "submitted" and str(proposal.total_cost) == "10000.00"

    login(organizer).post(
        f"/proposals/{proposal.pk}/valuation/",
        {"feasible": "1", "reason": "OK", "cost_estimate": ""},
    )
    proposal.refresh_from_db()
    assert proposal.status == "feasible"
    assert list(
        StatusChange.objects.filter(proposal=proposal).values_list("to_status", flat=True)
    ) == ["draft", "submitted", "feasible"]
    page = Client(HTTP_ACCEPT_LANGUAGE="en").get(f"/proposals/{proposal.pk}/").content.decode()
    assert "Feasible" in page and "10,000" in page
