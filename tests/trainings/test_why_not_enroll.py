"""When there is no enroll button, the page says why."""

import datetime
from zoneinfo import ZoneInfo

from cycles.models import Cycle
from cycles.phases import Phase

from .. import factories as f
from ..conftest import set_phase


def test_before_the_trainings_phase_it_says_when_enrollment_opens(client, cycle, resident):
    Cycle.objects.filter(pk=cycle.pk).update(
        training_starts=datetime.datetime(2030, 7, 15, 9, 0, tzinfo=ZoneInfo("Asia/Tbilisi"))
    )
    session = f.TrainingSessionFactory(cycle=cycle)
    set_phase(cycle, Phase.IDEA_SUBMISSION)
    client.force_login(resident)
    html = client.get(f"/trainings/{session.pk}/").content.decode()
    assert "Enrollment opens on 15 July, 09:00." in html and ">Enroll<" not in html


def test_a_resident_without_an_eligible_idea_reads_who_may_enroll(client, cycle, resident):
    session = f.TrainingSessionFactory(cycle=set_phase(cycle, Phase.TRAINING))
    client.force_login(resident)
    html = client.get(f"/trainings/{session.pk}/").content.decode()
    assert "Only for authors of eligible ideas." in html and ">Enroll<" not in html


def test_a_full_session_offers_the_waiting_list(client, cycle, author):
    session = f.TrainingSessionFactory(cycle=set_phase(cycle, Phase.TRAINING), capacity=1)
    session.enrollments.create(
        user=f.UserFactory(municipality=cycle.municipality), status="enrolled"
    )
    f.IdeaFactory(cycle=cycle, author=author, status="eligible")
    client.force_login(author)
    html = client.get(f"/trainings/{session.pk}/").content.decode()
    assert "Full — join the waiting list" in html
    assert (
        "Full — join the waiting list"
        in client.get(f"/cycles/{cycle.pk}/trainings/").content.decode()
    )


def test_after_the_trainings_enrollment_is_closed(client, cycle, author):
    session = f.TrainingSessionFactory(cycle=cycle)
    set_phase(cycle, Phase.JURY_REVIEW)
    client.force_login(author)
    assert "Enrollment is closed." in client.get(f"/trainings/{session.pk}/").content.decode()
