from django.test import Client

from notifications.models import Notification
from tests import factories as f
from trainings.models import Enrollment


def login(user):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def test_session_list_shows_seats_left(session, author, eligible_idea):
    Enrollment.objects.create(session=session, user=author, status="enrolled")
    page = Client(HTTP_ACCEPT_LANGUAGE="en").get(f"/cycles/{session.cycle_id}/trainings/")
    assert page.status_code == 200
    assert "1 seat left" in page.content.decode()


def test_enroll_waitlist_and_promotion_through_the_pages(session, training_cycle):
    people = []
    for _ in range(3):
        p = f.UserFactory(municipality=training_cycle.municipality)
        f.IdeaFactory(cycle=training_cycle, author=p, status="eligible")
        people.append(p)
    for p in people:
        res = login(p).post(f"/trainings/{session.pk}/enroll/", follow=True)
        assert res.status_code == 200
    page = login(people[2]).get(f"/trainings/{session.pk}/").content.decode()
    assert "You are number 1 on the waitlist." in page
    login(people[0]).post(f"/trainings/{session.pk}/cancel/")
    page = login(people[2]).get(f"/trainings/{session.pk}/").content.decode()
    assert "Cancel my enrollment" in page and "waitlist." not in page
    assert Notification.objects.filter(recipient=people[2], kind="training_promoted").exists()


def test_not_eligible_resident_sees_why_on_the_page(session, resident):
    res = login(resident).post(f"/trainings/{session.pk}/enroll/", follow=True)
    assert "eligible ideas" in res.content.decode()
    assert not Enrollment.objects.exists()


def test_organizer_enrolls_a_caller_on_the_page(session, organizer, author, eligible_idea):
    res = login(organizer).post(
        f"/trainings/{session.pk}/enroll/", {"person": author.email}, follow=True
    )
    assert "Bob has a seat" in res.content.decode()
    assert Enrollment.objects.get().user == author


def test_my_trainings_page_lists_my_enrollments(session, author):
    Enrollment.objects.create(session=session, user=author, status="waitlisted")
    page = login(author).get("/trainings/mine/").content.decode()
    assert session.title_en in page and "Waitlist, number 1" in page


def test_cycle_page_links_to_the_trainings(training_cycle):
    page = Client().get(f"/cycles/{training_cycle.pk}/").content.decode()
    assert f"/cycles/{training_cycle.pk}/trainings/" in page
