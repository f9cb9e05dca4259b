"""The cycle admin writes through the services: the public record sees what is changed there,
the cycle's rules hold, and a closed cycle (or another municipality's) cannot be changed."""

from decimal import Decimal

import pytest
from django.contrib.admin.sites import site
from django.contrib.auth.models import Permission
from django.forms import CheckboxInput, MultiWidget
from django.test import Client, RequestFactory

from cycles.admin import CycleAdmin
from cycles.models import Cycle
from record.models import Entry
from tests import factories as f
from tests.conftest import set_phase


@pytest.fixture
def staff(terjola):
    """A platform administrator (superuser): organizer of every municipality."""
    return f.UserFactory(municipality=terjola, is_staff=True, is_superuser=True)


def admin(user):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def change_form(user, cycle, **changes):
    """What the change page posts: the form's current values, with `changes`."""
    request = RequestFactory().get("/")
    request.user = user
    form = CycleAdmin(Cycle, site).get_form(request, cycle)(instance=cycle)
    data = {}
    for name, field in form.fields.items():
        value = changes.get(name, form[name].value())
        if isinstance(field.widget, MultiWidget):
            for i, part in enumerate(field.widget.decompress(value)):
                data[f"{name}_{i}"] = "" if part is None else part
        elif isinstance(field.widget, CheckboxInput):
            if value:
                data[name] = "on"
        else:
            data[name] = "" if value is None else value
    data.update({"transitions-TOTAL_FORMS": "0", "transitions-INITIAL_FORMS": "0"})
    return data


def test_a_budget_change_in_the_admin_is_on_the_public_record(staff, cycle):
    url = f"/admin/cycles/cycle/{cycle.pk}/change/"
    res = admin(staff).post(url, change_form(staff, cycle, total_budget=Decimal("120000.00")))
    assert res.status_code == 302, res.content.decode()[-3000:]
    assert Cycle.objects.get(pk=cycle.pk).total_budget == Decimal("120000.00")
    entry = Entry.objects.get(cycle=cycle, action="cycle_changed")
    assert entry.data == {"total_budget": {"from": "100000.00", "to": "120000.00"}}
    assert entry.actor == staff


def test_saving_the_admin_page_unchanged_records_nothing(staff, cycle):
    url = f"/admin/cycles/cycle/{cycle.pk}/change/"
    assert admin(staff).post(url, change_form(staff, cycle)).status_code == 302
    assert not Entry.objects.filter(action="cycle_changed").exists()


def test_a_schedule_out_of_order_is_refused_in_the_admin_and_nothing_changes(staff, cycle):
    url = f"/admin/cycles/cycle/{cycle.pk}/change/"
    late = cycle.implementation_starts
    data = change_form(staff, cycle, voting_starts=late, total_budget=Decimal("1.00"))
    res = admin(staff).post(url, data, follow=True)
    assert "Each phase must start after the one before it." in res.content.decode()
    unchanged = Cycle.objects.get(pk=cycle.pk)
    assert unchanged.total_budget == Decimal("100000.00") and unchanged.voting_starts != late
    assert not Entry.objects.exists()


def test_a_closed_cycle_is_read_only_in_the_admin(staff, cycle):
    set_phase(cycle, "closed")
    url = f"/admin/cycles/cycle/{cycle.pk}/change/"
    data = change_form(staff, cycle, total_budget=Decimal("1.00"))
    assert admin(staff).post(url, data).status_code == 403
    assert Cycle.objects.get(pk=cycle.pk).total_budget == Decimal("100000.00")


def test_another_municipalitys_staff_organizer_cannot_change_the_cycle(vani, cycle):
    vera = f.OrganizerFactory(municipality=vani, is_staff=True)
    vera.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_cycle", "change_cycle"])
    )
    url = f"/admin/cycles/cycle/{cycle.pk}/change/"
    data = change_form(vera, cycle, total_budget=Decimal("1.00"))
    assert admin(vera).post(url, data).status_code == 403
    assert Cycle.objects.get(pk=cycle.pk).total_budget == Decimal("100000.00")


def test_a_cycle_set_up_in_the_admin_is_on_the_public_record(staff, terjola):
    data = {
        "municipality": terjola.pk,
        "year": 2031,
        "title_ka": "ბიუჯეტი 2031",
        "total_budget": "250000.00",
        "min_project_cost": "1000.00",
        "max_project_cost": "50000.00",
        "ideas_per_author": "3",
        "training_required": "on",
        "shortlist_size": "10",
        "min_voter_age": "16",
        "ballot_kind": "knapsack",
        "tally_rule": "greedy",
        "transitions-TOTAL_FORMS": "0",
        "transitions-INITIAL_FORMS": "0",
    }
    res = admin(staff).post("/admin/cycles/cycle/add/", data)
    assert res.status_code == 302, res.content.decode()[-3000:]
    cycle = Cycle.objects.get(municipality=terjola, year=2031)
    assert cycle.phase == "draft" and cycle.jury_review_starts.month == 9  # default schedule
    assert Entry.objects.get(cycle=cycle, action="cycle_created").actor == staff
