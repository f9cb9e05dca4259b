"""OPTIONS and HEAD on every API path, by every kind of caller, are an answer, never a 500.

DRF's metadata described each write's serializer by calling the view's get_object() (and so
its queryset and object permission) for callers allowed to write: the ballot view, which has no
queryset, answered a voter's OPTIONS with a 500."""

import pytest
from django.db import transaction

from .test_authorization_matrix import API, ROLES, _api_client, _api_url, world  # noqa: F401


@pytest.mark.django_db
def test_options_and_head_on_every_api_path_are_never_a_500_for_anyone(world):  # noqa: F811
    users, objects = world
    clients = {role: _api_client(users[role]) for role in ROLES}
    for client in clients.values():
        client.raise_request_exception = False  # count every 500, not only the first
    paths = {_api_url(key, args, objects)[1] for key, (args, *_rest) in API.items()}
    failed = []
    for url in sorted(paths):
        for role in ROLES:
            with transaction.atomic():
                response = clients[role].options(url)
                head = clients[role].head(url)
                transaction.set_rollback(True)
            if head.status_code >= 500:
                failed.append(f"HEAD {url} as {role}: {head.status_code}")
            if response.status_code >= 500:
                failed.append(f"OPTIONS {url} as {role}: {response.status_code}")
            elif response.status_code == 200:
                assert "OPTIONS" in response["Allow"], url
                assert response["Content-Type"] == "application/json", url
            else:
                assert response.json()["error"]["code"], url
    assert failed == [], "\n".join(failed)
