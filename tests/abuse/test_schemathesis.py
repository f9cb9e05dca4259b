"""Fuzz every API operation from its own OpenAPI schema, as each kind of caller.

Whatever a client sends, the answer is never a 5xx, and it matches what the schema promises
(status code documented, content type, body shape). SCHEMATHESIS_EXAMPLES sets the examples per
operation and role (CI: enough for well over 1,000 cases in all).
"""

import os

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework_simplejwt.tokens import RefreshToken
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from tests import factories as f

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "6"))
ROLES = ["anonymous", "resident", "juror", "organizer"]
CHECKS = (
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
)
COUNTED = {"cases": 0}


@pytest.fixture
def api_schema(db):
    from drf_spectacular.generators import SchemaGenerator

    # A real WSGI handler ends each request by closing "old" connections, and inside the test's
    # transaction PostgreSQL's connection counts as one: keep it open, as Django's test client does.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    raw = SchemaGenerator().get_schema(request=None, public=True)
    yield schemathesis.from_dict(raw, app=WSGIHandler())
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


schema = schemathesis.from_pytest_fixture("api_schema")


@pytest.fixture
def callers(terjola):
    from cycles.phases import Phase

    cycle = f.CycleFactory(municipality=terjola, year=2026, phase=Phase.IDEA_SUBMISSION)
    people = {
        "resident": f.UserFactory(municipality=terjola),
        "juror": f.UserFactory(municipality=terjola),
        "organizer": f.OrganizerFactory(municipality=terjola),
    }
    headers = {"anonymous": {}}
    for role, user in people.items():
        headers[role] = {"Authorization": f"Bearer {RefreshToken.for_user(user).access_token}"}
    return {"cycle": cycle, "headers": headers}


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_never_fails_and_keeps_its_schema(case, callers):
    for role in ROLES:
        headers = {**(case.headers or {}), **callers["headers"][role], "Accept-Language": "en"}
        response = case.call(headers=headers)
        COUNTED["cases"] += 1
        case.validate_response(response, checks=CHECKS)
