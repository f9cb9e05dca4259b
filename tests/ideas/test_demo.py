from django.utils.module_loading import import_string

from ideas.models import Category, Idea
from record.models import Entry


def run_demo():
    demo = {"log": []}
    for path in ["cycles.demo.seed", "accounts.demo.seed", "ideas.demo.seed"]:
        import_string(path)(demo)
    return demo


def test_the_demo_seeds_categories_and_terjola_ideas_once(db):
    demo = run_demo()
    assert Category.objects.filter(cycle=demo["cycle"]).count() == 8
    ideas = Idea.objects.filter(cycle=demo["cycle"])
    assert ideas.count() == 8
    assert {i.channel for i in ideas} == {"web", "paper"}
    assert ideas.filter(status="eligible").exists()
    assert ideas.get(status="ineligible").screening_reason
    decisions = Entry.objects.filter(action__in=["idea_screened", "paper_idea_entered"]).count()
    assert decisions == 6  # three screened, three paper forms: on the public record
    run_demo()
    assert Idea.objects.count() == 8 and Category.objects.count() == 8
    assert Entry.objects.filter(action__in=["idea_screened", "paper_idea_entered"]).count() == 6
