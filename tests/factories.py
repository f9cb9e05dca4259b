"""factory-boy factories for every app. Each app's factories live under its own heading."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from accounts.models import Role, User
from cycles.models import Community, Cycle, Municipality
from cycles.phases import Phase

PASSWORD = "correct-horse-42"


# --- cycles ---


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"municipality-{n}")
    name_ka = factory.Sequence(lambda n: f"მუნიციპალიტეტი {n}")
    name_en = factory.Sequence(lambda n: f"Municipality {n}")


class CommunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Community

    municipality = factory.SubFactory(MunicipalityFactory)
    slug = factory.Sequence(lambda n: f"village-{n}")
    name_ka = factory.Sequence(lambda n: f"სოფელი {n}")
    name_en = factory.Sequence(lambda n: f"Village {n}")


def _at(days):
    return timezone.now() + datetime.timedelta(days=days)


class CycleFactory(factory.django.DjangoModelFactory):
    """A cycle in `phase` whose schedule puts the next phase comfortably in the future."""

    class Meta:
        model = Cycle

    municipality = factory.SubFactory(MunicipalityFactory)
    year = factory.Sequence(lambda n: 2030 + n)
    title_ka = factory.LazyAttribute(lambda o: f"სამოქალაქო ბიუჯეტი {o.year}")
    title_en = factory.LazyAttribute(lambda o: f"Civic budget {o.year}")
    total_budget = Decimal("100000.00")
    min_project_cost = Decimal("1000.00")
    max_project_cost = Decimal("50000.00")
    phase = Phase.IDEA_SUBMISSION
    idea_submission_starts = factory.LazyFunction(lambda: _at(-30))
    training_starts = factory.LazyFunction(lambda: _at(30))
    jury_review_starts = factory.LazyFunction(lambda: _at(60))
    voting_starts = factory.LazyFunction(lambda: _at(90))
    results_starts = factory.LazyFunction(lambda: _at(120))
    implementation_starts = factory.LazyFunction(lambda: _at(150))


# --- accounts ---


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.ge")
    name = factory.Sequence(lambda n: f"Person {n}")
    phone = factory.Sequence(lambda n: f"+995599{n:06d}")
    phone_verified = True
    municipality = factory.SubFactory(MunicipalityFactory)
    birth_date = datetime.date(1985, 3, 14)
    language = "en"

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or PASSWORD)
        if create:
            obj.save(update_fields=["password"])


class OrganizerFactory(UserFactory):
    @factory.post_generation
    def organizer_role(obj, create, extracted, **kwargs):
        if create:
            Role.objects.create(user=obj, kind=Role.Kind.ORGANIZER, municipality=obj.municipality)


# --- implementation ---


def _eligible_idea(cycle, author, title, cost):
    from ideas.models import Idea

    return Idea.objects.create(
        cycle=cycle,
        author=author or UserFactory(municipality=cycle.municipality),
        title=title,
        summary="A winning idea",
        estimated_cost=cost,
        status="eligible",
    )


class WonProposalFactory(factory.django.DjangoModelFactory):
    """A proposal that won the vote, with the idea it grew from (minimal, through the models)."""

    class Meta:
        model = "proposals.Proposal"

    cycle = factory.SubFactory(CycleFactory, phase=Phase.RESULTS)
    idea = factory.LazyAttribute(lambda o: _eligible_idea(o.cycle, o.author, o.title, o.total_cost))
    title = factory.Sequence(lambda n: f"Funded project {n}")
    summary = "Repair what the village asked for."
    status = "won"
    total_cost = Decimal("20000.00")

    class Params:
        author = None


class FundedProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "implementation.FundedProject"

    proposal = factory.SubFactory(WonProposalFactory, status="in_implementation")
    cycle = factory.LazyAttribute(lambda o: o.proposal.cycle)
    department = "Infrastructure department"
    budget = Decimal("20000.00")
    planned_start = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    planned_end = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))


# --- voting ---


def shortlisted_proposal(
    cycle, *, title="Playground", cost="10000.00", community=None, author=None
):
    """A proposal the jury put on the ballot, made minimally through the models."""
    from ideas.models import Idea
    from proposals.models import Proposal, ProposalStatus

    idea = Idea.objects.create(
        cycle=cycle,
        author=author,
        community=community,
        title=title,
        summary=f"{title}: summary",
        estimated_cost=Decimal(cost),
        channel="web" if author else "paper",  # an idea without an account came on paper
    )
    return Proposal.objects.create(
        cycle=cycle,
        idea=idea,
        community=community,
        title=title,
        summary=f"{title}: summary",
        total_cost=Decimal(cost),
        status=ProposalStatus.SHORTLISTED,
    )


class EnvelopeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "voting.Envelope"

    cycle = factory.SubFactory(CycleFactory)
    budget = Decimal("30000.00")
    ballot_kind = "knapsack"


class BallotProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "voting.BallotProject"

    envelope = factory.SubFactory(EnvelopeFactory)
    title = factory.Sequence(lambda n: f"Project {n}")
    cost = Decimal("10000.00")
    proposal = factory.LazyAttribute(
        lambda o: shortlisted_proposal(
            o.envelope.cycle, title=o.title, cost=o.cost, community=o.envelope.community
        )
    )
    summary = factory.LazyAttribute(lambda o: f"{o.title}: summary")


# --- voting points ---


class VotingPointFactory(factory.django.DjangoModelFactory):
    """An open voting point of a cycle (officers: `open_point` below)."""

    class Meta:
        model = "voting_points.VotingPoint"

    cycle = factory.SubFactory(CycleFactory)
    name = factory.Sequence(lambda n: f"School {n}")
    address = "Main street 1"
    opens_at = factory.LazyFunction(lambda: _at(-1))
    closes_at = factory.LazyFunction(lambda: _at(1))
    status = "open"


def open_point(cycle, name, *officers, status="open"):
    """A voting point of `cycle` named `name`, open, with `officers` appointed."""
    from voting_points.models import PointMember

    point = VotingPointFactory(cycle=cycle, name=name, status=status)
    for user in officers:
        PointMember.objects.create(point=point, user=user, role="officer")
    return point


def officer_point(cycle, officer, name="Chkhari school") -> int:
    """The id of `cycle`'s open point `name` (made if missing), with `officer` appointed."""
    from voting_points.models import PointMember, VotingPoint

    point = VotingPoint.objects.filter(cycle=cycle, name=name).first()
    point = point or VotingPointFactory(cycle=cycle, name=name)
    PointMember.objects.get_or_create(point=point, user=officer, role="officer")
    return point.pk


