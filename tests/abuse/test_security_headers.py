"""Every page carries the security headers, whoever asks and whatever the answer (a 302 to the
login page or a 403 too). `manage.py check --deploy` is clean: tests/test_project.py."""

import pytest
from django.test import Client
from django.urls import reverse

from .test_authorization_matrix import PAGES

HEADERS = {
    "Content-Security-Policy": "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(PAGES))
def test_every_page_sends_the_security_headers(world, name):
    users, objects = world
    args, _statuses = PAGES[name]
    url = reverse(name, kwargs={k: objects[v] for k, v in args.items()})
    for user in (None, users["resident"]):
        client = Client()
        if user is not None:
            client.force_login(user)
        response = client.get(url)
        for header, must_contain in HEADERS.items():
            assert must_contain in response.headers.get(header, ""), (url, header, user)
