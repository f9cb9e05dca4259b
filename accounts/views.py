from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView, LogoutView
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _

from core.errors import DomainError
from core.pages import form_error

from . import services
from .forms import CodeForm, LoginForm, PhoneForm, ProfileForm, RegisterForm


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
