"""The public record is append-only in the database on SQLite as on PostgreSQL: no raw query,
queryset update or bulk delete rewrites it (issue 15)."""

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from record.models import Entry
from record.services import log
from tests import factories as f


def _raw(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_a_queryset_update_of_an_entry_is_refused_by_the_database(cycle):
    entry = log(cycle=cycle, actor=None, action="idea_screened", reason="original")
    with pytest.raises(IntegrityError), transaction.atomic():
        Entry.objects.filter(pk=entry.pk).update(reason="rewritten")
    with pytest.raises(IntegrityError), transaction.atomic():
        _raw("UPDATE record_entry SET public = %s WHERE id = %s", [False, entry.pk])
    entry.refresh_from_db()
    assert (entry.reason, entry.public) == ("original", True)


def test_deleting_an_entry_by_sql_is_refused_by_the_database(cycle):
    entry = log(cycle=cycle, actor=None, action="idea_screened")
    with pytest.raises(IntegrityError), transaction.atomic():
        Entry.objects.filter(pk=entry.pk)._raw_delete(Entry.objects.db)
    with pytest.raises(IntegrityError), transaction.atomic():
        _raw("DELETE FROM record_entry WHERE id = %s", [entry.pk])
    assert Entry.objects.filter(pk=entry.pk).exists()


def test_deleting_an_account_keeps_its_entries_without_the_actor(cycle):
    person = f.UserFactory(municipality=cycle.municipality)
    entry = log(cycle=cycle, actor=person, action="idea_screened", reason="kept")
    person.delete()
    entry.refresh_from_db()
    assert (entry.actor_id, entry.action, entry.reason) == (None, "idea_screened", "kept")


def test_clearing_the_actor_and_changing_anything_else_is_refused(cycle):
    person = f.UserFactory(municipality=cycle.municipality)
    entry = log(cycle=cycle, actor=person, action="idea_screened", reason="kept")
    with pytest.raises(IntegrityError), transaction.atomic():
        Entry.objects.filter(pk=entry.pk).update(actor=None, reason="rewritten")
    entry.refresh_from_db()
    assert (entry.actor_id, entry.reason) == (person.pk, "kept")


@pytest.mark.django_db(transaction=True)
def test_flushing_the_whole_database_empties_the_record_and_keeps_the_guard(terjola):
    cycle = f.CycleFactory(municipality=terjola, year=2026)
    log(cycle=cycle, actor=None, action="idea_screened")
    call_command("flush", interactive=False, verbosity=0)
    assert not Entry.objects.exists()

    cycle = f.CycleFactory(municipality=f.MunicipalityFactory(), year=2027)
    entry = log(cycle=cycle, actor=None, action="idea_screened")
    with pytest.raises(IntegrityError), transaction.atomic():
        _raw("DELETE FROM record_entry WHERE id = %s", [entry.pk])
    assert Entry.objects.filter(pk=entry.pk).exists()
