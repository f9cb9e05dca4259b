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


@pytest.mark.parametrize("naive", [False, True])
def test_insert_sends_every_value_as_the_fields_own_preparation_would(naive):
    """The values a ballot's statement sends, against each field's get_db_prep_save: the
    shortcut for plain values must change nothing (ids, texts, flags, times, UUIDs, JSON)."""
    import datetime as dt
    import uuid
    import warnings

    from django.db import connection

    from notifications.models import Notification
    from voting.models import Ballot, Choice

    when = dt.datetime(2026, 10, 1, 12, 30, tzinfo=dt.UTC)
    if naive:
        when = when.replace(tzinfo=None)
    objs = [
        [
            Ballot(
                id=7,
                envelope_id=3,
                voter_tag="ab" * 32,
                channel="online",
                receipt="R" * 16,
                created_at=when,
                updated_at=when,
            )
        ],  # fmt: skip
        [Choice(id=2**62, ballot_id=7, project_id=5, points=1)],
        [
            Notification(
                id=uuid.uuid4(),
                recipient_id=9,
                kind="ballot_received",
                channel="split",
                subject="s",
                dedupe_key="k",
                context={"a": [1, "ბ"]},
                created_at=when,
                due_at=when,
            )
        ],  # fmt: skip
    ]
    for batch in objs:
        fields = type(batch[0])._meta.local_concrete_fields
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # a naive time: the field warns
            _sql, params = sql.insert(batch, guard="k")
            expected = [
                f.get_db_prep_save(getattr(batch[0], f.attname), connection) for f in fields
            ]
        assert len(params) == len(expected)
        for field, got, want in zip(fields, params, expected, strict=True):
            assert type(got) is type(want), field.name
            if hasattr(want, "obj"):  # JSON goes wrapped for the driver, as the ORM wraps it
                got, want = got.obj, want.obj
            assert got == want, field.name
