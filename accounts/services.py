import secrets
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import Conflict, DomainError, Invalid
from core.services import model_update
from notifications.services import notification_preferences_set, notify

from .models import PhoneCode, User, hash_code, normalize_phone

PHONE_CODES_PER_HOUR = 5


class Throttled(DomainError):
    status, code = 429, "throttled"


def _check_community(municipality, community) -> None:
    if community and (municipality is None or community.municipality_id != municipality.pk):
        raise Invalid(
            fields={"community": [_("This community is not in the chosen municipality.")]}
        )


def user_register(*, data) -> User:
    """Create a resident account; an e-mail or phone can belong to one account only."""
    email = (data.get("email") or "").strip().lower() or None
    phone = normalize_phone(data.get("phone") or "") or None
    if email and User.objects.filter(email__iexact=email).exists():
        raise Invalid(fields={"email": [_("An account with this e-mail already exists.")]})
    if phone and User.objects.filter(phone=phone).exists():
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


def phone_code_send(*, user, phone) -> PhoneCode:
    """Send a one-time code to `phone`: at most 5 an hour per phone; valid 10 minutes."""
    phone = normalize_phone(phone)
    if User.objects.filter(phone=phone, phone_verified=True).exclude(pk=user.pk).exists():
        raise Conflict(_("This phone number is already verified on another account."))
    hour_ago = timezone.now() - timedelta(hours=1)
    if (
        PhoneCode.objects.filter(phone=phone, created_at__gte=hour_ago).count()
        >= PHONE_CODES_PER_HOUR
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


def phone_code_confirm(*, user, code) -> User:
    """Confirm the latest code: 10 minutes, 5 tries; then the phone is verified."""
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
    with transaction.atomic():
        PhoneCode.objects.filter(pk=record.pk).update(used_at=now)
        if (
            User.objects.filter(phone=record.phone, phone_verified=True)
            .exclude(pk=user.pk)
            .exists()
        ):
            raise Conflict(_("This phone number is already verified on another account."))
        user.phone, user.phone_verified = record.phone, True
        user.save(update_fields=["phone", "phone_verified"])
    return user
