from django.contrib.auth.backends import ModelBackend
from django.views.decorators.debug import sensitive_variables

from . import lockout
from .models import User


class EmailOrPhoneBackend(ModelBackend):
    """Log in with an e-mail address or a phone number in any common spelling.

    Failures count per account (accounts.lockout), whatever spelling was typed. A phone that no
    account has verified may be typed on several accounts: the password decides which."""

    @sensitive_variables("password")
    def authenticate(self, request, username=None, password=None, **kwargs):
        login = username or kwargs.get("email") or kwargs.get("login")
        if not login or password is None:
            return None
        candidates = [u for u in User.objects.login_candidates(login)]
        if not candidates:
            if not lockout.address_locked(request):
                lockout.register_failure(None, request)
            User().set_password(password)  # same time whether or not the login exists
            return None
        open_ = [user for user in candidates if not lockout.account_locked(user)]
        for user in open_:
            if user.check_password(password) and self.user_can_authenticate(user):
                lockout.clear(user)
                return user
        for user in open_:
            lockout.register_failure(user)
        return None
