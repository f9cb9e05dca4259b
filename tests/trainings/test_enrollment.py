from accounts.models import User
from notifications.models import Notification
from tests import factories as f
from trainings.models import Enrollment

from .conftest import eligible_people


def enroll(api, user, session, **body):
    return api(user).post(f"/api/v1/trainings/{session.pk}/enroll/", body)


def test_author_of_an_eligible_idea_gets_a_seat(api, session, author, eligible_idea):
    res = enroll(api, author, session)
    assert res.status_code == 201, res.json()
    assert res.json() == {"status": "enrolled", "position": None}
    listed = api().get("/api/v1/trainings/", {"cycle": session.cycle_id}).json()["results"]
    assert listed[0]["seats_left"] == 1 and listed[0]["capacity"] == 2
    assert Notification.objects.filter(recipient=author, kind="training_enrolled").exists()


def test_co_author_of_an_eligible_idea_may_enroll(api, session, eligible_idea, resident):
    eligible_idea.co_authors.add(resident)
    assert enroll(api, resident, session).json()["status"] == "enrolled"


def test_resident_without_an_eligible_idea_is_403(api, session, resident, training_cycle):
    f.IdeaFactory(cycle=training_cycle, author=resident, status="submitted")
    res = enroll(api, resident, session)
    assert res.status_code == 403
    assert res.json()["error"]["code"] == "forbidden"
    assert "eligible ideas" in res.json()["error"]["message"]
    assert not Enrollment.objects.exists()


def test_outsider_is_403_even_when_trainings_are_open_to_all(api, session, outsider):
    session.cycle.trainings_open_to_all = True
    session.cycle.save()
    assert enroll(api, outsider, session).status_code == 403


def test_every_resident_may_enroll_when_the_cycle_opens_trainings(api, session, resident):
    session.cycle.trainings_open_to_all = True
    session.cycle.save()
    assert enroll(api, resident, session).json()["status"] == "enrolled"


def test_enrolling_outside_the_trainings_phase_is_409(api, session, author, eligible_idea, phase):
    phase(session.cycle, "jury_review")
    res = enroll(api, author, session)
    assert res.status_code == 409 and res.json()["error"]["code"] == "phase_closed"


def test_anonymous_enroll_is_401(api, session):
    assert enroll(api, None, session).status_code == 401


def test_enrolling_twice_in_one_session_is_409(api, session, author, eligible_idea):
    enroll(api, author, session)
    res = enroll(api, author, session)
    assert res.status_code == 409 and res.json()["error"]["code"] == "conflict"
    assert Enrollment.objects.count() == 1


def test_overlapping_sessions_are_refused(api, session, author, eligible_idea):
    clash = f.TrainingSessionFactory(
        cycle=session.cycle,
        starts_at=session.starts_at + (session.ends_at - session.starts_at) / 2,
        ends_at=session.ends_at + (session.ends_at - session.starts_at),
    )
    enroll(api, author, session)
    res = enroll(api, author, clash)
    assert res.status_code == 409
    assert "overlaps" in res.json()["error"]["message"]


def test_full_session_puts_people_on_the_waitlist_in_order(api, session, training_cycle):
    a, b, c, d = eligible_people(training_cycle, 4)
    assert enroll(api, a, session).json()["status"] == "enrolled"
    assert enroll(api, b, session).json()["status"] == "enrolled"
    assert enroll(api, c, session).json() == {"status": "waitlisted", "position": 1}
    assert enroll(api, d, session).json() == {"status": "waitlisted", "position": 2}
    assert Notification.objects.filter(recipient=c, kind="training_waitlisted").exists()
    listed = api().get(f"/api/v1/trainings/{session.pk}/").json()
    assert listed["seats_left"] == 0 and listed["waitlisted_count"] == 2


