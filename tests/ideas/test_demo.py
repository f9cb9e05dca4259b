from django.utils.module_loading import import_string

from ideas.models import Category, Idea
from record.models import Entry


def run_demo():
    demo = {"log": []}
    for path in ["cycles.demo.seed", "accounts.demo.seed", "ideas.demo.seed"]:
        import_string(path)(demo)
    return demo


def counts():
    return [M.objects.count() for M in (Category, Idea, Entry)]


def test_the_demo_seeds_categories_and_terjola_ideas_once(db):
    demo = run_demo()
    assert Category.objects.filter(cycle=demo["cycle"]).exists()
    ideas = Idea.objects.filter(cycle=demo["cycle"])
    assert {i.channel for i in ideas} == {"web", "paper"}
    assert ideas.filter(status="eligible").exists()
    assert ideas.get(status="ineligible").screening_reason
    # every paper form typed in and every screening decision is on the public record
    entered = Entry.objects.filter(action="paper_idea_entered")
    assert entered.count() == ideas.filter(channel="paper").count()
    screened = Entry.objects.filter(action="idea_screened")
    assert screened.count() == ideas.filter(status__in=["eligible", "ineligible"]).count()
    before = counts()
    run_demo()
    assert counts() == before
