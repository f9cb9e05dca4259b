"""The organizer dashboard: participation in numbers, charts with their data tables, CSV exports."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from ideas.models import Category, Idea
from jury.models import Assignment, Juror
from proposals.models import Proposal
from trainings.models import Enrollment, TrainingSession
from voting.models import Ballot, Envelope, VoterKey

pytestmark = pytest.mark.django_db


def _client(user, lang="en"):
    client = Client(HTTP_ACCEPT_LANGUAGE=lang)
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def activity(cycle, resident, author, juror):
    """Terjola's cycle with a little of everything: 3 ideas (2 eligible) in two categories, a
    training with 2 enrolled and 1 present, a juror who scored 1 of 2, and 3 voters (1 on paper)."""
    chkhari = cycle.municipality.communities.get(slug="chkhari")
    roads = Category.objects.create(cycle=cycle, slug="roads", name_ka="გზები", name_en="Roads")
    water = Category.objects.create(cycle=cycle, slug="water", name_ka="წყალი", name_en="Water")

    def idea(title, category, status, community=chkhari):
        return Idea.objects.create(
            cycle=cycle,
            author=author,
            category=category,
            community=community,
            title=title,
            summary=title,
            estimated_cost=Decimal("10000"),
            status=status,
            screening_reason="other" if status == "ineligible" else "",
        )

    road = idea("Road to the school", roads, "eligible")
    well = idea("A new well", water, "eligible", community=None)
    idea("A bench", roads, "ineligible")
    idea("Withdrawn idea", roads, "withdrawn")

    now = timezone.now()
    session = TrainingSession.objects.create(
        cycle=cycle,
        title_ka="ტრენინგი",
        title_en="Writing a proposal",
        starts_at=now,
        ends_at=now + timedelta(hours=2),
        place="Terjola library",
        capacity=10,
    )
    Enrollment.objects.create(session=session, user=author, status="enrolled", attended=True)
    Enrollment.objects.create(session=session, user=resident, status="enrolled", attended=False)

    seat = Juror.objects.create(cycle=cycle, user=juror)
    for i, source in enumerate([road, well]):
        proposal = Proposal.objects.create(cycle=cycle, idea=source, title=source.title)
        Assignment.objects.create(
            juror=seat, proposal=proposal, status="submitted" if i == 0 else "pending"
        )

    envelope = Envelope.objects.create(cycle=cycle, budget=Decimal("100000"))
    for i, (user, channel) in enumerate(
        [(resident, "online"), (author, "online"), (None, "paper")]
    ):
        voter = VoterKey.objects.create(
            cycle=cycle, key=f"key{i}", user=user, community=chkhari if user else None, voted=True
        )
        Ballot.objects.create(envelope=envelope, voter_tag=voter.tag, channel=channel)
    return cycle


def test_organizer_sees_participation_in_numbers(activity, organizer):
    page = _client(organizer).get(f"/cycles/{activity.pk}/dashboard/").content.decode()
    assert "<h1>Organizer dashboard</h1>" in page
    for heading in (
        "Ideas by category",
        "Ideas by community",
        "Enrollment and attendance",
        "Jury progress",
        "Turnout by day",
        "Turnout by community",
        "Turnout by channel",
    ):
        assert f">{heading}</h2>" in page
    # ideas by category: roads 2 (1 eligible), water 1 (1 eligible); withdrawn ones left out
    assert '<th scope="row">Roads</th><td class="num">2</td><td class="num">1</td>' in page
    assert '<th scope="row">Water</th><td class="num">1</td><td class="num">1</td>' in page
    # by community: the well has none -> "Whole municipality"
    assert '<th scope="row">Chkhari</th><td class="num">2</td>' in page
    assert '<th scope="row">Whole municipality</th><td class="num">1</td>' in page
    # training: 2 enrolled, 1 attended, 10 seats, 0 waitlist
    assert (
        '<td class="num">2</td><td class="num">1</td><td class="num">10</td><td class="num">0</td>'
        in page
    )
    # jury: 2 assigned, 1 scored, 1 to score, 0 recused
    assert (
        '<th scope="row">Jury Juliet</th><td class="num">2</td><td class="num">1</td>'
        '<td class="num">1</td><td class="num">0</td>' in page
    )
    # turnout: 2 online, 1 on paper; 2 from Chkhari, 1 unknown
    assert '<th scope="row">Online</th><td class="num">2</td>' in page
    assert '<th scope="row">Paper, at a voting point</th><td class="num">1</td>' in page
    assert '<th scope="row">Chkhari</th><td class="num">2</td><td class="num"></td>' in page


def test_each_chart_is_an_svg_beside_its_data_table(activity, organizer):
    page = _client(organizer).get(f"/cycles/{activity.pk}/dashboard/").content.decode()
    assert page.count('<svg class="chart"') == 7
    assert page.count('aria-hidden="true"') >= 7  # the table is what a screen reader reads
    assert page.count("<table>") == 7
    # the largest bar is full length, the others in proportion (roads 2 ideas, water 1)
    assert 'class="whole" x="0" y="32" width="400.0"' in page  # rows of 46 units, 18-unit text
    assert 'class="whole" x="0" y="78" width="200.0"' in page


def test_chart_numbers_are_not_localized_in_georgian(activity, organizer):
    """A Georgian decimal comma inside an SVG attribute would break the chart."""
    page = _client(organizer, "ka").get(f"/cycles/{activity.pk}/dashboard/").content.decode()
    assert 'width="200.0"' in page and 'width="200,0"' not in page


@pytest.mark.parametrize(
    "table,header,row",
    [
        ("ideas-by-category", ["Category", "Ideas", "Eligible"], ["Roads", "2", "1"]),
        ("ideas-by-community", ["Community", "Ideas", "Eligible"], ["Chkhari", "2", "1"]),
        (
            "trainings",
            ["Session", "Enrolled", "Attended", "Seats", "Waitlist"],
            None,
        ),
        (
            "jury",
            ["Juror", "Assigned", "Scored", "To score", "Recused"],
            ["Jury Juliet", "2", "1", "1", "0"],
        ),
        ("turnout-by-day", ["Day", "Voters"], None),
        ("turnout-by-community", ["Community", "Voters", "Population"], ["Chkhari", "2", ""]),
        ("turnout-by-channel", ["Channel", "Voters"], ["Online", "2"]),
    ],
)
def test_every_table_downloads_as_csv(activity, organizer, table, header, row):
    res = _client(organizer).get(f"/cycles/{activity.pk}/dashboard/{table}.csv")
    assert res.status_code == 200
    assert res["Content-Type"].startswith("text/csv")
    assert f"terjola-2026-{table}.csv" in res["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(res.content.decode("utf-8-sig"))))
    assert rows[0] == header
    if row:
        assert row in rows[1:]
    assert len(rows) > 1


def test_turnout_by_day_counts_each_voter_once(activity, organizer):
    rows = list(
        csv.reader(
            io.StringIO(
                _client(organizer)
                .get(f"/cycles/{activity.pk}/dashboard/turnout-by-day.csv")
                .content.decode("utf-8-sig")
            )
        )
    )
    assert [r[1] for r in rows[1:]] == ["3"]


def test_unknown_table_is_404(activity, organizer):
    assert _client(organizer).get(f"/cycles/{activity.pk}/dashboard/nope.csv").status_code == 404


@pytest.mark.parametrize("who", ["resident", "vani_organizer"])
def test_others_get_a_403_page(activity, request, who):
    user = request.getfixturevalue(who)
    for url in (
        f"/cycles/{activity.pk}/dashboard/",
        f"/cycles/{activity.pk}/dashboard/jury.csv",
    ):
        res = _client(user).get(url)
        assert res.status_code == 403
        assert "Only organizers of this municipality may see its dashboard." in res.content.decode()
        assert "Jury Juliet" not in res.content.decode()


def test_visitors_are_sent_to_log_in(activity):
    res = _client(None).get(f"/cycles/{activity.pk}/dashboard/")
    assert res.status_code == 302 and "/accounts/login/" in res["Location"]


def test_cycle_page_links_the_dashboard_for_its_organizers_only(activity, organizer, resident):
    url = f"/cycles/{activity.pk}/dashboard/"
    assert url in _client(organizer).get(f"/cycles/{activity.pk}/").content.decode()
    assert url not in _client(resident).get(f"/cycles/{activity.pk}/").content.decode()


def test_an_empty_cycle_says_nothing_yet(cycle, organizer):
    page = _client(organizer).get(f"/cycles/{cycle.pk}/dashboard/").content.decode()
    # categories, sessions, jurors, days, voting points; communities and channels are listed
    # with zeros
    assert page.count("Nothing yet.") == 5


def test_dashboard_query_count_does_not_grow_with_data(
    activity, organizer, django_assert_max_num_queries
):
    client = _client(organizer)
    # the tables, the funded projects that need attention, reports waiting for moderation and
    # the voting points' protocols: a fixed number of queries, whatever the data
    with django_assert_max_num_queries(23):
        assert client.get(f"/cycles/{activity.pk}/dashboard/").status_code == 200


def test_dashboard_is_light(activity, organizer):
    page = _client(organizer).get(f"/cycles/{activity.pk}/dashboard/").content
    assert len(page) < 30 * 1024


def test_a_protocol_that_does_not_add_up_is_flagged_on_the_dashboard(api, terjola, organizer):
    from voting_points.models import VotingPoint

    from .. import factories as f

    cycle = f.CycleFactory(municipality=terjola, year=2031, phase="voting")
    envelope = f.EnvelopeFactory(cycle=cycle)
    project = f.BallotProjectFactory(envelope=envelope, cost="5000.00")
    officer = f.UserFactory(municipality=terjola)
    short = f.open_point(cycle, "Chkhari school", officer)
    fine = f.open_point(cycle, "Terjola town hall", officer)
    for n, point in enumerate((short, fine, fine)):
        r = api(officer).post(
            f"/api/v1/cycles/{cycle.pk}/paper-ballots/",
            {
                "personal_number": f"0100100000{n}",
                "birth_date": "1985-03-14",
                "voting_point": point.pk,
                "envelopes": [{"envelope": envelope.pk, "choices": [project.pk]}],
            },
            format="json",
        )
        assert r.status_code == 201, r.json()
    for point, issued in ((short, 4), (fine, 2)):
        r = api(officer).post(
            f"/api/v1/voting-points/{point.pk}/close/",
            {"ballots_issued": issued, "spoiled": 0, "signatures": ["Irakli"]},
            format="json",
        )
        assert r.status_code == 200
    assert r.json()["protocol"]["discrepancy"] == 0
    # Chkhari school: 4 issued, none spoiled, 1 entered -> 3 missing
    assert VotingPoint.objects.get(pk=short.pk).discrepancy == -3
    page = _client(organizer).get(f"/cycles/{cycle.pk}/dashboard/").content.decode()
    assert "Protocols that do not add up" in page
    alert = page.split("Protocols that do not add up")[1].split("</div>")[0]
    assert "Chkhari school" in alert and "1 entered, 4 expected" in alert
    assert "Terjola town hall" not in alert
    assert "Does not add up: -3" in page and "Adds up" in page
    csv_text = _client(organizer).get(f"/cycles/{cycle.pk}/dashboard/voting-points.csv")
    assert csv_text.status_code == 200 and "Chkhari school" in csv_text.content.decode()
