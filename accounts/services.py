import secrets
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from core.errors import Conflict, DomainError, Invalid
from core.services import model_update
from notifications.services import notification_preferences_set, notify

from .models import PhoneCode, User, hash_code, normalize_phone

PHONE_CODES_PER_HOUR = 5  # per account and phone
PHONE_CODES_PER_HOUR_ALL = 12  # per phone, whatever the accounts


class Throttled(DomainError):
    status, code = 429, "throttled"


def _check_community(municipality, community) -> None:
    if community and (municipality is None or community.municipality_id != municipality.pk):
        raise Invalid(
            fields={"community": [_("This community is not in the chosen municipality.")]}
        )


@sensitive_variables("data")
def user_register(*, data) -> User:
    """Create a resident account; an e-mail belongs to one account only, a phone to the one
    account that verified it (an unverified phone on another account reserves nothing)."""
    email = (data.get("email") or "").strip().lower() or None
    phone = normalize_phone(data.get("phone") or "") or None
    if email and User.objects.filter(email__iexact=email).exists():
        raise Invalid(fields={"email": [_("An account with this e-mail already exists.")]})
    if phone and User.objects.filter(phone=phone, phone_verified=True).exists():
        raise Invalid(fields={"phone": [_("An account with this phone number already exists.")]})
    community = data.get("community")
    _check_community(data["municipality"], community)
    try:
        with transaction.atomic():
            return User.objects.create_user(
                email=email,
                password=data["password"],
                phone=phone,
                name=data["name"],
                municipality=data["municipality"],
                community=community,
                birth_date=data.get("birth_date"),
                language=data.get("language") or "ka",
            )
    except IntegrityError:
        raise Conflict(_("An account with this e-mail or phone already exists."))


def profile_update(*, user, data) -> User:
    """A person edits their own profile: the community lies in the municipality (moving to
    another municipality leaves the old one's community behind); notification choices too."""
    preferences = data.get("notification_preferences")
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        data = {f: data[f] for f in User.PROFILE_FIELDS if f in data}
        municipality = data.get("municipality", user.municipality)
        if "community" not in data and user.community_id:
            if municipality is None or user.community.municipality_id != municipality.pk:
                data["community"] = None
        _check_community(municipality, data.get("community", user.community))
        model_update(user, data, User.PROFILE_FIELDS)
        if preferences is not None:
            notification_preferences_set(user=user, changes=preferences)
    return user


@sensitive_variables("code")
def phone_code_send(*, user, phone) -> PhoneCode:
    """Send a one-time code to `phone`: at most 5 an hour per account and phone, 12 per phone;
    valid 10 minutes. The
    phone is the account's, unverified, until the code is proven (other accounts may hold it
    unverified too: that reserves nothing)."""
    phone = normalize_phone(phone)
    if User.objects.filter(phone=phone, phone_verified=True).exclude(pk=user.pk).exists():
        raise Conflict(_("This phone number is already verified on another account."))
    hour_ago = timezone.now() - timedelta(hours=1)
    recent = PhoneCode.objects.filter(phone=phone, created_at__gte=hour_ago)
    # per account, so someone who typed this phone cannot use up its owner's codes; and a
    # ceiling for the phone, so nobody floods a handset from many accounts
    if (
        recent.filter(user=user).count() >= PHONE_CODES_PER_HOUR
        or recent.count() >= PHONE_CODES_PER_HOUR_ALL
    ):
        raise Throttled(_("Too many codes for this number; try again in an hour."))
    code = f"{secrets.randbelow(10**6):06d}"
    with transaction.atomic():
        if user.phone != phone:
            user.phone, user.phone_verified = phone, False
            try:
                with transaction.atomic():
                    user.save(update_fields=["phone", "phone_verified"])
            except IntegrityError:
                raise Conflict(_("This phone number belongs to another account."))
        record = PhoneCode.objects.create(
            user=user,
            phone=phone,
            code_hash=hash_code(phone, code),
            expires_at=timezone.now() + timedelta(minutes=PhoneCode.TTL_MINUTES),
        )
        notify(
            "phone_code",
            [user],
            {},
            secret_context={"code": code},  # encrypted in the outbox, opened only to send
            subject=f"phonecode:{record.pk}",
        )
    return record


