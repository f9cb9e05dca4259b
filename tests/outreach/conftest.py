"""Outreach personas: Terjola's residents in two villages and in two languages, one of whom
turned the organizers' messages off, and a stand-in SMS gateway that keeps what it was given."""

import pytest

from .. import factories as f

SENT_SMS = []


class RecordingSMS:
    def send(self, phone, text, *, key=""):
        SENT_SMS.append((phone, text))


@pytest.fixture(autouse=True)
def sms_gateway(settings):
    settings.SMS_BACKEND = "tests.outreach.conftest.RecordingSMS"
    SENT_SMS.clear()
    return SENT_SMS


@pytest.fixture
def chkhari(terjola):
    return terjola.communities.get(slug="chkhari")


@pytest.fixture
def godogani(terjola):
    return f.CommunityFactory(
        municipality=terjola, slug="godogani", name_ka="გოდოგანი", name_en="Godogani"
    )


@pytest.fixture
def villagers(terjola, chkhari, godogani):
    """Nino (Georgian) and George (English) of Chkhari, Lela of Chkhari, and Dato of Godogani;
    all with an e-mail address and a verified phone."""

    def person(name, community, language):
        return f.UserFactory(
            name=name,
            email=f"{name.lower()}@example.ge",
            municipality=terjola,
            community=community,
            language=language,
        )

    return {
        "nino": person("Nino", chkhari, "ka"),
        "george": person("George", chkhari, "en"),
        "lela": person("Lela", chkhari, "ka"),
        "dato": person("Dato", godogani, "ka"),
    }
