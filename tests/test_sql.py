"""core.sql.one reads a row as the ORM would give it, on SQLite and PostgreSQL alike."""

import pytest

from accounts.models import User
from core import sql
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_one_gives_the_row_the_orm_gives_with_every_value_of_the_same_type(terjola):
    made = f.UserFactory(name="Nino", municipality=terjola, phone="+995599000111")
    by_orm = User.objects.get(pk=made.pk)
    by_sql = sql.one(User, "id = %s", [made.pk])
    for field in User._meta.concrete_fields:
        orm, raw = getattr(by_orm, field.attname), getattr(by_sql, field.attname)
        assert (orm, type(orm)) == (raw, type(raw)), field.name
    assert not by_sql._state.adding and by_sql.municipality == terjola
    by_sql.name = "Nino B."
    by_sql.save(update_fields=["name"])  # an ordinary model instance
    assert User.objects.get(pk=made.pk).name == "Nino B."


def test_one_gives_none_when_no_row_matches(db):
    assert sql.one(User, "id = %s", [-1]) is None