@sensitive_variables("code")
def phone_code_confirm(*, user, code) -> User:
    """Confirm the latest code: 10 minutes, 5 tries; then the phone is verified on this account
    and leaves every other account that had typed it unverified (proving the code is what owns
    a phone). A phone verified on another account stays there (409)."""
    record = PhoneCode.objects.filter(user=user, used_at__isnull=True).first()
    now = timezone.now()
    if record is None or record.expires_at < now:
        raise Invalid(fields={"code": [_("The code has expired; ask for a new one.")]})
    if record.tries >= PhoneCode.MAX_TRIES:
        raise Invalid(fields={"code": [_("Too many wrong tries; ask for a new code.")]})
    # count the try first, conditionally, so parallel guesses cannot exceed the limit
    counted = PhoneCode.objects.filter(pk=record.pk, tries__lt=PhoneCode.MAX_TRIES).update(
        tries=F("tries") + 1
    )
    if not counted or not record.matches(str(code).strip()):
        raise Invalid(fields={"code": [_("The code is not correct.")]})
    taken = Conflict(_("This phone number is already verified on another account."))
    try:
        with transaction.atomic():
            PhoneCode.objects.filter(pk=record.pk).update(used_at=now)
            # lock every holder of the phone (and this account) in one order: parallel proofs
            # of one phone then queue instead of deadlocking
            list(
                User.objects.select_for_update()
                .filter(Q(phone=record.phone) | Q(pk=user.pk))
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            others = User.objects.filter(phone=record.phone).exclude(pk=user.pk)
            if others.filter(phone_verified=True).exists():
                raise taken
            # squatters lose it: those with an e-mail forget it, the rest (phone-only accounts)
            # keep it unverified, which reserves nothing and no longer logs in (a phone login
            # means its verified owner). Verified rows are never touched here: a parallel
            # proof that committed first keeps the phone and this one gets 409 below.
            others.filter(phone_verified=False, email__isnull=False).update(phone=None)
            user.phone, user.phone_verified = record.phone, True
            # the user-row unique constraint settles two accounts proving one phone at once
            user.save(update_fields=["phone", "phone_verified"])
    except IntegrityError:
        user.refresh_from_db(fields=["phone", "phone_verified"])
        raise taken
    return user


# --- passwords: reset by a one-time code, change, and revoking the account's tokens ---

RESET_CODES_PER_HOUR = 3  # per account; more requests answer the same and send nothing


def tokens_revoke(user) -> int:
    """Every API token of `user` stops working: refresh tokens are blacklisted here, and every
    token carries a digest of the password hash (SIMPLE_JWT CHECK_REVOKE_TOKEN), so after a
    password change the access tokens fail too. Returns the refresh tokens blacklisted."""
    from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken

    tokens = OutstandingToken.objects.filter(user=user, blacklistedtoken__isnull=True)
    rows = [BlacklistedToken(token=token) for token in tokens]
    BlacklistedToken.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


@sensitive_variables("password")
def _password_set(user, password) -> None:
    from django.contrib.auth import password_validation
    from django.core.exceptions import ValidationError

    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise Invalid(fields={"password": list(exc.messages)})
    user.set_password(password)
    user.save(update_fields=["password"])
    tokens_revoke(user)
    from . import lockout

    lockout.clear(user)


def reset_link(login: str, code: str) -> str:
    """The e-mail's link: the code page with the login and code filled in (in the query, which
    the request log leaves out)."""
    from urllib.parse import urlencode

    from django.conf import settings
    from django.urls import reverse

    query = urlencode({"login": login, "code": code})
    return f"{settings.SITE_URL}{reverse('accounts:password-reset-code')}?{query}"


@sensitive_variables("code", "link")
def password_reset_request(*, login) -> None:
    """Send a one-time code (8 digits, 15 minutes, 5 tries) to the account `login` names, by
    e-mail (with a link to the code page) and by SMS to its verified phone. Says nothing
    about whether the account exists: the caller answers the same either way, and the work done
    is the same shape (one lookup, one code drawn and hashed, one write)."""
    from .models import PasswordResetCode, hash_reset_code

    code = f"{secrets.randbelow(10**PasswordResetCode.DIGITS):0{PasswordResetCode.DIGITS}d}"
    candidates = User.objects.login_candidates(login)
    user = candidates[0] if candidates else None
    # a phone that nobody verified reaches nobody: the code goes only to a verified phone
    if user is not None and "@" not in login and not user.phone_verified:
        user = None
    if user is None or not user.is_active:
        hash_reset_code(0, code)
        return
    channels = [c for c, ok in (("email", user.email), ("sms", user.phone_verified)) if ok]
    hour_ago = timezone.now() - timedelta(hours=1)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        recent = user.reset_codes.filter(created_at__gte=hour_ago).count()
        if recent >= RESET_CODES_PER_HOUR or not channels:
            return
        # one code at a time: a new one replaces the ones sent before
        user.reset_codes.filter(used_at__isnull=True).update(used_at=timezone.now())
        record = PasswordResetCode.objects.create(
            user=user,
            code_hash=hash_reset_code(user.pk, code),
            expires_at=timezone.now() + timedelta(minutes=PasswordResetCode.TTL_MINUTES),
        )
        link = reset_link(user.email or login, code)
        notify(
            "password_reset",
            [user],
            {},
            secret_context={"code": code, "link": link},
            subject=f"pwreset:{record.pk}",
            channels=channels,
        )


WRONG_RESET_CODE = _("The code is not correct or has expired; ask for a new one.")


@sensitive_variables("code")
def password_reset_check(*, login, code):
    """The reset code `code` for `login`, if it is right and alive (the try is counted).
    Every failure says the same, so nothing tells whether the account exists."""
    from .models import PasswordResetCode

    wrong = Invalid(fields={"code": [str(WRONG_RESET_CODE)]})
    user = next(iter(User.objects.login_candidates(login)), None)
    if user is None:
        raise wrong
    record = PasswordResetCode.objects.filter(user=user, used_at__isnull=True).first()
    if record is None or record.expires_at < timezone.now():
        raise wrong
    counted = PasswordResetCode.objects.filter(
        pk=record.pk, tries__lt=PasswordResetCode.MAX_TRIES, used_at__isnull=True
    ).update(tries=F("tries") + 1)
    if not counted or not record.matches(str(code).strip()):
        raise wrong
    return record


@sensitive_variables("password")
def password_reset_complete(*, record_id, password) -> User:
    """Set the new password with a checked code (`password_reset_check`) that is still unused
    and alive; the code is spent, every token of the account revoked."""
    from .models import PasswordResetCode

    with transaction.atomic():
        record = (
            PasswordResetCode.objects.select_for_update()
            .filter(pk=record_id, used_at__isnull=True, expires_at__gte=timezone.now())
            .select_related("user")
            .first()
        )
        if record is None:
            raise Invalid(fields={"code": [str(WRONG_RESET_CODE)]})
        _password_set(record.user, password)
        record.user.reset_codes.filter(used_at__isnull=True).update(used_at=timezone.now())
    return record.user


@sensitive_variables("code", "password")
def password_reset_confirm(*, login, code, password) -> User:
    """The API's one step: check the code, then set the password (a password the validators
    refuse does not spend the try)."""
    from .models import PasswordResetCode

    record = password_reset_check(login=login, code=code)
    try:
        return password_reset_complete(record_id=record.pk, password=password)
    except Invalid as exc:
        if "password" in exc.fields:
            PasswordResetCode.objects.filter(pk=record.pk, tries__gt=0).update(tries=F("tries") - 1)
        raise


@sensitive_variables("old_password", "new_password")
def password_change(*, user, old_password, new_password, request=None) -> User:
    """A signed-in person changes their password: the old one first (a wrong one counts as a
    failed login); then every token of the account is revoked."""
    from . import lockout

    user = User.objects.get(pk=user.pk)
    if lockout.account_locked(user):
        raise Throttled(_("Too many failed logins for this account; try again in 15 minutes."))
    if not user.check_password(old_password):
        # outside any transaction: while Redis is down the count is a database row, and it
        # must survive the refusal
        lockout.register_failure(user)
        raise Invalid(fields={"old_password": [_("This is not your current password.")]})
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        try:
            _password_set(user, new_password)
        except Invalid as exc:
            raise Invalid(fields={"new_password": exc.fields["password"]})
    return user
