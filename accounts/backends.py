from django.contrib.auth.backends import ModelBackend

from . import lockout
from .models import User


class EmailOrPhoneBackend(ModelBackend):
    """Log in with an e-mail address or a phone number in any common spelling."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        login = username or kwargs.get("email") or kwargs.get("login")
        if not login or password is None:
            return None
        if lockout.is_locked(login):
            return None
        try:
            user = User.objects.get_by_login(login)
        except User.DoesNotExist:
            User().set_password(password)  # same time whether or not the login exists
            lockout.register_failure(login)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            lockout.clear(login)
            return user
        lockout.register_failure(login)
        return None
