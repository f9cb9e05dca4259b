"""The idea form says how many ideas one may still send, and refuses before it is filled in."""

from .. import factories as f


def test_the_form_says_how_many_ideas_are_left(client, cycle, resident):
    cycle.ideas_per_author = 3
    cycle.save()
    f.IdeaFactory(cycle=cycle, author=resident)
    client.force_login(resident)
    html = client.get(f"/cycles/{cycle.pk}/ideas/new/").content.decode()
    assert "You may send 2 more ideas in this cycle." in html


def test_one_left_is_said_in_the_singular(client, cycle, resident):
    cycle.ideas_per_author = 1
    cycle.save()
    client.force_login(resident)
    html = client.get(f"/cycles/{cycle.pk}/ideas/new/").content.decode()
    assert "You may send 1 more idea in this cycle." in html


def test_withdrawn_ideas_free_a_place(client, cycle, resident):
    cycle.ideas_per_author = 1
    cycle.save()
    f.IdeaFactory(cycle=cycle, author=resident, status="withdrawn")
    client.force_login(resident)
    assert client.get(f"/cycles/{cycle.pk}/ideas/new/").status_code == 200


def test_no_idea_left_refuses_the_form_before_it_is_filled_in(client, cycle, resident):
    cycle.ideas_per_author = 2
    cycle.save()
    f.IdeaFactory(cycle=cycle, author=resident)
    f.IdeaFactory(cycle=cycle, author=resident)
    client.force_login(resident)
    res = client.get(f"/cycles/{cycle.pk}/ideas/new/")
    html = res.content.decode()
    assert (
        "at most 2 ideas" in html
        and 'type="file"' not in html
        and '<form method="post" enctype' not in html
    )
    # and a form sent anyway is refused before anything in it is read
    res = client.post(f"/cycles/{cycle.pk}/ideas/new/", {"title": "Third"})
    assert res.status_code == 409 and "at most 2 ideas" in res.content.decode()


def test_no_limit_says_nothing(client, cycle, resident):
    cycle.ideas_per_author = 0
    cycle.save()
    client.force_login(resident)
    html = client.get(f"/cycles/{cycle.pk}/ideas/new/").content.decode()
    assert "more idea" not in html
