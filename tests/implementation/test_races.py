"""Races settled by the database: two organizers finishing a project, double-clicked follows."""

import pytest

from core.errors import Conflict
from implementation import services
from implementation.models import Follow, Update
from tests.races import race_n


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_organizers_completing_at_once_make_one_final_update(project, organizer):
    def complete(i):
        return services.progress_update_post(
            project=project,
            by=organizer,
            data={"status": "completed", "spent": "20000", "text_en": f"Done {i}"},
        )

    outcomes = race_n(4, complete, expected=Conflict)

    assert outcomes.refusals == ["conflict"] * 3
    assert Update.objects.filter(project=project, status="completed").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_double_clicked_follow_is_one_follow(project, resident):
    race_n(4, lambda i: services.funded_project_follow(project=project, user=resident), expected=())
    assert Follow.objects.filter(project=project, user=resident).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_double_clicked_reports_stay_under_the_cap(project, resident):
    from implementation.models import ProblemReport

    text = "The playground's swing is broken."
    outcomes = race_n(
        6,
        lambda i: services.problem_report_submit(project=project, by=resident, text=text),
        expected=Conflict,
    )
    assert outcomes.refusals == ["conflict"] * 3
    assert ProblemReport.objects.filter(project=project, author=resident).count() == 3
