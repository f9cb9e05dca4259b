import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView, LogoutView
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables

from core import throttling
from core.errors import DomainError
from core.net import client_address
from core.pages import form_error

from . import services, tasks
from .forms import (
    CodeForm,
    LoginForm,
    NewPasswordForm,
    PasswordChangeForm,
    PasswordResetCodeForm,
    PasswordResetRequestForm,
    PhoneForm,
    ProfileForm,
    RegisterForm,
)


class Login(LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class Logout(LogoutView):
    pass


def _use_language(response, lang):
    """The pages switch to the language the person chose, now and on their next visit."""
    translation.activate(lang)
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, lang, max_age=settings.LANGUAGE_COOKIE_AGE)
    return response


@sensitive_post_parameters("password", "phone")
def register(request):
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_register(data=form.cleaned_data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            login(request, user, backend="accounts.backends.EmailOrPhoneBackend")
            messages.success(request, _("Welcome! Your account is ready."))
            return _use_language(redirect("home"), user.language)
    return render(request, "accounts/register.html", {"form": form})


def _safe_next(request) -> str:
    """Where to go back to: a page of this site only (no open redirect), else ""."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


@login_required
def profile(request):
    back = _safe_next(request)  # e.g. the ballot, whose checklist asked for the birth date
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.profile_update(user=request.user, data=form.cleaned_data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Saved."))
            return _use_language(redirect(back or "accounts:profile"), user.language)
    return render(request, "accounts/profile.html", {"form": form, "next": back})


@sensitive_post_parameters("phone", "code")
@login_required
def verify_phone(request):
    back = _safe_next(request)
    phone_form = PhoneForm(
        request.POST if "phone" in request.POST else None, initial={"phone": request.user.phone}
    )
    code_form = CodeForm(request.POST if "code" in request.POST else None)
    if "phone" in request.POST and phone_form.is_valid():
        try:
            services.phone_code_send(user=request.user, phone=phone_form.cleaned_data["phone"])
        except DomainError as exc:
            form_error(phone_form, exc)
        else:
            messages.success(request, _("We sent a code by SMS."))
            here = reverse("accounts:verify-phone")
            return redirect(f"{here}?{urlencode({'next': back})}" if back else here)
    if "code" in request.POST and code_form.is_valid():
        try:
            services.phone_code_confirm(user=request.user, code=code_form.cleaned_data["code"])
        except DomainError as exc:
            form_error(code_form, exc)
        else:
            messages.success(request, _("Your phone is verified."))
            return redirect(back or "accounts:profile")
    return render(
        request,
        "accounts/verify_phone.html",
        {"phone_form": phone_form, "code_form": code_form, "next": back},
    )


# --- passwords: "forgot password" (request a code, type the code or open the e-mail's link,
# choose a new password) and "change password"; the rules are accounts.services' ---

SESSION_KEY = "password_reset_code"
# per client address, as the API's "otp" and "auth" throttles
REQUESTS_PER_HOUR = 10
CODE_TRIES_PER_15_MIN = 30


def _over(request, scope: str, limit: int, window: int) -> bool:
    digest = hashlib.sha256(client_address(request).encode()).hexdigest()
    return throttling.hit(f"page-throttle:{scope}:{digest}", window) > limit


@sensitive_post_parameters("login")
def password_reset(request):
    form = PasswordResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _over(request, "reset", REQUESTS_PER_HOUR, 3600):
            form.add_error(None, _("Too many requests from here; try again in an hour."))
        else:
            login = form.cleaned_data["login"]
            tasks.password_reset_ask(login)
            messages.success(
                request,
                _(
                    "If an account has this login, we sent it a code by e-mail or SMS. "
                    "It works for 15 minutes."
                ),
            )
            response = redirect("accounts:password-reset-code")
            response["Location"] += "?" + urlencode({"login": login})
            return response
    return render(request, "accounts/password_reset.html", {"form": form})


@sensitive_variables("form")
@sensitive_post_parameters("login", "code")
def password_reset_code(request):
    """The code page; the e-mail's link opens it filled in (the person still presses the
    button: a link preview must not spend a try)."""
    initial = {k: request.GET.get(k, "")[:254] for k in ("login", "code")}
    form = PasswordResetCodeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if _over(request, "reset-code", CODE_TRIES_PER_15_MIN, 15 * 60):
            form.add_error(None, _("Too many tries from here; try again in 15 minutes."))
        else:
            try:
                record = services.password_reset_check(
                    login=form.cleaned_data["login"], code=form.cleaned_data["code"]
                )
            except DomainError as exc:
                form_error(form, exc)
            else:
                request.session[SESSION_KEY] = record.pk
                return redirect("accounts:password-reset-new")
    return render(request, "accounts/password_reset_code.html", {"form": form})


@sensitive_variables("form")
@sensitive_post_parameters("new_password1", "new_password2")
def password_reset_new(request):
    record_id = request.session.get(SESSION_KEY)
    if record_id is None:
        return redirect("accounts:password-reset")
    form = NewPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.password_reset_complete(
                record_id=record_id, password=form.cleaned_data["new_password1"]
            )
        except DomainError as exc:
            if "code" in exc.fields:  # spent or expired meanwhile
                request.session.pop(SESSION_KEY, None)
                messages.error(request, exc.fields["code"][0])
                return redirect("accounts:password-reset")
            form_error(form, exc, aliases={"password": "new_password1"})
        else:
            request.session.pop(SESSION_KEY, None)
            messages.success(request, _("Your password is changed. Log in with it."))
            return redirect("accounts:login")
    return render(request, "accounts/password_new.html", {"form": form})


@sensitive_variables("form")
@sensitive_post_parameters("old_password", "new_password1", "new_password2")
@login_required
def password_change(request):
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.password_change(
                user=request.user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password1"],
            )
        except DomainError as exc:
            form_error(form, exc, aliases={"new_password": "new_password1"})
        else:
            update_session_auth_hash(request, user)  # this session stays, the others end
            messages.success(request, _("Your password is changed."))
            return redirect("accounts:profile")
    return render(request, "accounts/password_change.html", {"form": form})
