"""The public record: every decision, by role and office, never a private name; append-only."""

import pytest
from django.contrib.admin.sites import site
from django.test import Client, RequestFactory

from cycles.services import advance
from record.admin import EntryAdmin
from record.models import Entry
from record.services import log
from tests import factories as f


def en():
    return Client(HTTP_ACCEPT_LANGUAGE="en")


def test_a_phase_change_is_on_the_public_page_by_role_and_office(cycle, organizer):
    advance(cycle=cycle, to="training", by=organizer, reason="Ideas competition is over")

    page = en().get(f"/cycles/{cycle.pk}/record/").content.decode()
    assert "Phase changed" in page and "Ideas competition is over" in page
    assert "Organizer, Terjola municipality" in page
    assert "Olga" not in page and "olga@" not in page


def test_the_api_shows_the_same_entries(api, cycle, organizer):
    advance(cycle=cycle, to="training", by=organizer)
    res = api().get(f"/api/v1/cycles/{cycle.pk}/record/")
    assert res.status_code == 200
    [entry] = res.json()["results"]
    assert entry["actor"] == "Organizer, Terjola municipality"
    assert entry["action"] == "phase_changed" and entry["action_label"] == "Phase changed"
    assert entry["data"] == {"from": "idea_submission", "to": "training"}
    assert "Olga" not in res.content.decode()


def test_a_schedule_move_is_shown_as_automatic(api, cycle):
    advance(cycle=cycle, to="training", by=None)
    assert api().get(f"/api/v1/cycles/{cycle.pk}/record/").json()["results"][0]["actor"] == (
        "Automatic (schedule)"
    )


def test_private_entries_are_hidden_from_residents(api, cycle, organizer):
    log(cycle=cycle, actor=organizer, action="voter_verified", public=False)
    log(cycle=cycle, actor=organizer, action="idea_screened", reason="Outside the budget")
    res = api().get(f"/api/v1/cycles/{cycle.pk}/record/").json()
    assert [e["action"] for e in res["results"]] == ["idea_screened"]
    assert "voter_verified" not in en().get(f"/cycles/{cycle.pk}/record/").content.decode()


def test_entries_of_other_cycles_are_not_shown(api, cycle, vani):
    other = f.CycleFactory(municipality=vani)
    log(cycle=other, actor=None, action="idea_screened")
    assert api().get(f"/api/v1/cycles/{cycle.pk}/record/").json()["count"] == 0


def test_the_record_is_filterable_by_action(api, cycle, organizer):
    log(cycle=cycle, actor=organizer, action="idea_screened")
    log(cycle=cycle, actor=organizer, action="idea_merged")
    res = api().get(f"/api/v1/cycles/{cycle.pk}/record/?action=idea_merged").json()
    assert [e["action"] for e in res["results"]] == ["idea_merged"]
    page = en().get(f"/cycles/{cycle.pk}/record/?action=idea_merged").content.decode()
    assert "Ideas merged" in page and "1 entry" in page


def test_an_unknown_action_filter_shows_everything_on_the_page(cycle):
    log(cycle=cycle, actor=None, action="idea_screened")
    res = en().get(f"/cycles/{cycle.pk}/record/?action=%3Cscript%3E&page=zzz")
    assert res.status_code == 200 and "1 entry" in res.content.decode()


def test_the_record_is_paginated_without_a_query_per_entry(
    api, cycle, organizer, django_assert_max_num_queries
):
    Entry.objects.bulk_create(
        Entry(cycle=cycle, actor=organizer, role="organizer", action="idea_screened")
        for _ in range(60)
    )
    with django_assert_max_num_queries(3):
        res = api().get(f"/api/v1/cycles/{cycle.pk}/record/")
    assert res.json()["count"] == 60 and len(res.json()["results"]) == 20
    assert res.json()["next"]
    page = en().get(f"/cycles/{cycle.pk}/record/?page=2")
    assert "Page 2 of 2" in page.content.decode()
    full = en().get(f"/cycles/{cycle.pk}/record/")
    assert full.content.decode().count('class="card"') == 50
    assert len(full.content) < 60_000