# --- ideas ---


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "ideas.Category"
        django_get_or_create = ["cycle", "slug"]

    cycle = factory.SubFactory(CycleFactory)
    slug = factory.Sequence(lambda n: f"category-{n}")
    name_ka = factory.Sequence(lambda n: f"კატეგორია {n}")
    name_en = factory.Sequence(lambda n: f"Category {n}")


class IdeaFactory(factory.django.DjangoModelFactory):
    """A submitted web idea by a resident of the cycle's municipality."""

    class Meta:
        model = "ideas.Idea"

    cycle = factory.SubFactory(CycleFactory)
    author = factory.SubFactory(
        UserFactory, municipality=factory.SelfAttribute("..cycle.municipality")
    )
    category = factory.SubFactory(CategoryFactory, cycle=factory.SelfAttribute("..cycle"))
    title = factory.Sequence(lambda n: f"Idea {n}")
    summary = "Street lights from the school to the church."
    estimated_cost = Decimal("12000.00")


# --- jury ---


class FeasibleProposalFactory(factory.django.DjangoModelFactory):
    """A proposal staff valued feasible: what the jury reviews. Author: `idea__author=`."""

    class Meta:
        model = "proposals.Proposal"

    cycle = factory.SubFactory(CycleFactory, phase=Phase.JURY_REVIEW)
    idea = factory.SubFactory(
        IdeaFactory,
        cycle=factory.SelfAttribute("..cycle"),
        title=factory.SelfAttribute("..title"),
        status="eligible",
    )
    title = factory.Sequence(lambda n: f"Proposal {n}")
    summary = "Repair the road to the school."
    status = "feasible"
    total_cost = Decimal("15000.00")


class JurorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "jury.Juror"

    cycle = factory.SubFactory(CycleFactory, phase=Phase.JURY_REVIEW)
    user = factory.SubFactory(
        UserFactory, municipality=factory.SelfAttribute("..cycle.municipality")
    )
    is_chair = False


# --- trainings ---


class TrainingSessionFactory(factory.django.DjangoModelFactory):
    """A session ten days ahead, three hours long, in a cycle that is in `training`."""

    class Meta:
        model = "trainings.TrainingSession"

    cycle = factory.SubFactory(CycleFactory, phase=Phase.TRAINING)
    title_ka = factory.Sequence(lambda n: f"ტრენინგი {n}")
    title_en = factory.Sequence(lambda n: f"Training {n}")
    starts_at = factory.LazyFunction(lambda: _at(10))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=3))
    place = "Terjola town hall"
    capacity = 20


def session_takes_place(session, hours=1):
    """Move a session's start `hours` into the past: attendance is marked once it has started."""
    from trainings.models import TrainingSession

    TrainingSession.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=hours)
    )
    session.refresh_from_db()
    return session


# --- proposals ---


class DraftProposalFactory(factory.django.DjangoModelFactory):
    """A complete draft of an eligible idea (no budget lines: add them with BudgetLineFactory)."""

    class Meta:
        model = "proposals.Proposal"

    cycle = factory.SubFactory(CycleFactory, phase=Phase.TRAINING)
    idea = factory.SubFactory(
        IdeaFactory, cycle=factory.SelfAttribute("..cycle"), status="eligible"
    )
    title = factory.Sequence(lambda n: f"Draft proposal {n}")
    summary = "Light the road to the school."
    problem = "Children walk home in the dark."
    objectives = "Twelve street lights along the road."
    beneficiaries = "Pupils and their families."
    beneficiaries_count = 400
    location = "Chkhari, the school road"
    timeline_months = 4
    maintenance = "The municipality's utilities service."


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "proposals.BudgetLine"

    proposal = factory.SubFactory(DraftProposalFactory)
    item = factory.Sequence(lambda n: f"Item {n}")
    quantity = Decimal("1")
    unit = "pcs"
    unit_cost = Decimal("5000.00")