def test_a_cancellation_promotes_the_first_on_the_waitlist_and_tells_them(
    api, session, training_cycle
):
    a, b, c, d = eligible_people(training_cycle, 4)
    for person in (a, b, c, d):
        enroll(api, person, session)
    res = api(a).post(f"/api/v1/trainings/{session.pk}/cancel/")
    assert res.status_code == 200 and res.json()["status"] == "cancelled"
    assert Enrollment.objects.get(session=session, user=c).status == "enrolled"
    assert Notification.objects.filter(recipient=c, kind="training_promoted").exists()
    assert not Notification.objects.filter(recipient=d, kind="training_promoted").exists()
    mine = api(d).get("/api/v1/enrollments/").json()["results"]
    assert mine[0]["status"] == "waitlisted" and mine[0]["position"] == 1


def test_cancelling_a_waitlist_place_promotes_nobody(api, session, training_cycle):
    a, b, c, d = eligible_people(training_cycle, 4)
    for person in (a, b, c, d):
        enroll(api, person, session)
    api(c).post(f"/api/v1/trainings/{session.pk}/cancel/")
    assert Enrollment.objects.get(session=session, user=d).status == "waitlisted"
    assert api(d).get("/api/v1/enrollments/").json()["results"][0]["position"] == 1


def test_cancel_without_enrollment_is_409(api, session, author, eligible_idea):
    assert api(author).post(f"/api/v1/trainings/{session.pk}/cancel/").status_code == 409


def test_a_cancelled_person_may_enroll_again_at_the_back(api, session, training_cycle):
    a, b, c = eligible_people(training_cycle, 3)
    for person in (a, b, c):
        enroll(api, person, session)
    api(a).post(f"/api/v1/trainings/{session.pk}/cancel/")
    assert enroll(api, a, session).json() == {"status": "waitlisted", "position": 1}


def test_organizer_enrolls_someone_who_phoned_in(api, session, organizer, author, eligible_idea):
    res = enroll(api, organizer, session, person="599 00 00 00")
    assert res.status_code == 400  # nobody has that phone
    assert "register" in res.json()["error"]["fields"]["person"][0]
    res = enroll(api, organizer, session, person=author.phone)
    assert res.status_code == 201 and res.json()["status"] == "enrolled"
    enrollment = Enrollment.objects.get(user=author)
    assert enrollment.enrolled_by == organizer


def test_a_resident_cannot_enroll_someone_else(api, session, resident, author, eligible_idea):
    assert enroll(api, resident, session, person=author.email).status_code == 403


def test_enrollments_lists_only_my_own(api, session, training_cycle, django_assert_max_num_queries):
    a, b = eligible_people(training_cycle, 2)
    enroll(api, a, session)
    enroll(api, b, session)
    client = api(a)
    with django_assert_max_num_queries(6):
        body = client.get("/api/v1/enrollments/").json()
    assert [e["session"]["id"] for e in body["results"]] == [session.pk]
    assert body["count"] == 1


def test_session_list_runs_in_constant_queries(api, training_cycle, django_assert_max_num_queries):
    for _ in range(8):
        s = f.TrainingSessionFactory(cycle=training_cycle)
        Enrollment.objects.create(
            session=s,
            user=f.UserFactory(municipality=training_cycle.municipality),
            status="enrolled",
        )
    with django_assert_max_num_queries(3):
        body = api().get("/api/v1/trainings/", {"cycle": training_cycle.pk}).json()
    assert body["count"] == 8 and body["results"][0]["seats_left"] == 19


def test_unknown_session_is_404(api, author):
    res = api(author).post("/api/v1/trainings/999999/enroll/")
    assert res.status_code == 404 and res.json()["error"]["code"] == "not_found"


def test_users_are_not_created_by_enrolling(api, session, organizer):
    count = User.objects.count()
    enroll(api, organizer, session, person="nobody@example.ge")
    assert User.objects.count() == count


def test_a_session_that_has_started_cannot_be_cancelled(api, session, author, eligible_idea):
    from datetime import timedelta

    from django.utils import timezone

    enroll(api, author, session)
    session.starts_at = timezone.now() - timedelta(minutes=10)
    session.save()
    res = api(author).post(f"/api/v1/trainings/{session.pk}/cancel/")
    assert res.status_code == 409 and "already started" in res.json()["error"]["message"]