def test_unknown_cycle_is_404(api, db):
    assert api().get("/api/v1/cycles/999999/record/").status_code == 404
    assert en().get("/cycles/999999/record/").status_code == 404


def test_the_api_offers_no_way_to_write(api, cycle, organizer):
    client = api(organizer)
    url = f"/api/v1/cycles/{cycle.pk}/record/"
    assert client.post(url, {"action": "x"}).status_code == 405
    assert client.delete(url).status_code == 405


def test_entries_cannot_be_edited_or_deleted_through_the_model(cycle):
    entry = log(cycle=cycle, actor=None, action="idea_screened")
    entry.reason = "rewritten"
    with pytest.raises(ValueError):
        entry.save()
    with pytest.raises(ValueError):
        entry.delete()


def test_the_admin_is_read_only_and_scoped_to_the_organizers_municipality(cycle, vani):
    staff = f.OrganizerFactory(municipality=cycle.municipality, is_staff=True)
    mine = log(cycle=cycle, actor=staff, action="idea_screened", public=False)
    log(cycle=f.CycleFactory(municipality=vani), actor=None, action="idea_screened")
    request = RequestFactory().get("/admin/record/entry/")
    request.user = staff
    admin = EntryAdmin(Entry, site)

    assert admin.has_view_permission(request) and admin.has_module_permission(request)
    assert not admin.has_add_permission(request)
    assert not admin.has_change_permission(request, mine)
    assert not admin.has_delete_permission(request, mine)
    assert list(admin.get_queryset(request)) == [mine]  # non-public entries included


def test_organizers_read_the_record_in_the_admin(cycle):
    staff = f.OrganizerFactory(municipality=cycle.municipality, is_staff=True)
    entry = log(cycle=cycle, actor=staff, action="idea_screened", public=False)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(staff)
    assert client.get("/admin/record/entry/").status_code == 200
    res = client.get(f"/admin/record/entry/{entry.pk}/change/")
    assert res.status_code == 200 and 'type="submit"' not in res.content.decode().split("<form")[-1]
    assert client.post(f"/admin/record/entry/{entry.pk}/delete/").status_code == 403
    assert Entry.objects.filter(pk=entry.pk).exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_database_refuses_to_rewrite_the_record(cycle):
    from django.db import IntegrityError, transaction

    entry = log(cycle=cycle, actor=None, action="idea_screened", reason="original")
    with pytest.raises(IntegrityError), transaction.atomic():
        Entry.objects.filter(pk=entry.pk).update(reason="rewritten")
    with pytest.raises(IntegrityError), transaction.atomic():
        Entry.objects.filter(pk=entry.pk)._raw_delete(Entry.objects.db)
    assert Entry.objects.get(pk=entry.pk).reason == "original"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_deleting_an_account_keeps_its_entries_without_the_name(cycle):
    person = f.UserFactory(municipality=cycle.municipality)
    entry = log(cycle=cycle, actor=person, action="idea_screened")
    person.delete()
    entry = Entry.objects.get(pk=entry.pk)
    assert entry.actor_id is None and entry.action == "idea_screened"


def test_organizers_may_include_entries_residents_do_not_see_on_the_page(
    cycle, organizer, resident
):
    log(cycle=cycle, actor=organizer, action="paper_idea_claimed", public=False)
    log(cycle=cycle, actor=organizer, action="idea_screened")
    staff = Client(HTTP_ACCEPT_LANGUAGE="en")
    staff.force_login(organizer)
    page = staff.get(f"/cycles/{cycle.pk}/record/?all=1").content.decode()
    assert "Paper idea claimed by its author" in page and "not public" in page
    assert "Paper idea claimed" not in staff.get(f"/cycles/{cycle.pk}/record/").content.decode()

    neighbour = Client(HTTP_ACCEPT_LANGUAGE="en")
    neighbour.force_login(resident)
    page = neighbour.get(f"/cycles/{cycle.pk}/record/?all=1").content.decode()
    assert "Paper idea claimed" not in page and "2 entries" not in page
