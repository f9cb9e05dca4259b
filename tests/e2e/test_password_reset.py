"""A resident who forgot the password, in Chromium against a live server: the link on the login
page, the code by e-mail, a new password, and logging in with it (issue 16)."""

import pytest

from .. import factories as f
from ..accounts.test_password_reset import code_in, sent
from .browsing import new_context

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NEW = "a-brand-new-pass-77"


def test_a_reset_by_e_mail_code_then_a_login_with_the_new_password(browser, live_server):
    town = f.MunicipalityFactory(slug="terjola", name_ka="თერჯოლა", name_en="Terjola")
    alice = f.UserFactory(municipality=town, email="alice@example.ge", name="Alice")
    page = new_context(browser, live_server.url, lang="en").new_page()
    page.set_default_timeout(15_000)

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("link", name="Forgot your password?").click()
    page.fill("#id_login", "alice@example.ge")
    page.get_by_role("button", name="Send me a code").click()

    code = code_in(sent(alice, "email"))  # what the e-mail says
    page.fill("#id_code", code)
    page.get_by_role("button", name="Continue").click()
    page.fill("#id_new_password1", NEW)
    page.fill("#id_new_password2", NEW)
    page.get_by_role("button", name="Save the new password").click()

    assert "/accounts/login/" in page.url
    assert "Your password is changed" in page.content()
    page.fill("#id_username", "alice@example.ge")
    page.fill("#id_password", NEW)
    page.locator("main").get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url  # logged in with the new password
    alice.refresh_from_db()
    assert alice.check_password(NEW)
