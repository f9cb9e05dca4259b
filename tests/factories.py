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
