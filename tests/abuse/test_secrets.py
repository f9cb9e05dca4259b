"""After a whole demo cycle, no personal number, phone code or password sits in clear in the
database dump or in the logs.

The console SMS backend prints codes to the terminal by design (that is how a developer reads
them); the promise is about what is stored and what is logged. On PostgreSQL the raw rows of
every table are searched too, so a value hidden in a JSON column or a text field is found.
"""

import datetime
import io
import logging
import re
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection

from accounts.models import PhoneCode, User
from accounts.services import phone_code_confirm, phone_code_send
from cycles.models import Cycle, Municipality
from cycles.phases import Phase
from notifications.models import Notification
from notifications.services import render
from voting import services
from voting.models import Envelope

from .. import factories as f
from ..conftest import set_phase

PASSWORD = "Tsitsinatela-Ghame-2027!"
ONLINE_PN = "01024053771"
PAPER_PN = "01024099113"
BIRTH = datetime.date(1990, 6, 1)


def dump() -> str:
    out = io.StringIO()
    call_command("dumpdata", stdout=out, verbosity=0)
    text = out.getvalue()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in apps.get_models():
                table = connection.ops.quote_name(model._meta.db_table)
                cursor.execute(f"SELECT t::text FROM {table} t")  # noqa: S608 (our own tables)
                text += "\n".join(row[0] for row in cursor.fetchall())
    return text


def written(secret: str, text: str) -> bool:
    """Whether `secret` stands in `text` as a value of its own. Six random digits stand, by
    chance, inside some of the ~6,500 digit runs of a dump (hex hashes, random ids, times'
    microseconds, amounts): only a run that is not part of a longer word, number or fraction
    is the code written out (a test failed once in ~150 runs on a hash)."""
    return re.search(rf"(?<![\w.]){re.escape(secret)}(?!\w|\.\d)", text) is not None


@pytest.fixture
def logs(caplog):
    caplog.set_level(logging.DEBUG)  # every logger, down to DEBUG (SQL included when DEBUG)
    return caplog


@pytest.mark.django_db
def test_a_full_demo_cycle_leaves_no_personal_number_code_or_password_in_clear(
    api, logs, organizer, capsys
):
    call_command("seed_demo", stdout=io.StringIO())
    terjola = Municipality.objects.get(pk=organizer.municipality_id)

    # a resident registers with a password, verifies the phone by SMS code
    response = api().post(
        "/api/v1/auth/register/",
        {
            "name": "Nino Beridze",
            "email": "nino@example.ge",
            "password": PASSWORD,
            "municipality": terjola.slug,
            "language": "en",
        },
    )
    assert response.status_code == 201, response.content
    nino = User.objects.get(email="nino@example.ge")
    nino.birth_date = BIRTH
    nino.save(update_fields=["birth_date"])
    phone_code_send(user=nino, phone="+995 599 77 88 99")
    note = Notification.objects.get(recipient=nino, kind="phone_code")
    code = re.search(r"\b\d{6}\b", render(note, "sms")).group()
    phone_code_confirm(user=nino, code=code)
    nino.refresh_from_db()
    assert nino.phone_verified

    # a cycle goes to the vote; Nino votes online, a neighbour votes on paper
    cycle = f.CycleFactory(municipality=terjola, year=2041)
    envelope = Envelope.objects.create(
        cycle=cycle, budget=Decimal("30000.00"), ballot_kind="approval"
    )
    project = f.BallotProjectFactory(envelope=envelope, cost=Decimal("5000.00"))
    set_phase(cycle, Phase.VOTING)
    services.voter_verify(cycle=cycle, user=nino, personal_number=ONLINE_PN, birth_date=BIRTH)
    services.ballot_cast(
        cycle=cycle, user=nino, envelopes=[{"envelope": envelope.pk, "choices": [project.pk]}]
    )
    services.paper_ballot_enter(
        cycle=cycle,
        by=organizer,
        personal_number=PAPER_PN,
        birth_date=BIRTH,
        voting_point=f.officer_point(cycle, organizer, "Terjola library"),
        envelopes=[{"envelope": envelope.pk, "choices": [project.pk]}],
    )
    # she logs in with the password once (so a login path had its chance to log it)
    login = {"login": "nino@example.ge", "password": PASSWORD}
    assert api().post("/api/v1/auth/token/", login).status_code == 200
    set_phase(Cycle.objects.get(pk=cycle.pk), Phase.RESULTS)

    stored = dump()
    logged = logs.text + "\n".join(r.getMessage() for r in logs.records)
    assert PhoneCode.objects.filter(user=nino).exists()  # the code was stored, hashed
    for secret, what in (
        (ONLINE_PN, "the online voter's personal number"),
        (PAPER_PN, "the paper voter's personal number"),
        (code, "the phone code"),
        (PASSWORD, "the password"),
    ):
        assert not written(secret, stored), f"{what} is in the database dump"
        assert not written(secret, logged), f"{what} is in the logs"
    capsys.readouterr()  # the console SMS backend printed the code there, by design


def test_a_secret_counts_as_written_where_it_stands_alone():
    assert written("123456", '{"code": "123456"}')
    assert written("123456", "კოდი: 123456.")
    assert written("123456", "code=123456&next=/")
    assert written("Tsitsinatela-Ghame-2027!", "password Tsitsinatela-Ghame-2027! given")
    assert not written("123456", "a5286e123456f7")  # inside a hex hash
    assert not written("123456", "2026-12-02 11:16:43.123456+04")  # microseconds
    assert not written("123456", '"123456.00"')  # an amount
    assert not written("123456", "4123456789012345")  # a random id
