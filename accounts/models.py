import hashlib
import hmac
import unicodedata

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

# ASCII digits only (Python's \d also matches Arabic-Indic, full-width ... digits)
phone_validator = RegexValidator(
    r"^\+995[0-9]{9}\Z", _("Enter a Georgian mobile number as +995 followed by 9 digits.")
)
LOGIN_CANDIDATES = 3  # accounts holding one unverified phone that a phone login tries


def normalize_phone(value: str) -> str:
    """'555 12 34 56', '+995 555-123-456', '995555123456' and the same in any script's
    decimal digits (Arabic-Indic ٥٥٥, full-width ５５５ ...) all become '+995555123456'.

    Every Unicode decimal digit becomes its ASCII digit; other characters are separators. A
    digit-like character that is not a decimal digit ('²', '①') is kept, so the phone
    validator refuses the value instead of reading a different number."""
    digits = []
    for ch in value or "":
        decimal = unicodedata.decimal(ch, None)
        if decimal is not None:
            digits.append(str(decimal))
        elif ch.isdigit() or ch.isnumeric():
            digits.append(ch)
    digits = "".join(digits)
    if digits.startswith("00"):  # 00995 ...: the international prefix
        digits = digits[2:]
    if len(digits) == 9:
        digits = "995" + digits
    return "+" + digits if digits else ""


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email=None, password=None, **extra):
        email = self.normalize_email(email) or None
        if extra.get("phone"):
            extra["phone"] = normalize_phone(extra["phone"])
        if not email and not extra.get("phone"):
            raise ValueError("A user needs an e-mail address or a phone number.")
        user = self.model(email=email, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)

    def login_candidates(self, login: str) -> list:
        """The accounts a login (e-mail in any case, or phone in any spelling) may mean.

        An e-mail names one account. A phone names the account that verified it; while nobody
        has, it may be typed on several accounts (an unverified phone reserves nothing), and
        each of the oldest few is a candidate: the password decides which one logs in."""
        login = (login or "").strip()
        if not login or "\x00" in login or len(login) > 254:
            return []
        if "@" in login:
            return list(self.filter(email__iexact=login)[:1])
        phone = normalize_phone(login)
        if not phone or not phone.isascii():
            return []
        holders = list(
            self.filter(phone=phone).order_by("-phone_verified", "date_joined", "pk")[
                :LOGIN_CANDIDATES
            ]
        )
        if holders and holders[0].phone_verified:
            return holders[:1]
        return holders

    def get_by_login(self, login: str):
        """The user `login` names (e-mail, or phone: its verified owner, else its first
        holder), or DoesNotExist."""
        candidates = self.login_candidates(login)
        if not candidates:
            raise self.model.DoesNotExist("No account has this login.")
        return candidates[0]


class Language(models.TextChoices):
    KA = "ka", "ქართული"
    EN = "en", "English"


class User(AbstractBaseUser, PermissionsMixin):
    """A person: resident, organizer, juror or staff. Logs in by e-mail or phone."""

    email = models.EmailField(_("e-mail"), null=True, blank=True)
    phone = models.CharField(
        _("phone"), max_length=16, null=True, blank=True, validators=[phone_validator]
    )
    phone_verified = models.BooleanField(_("phone verified"), default=False)
    name = models.CharField(_("name"), max_length=150)
    municipality = models.ForeignKey(
        "cycles.Municipality",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="residents",
        verbose_name=_("municipality"),
    )
    community = models.ForeignKey(
        "cycles.Community",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="residents",
        verbose_name=_("community"),
    )
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.KA
    )
    is_staff = models.BooleanField(_("staff"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    # what a person edits on their own profile (the API's `me/`, the profile page, the admin)
    PROFILE_FIELDS = ["name", "municipality", "community", "birth_date", "language"]

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                models.functions.Lower("email"),
                name="user_email_unique_ci",
                condition=Q(email__isnull=False),
            ),
            # one verified phone belongs to one account; an unverified one reserves nothing
            models.UniqueConstraint(
                fields=["phone"],
                name="user_verified_phone_unique",
                condition=Q(phone__isnull=False, phone_verified=True),
            ),
            models.CheckConstraint(
                condition=Q(email__isnull=False) | Q(phone__isnull=False),
                name="user_has_email_or_phone",
            ),
        ]

    def __str__(self):
        return self.name or self.email or self.phone or f"#{self.pk}"

    def get_full_name(self):
        return self.name

    def get_short_name(self):
        return self.name

    @cached_property
    def organizer_municipality_ids(self) -> frozenset:
        return frozenset(
            self.roles.filter(kind=Role.Kind.ORGANIZER).values_list("municipality_id", flat=True)
        )

    def is_organizer_of(self, municipality_id) -> bool:
        if self.is_superuser:
            return True
        return municipality_id in self.organizer_municipality_ids

    @property
    def is_organizer(self) -> bool:
        return self.is_superuser or bool(self.organizer_municipality_ids)


class Role(models.Model):
    """A staff role scoped to a municipality (jurors belong to a cycle: see `jury`)."""

    class Kind(models.TextChoices):
        ORGANIZER = "organizer", _("Organizer")

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="roles", verbose_name=_("user")
    )
    kind = models.CharField(_("role"), max_length=20, choices=Kind.choices, default=Kind.ORGANIZER)
    municipality = models.ForeignKey(
        "cycles.Municipality",
        on_delete=models.CASCADE,
        related_name="roles",
        verbose_name=_("municipality"),
    )

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "municipality"], name="role_unique")
        ]

    def __str__(self):
        return f"{self.user} — {self.get_kind_display()} ({self.municipality})"


def hash_code(phone: str, code: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{phone}:{code}".encode(), hashlib.sha256).hexdigest()


class PhoneCode(models.Model):
    """A one-time SMS code; only its keyed hash is stored."""

    TTL_MINUTES = 10
    MAX_TRIES = 5

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="phone_codes")
    phone = models.CharField(max_length=16, db_index=True)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    expires_at = models.DateTimeField()
    tries = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"code for {self.phone}"

    def matches(self, code: str) -> bool:
        return hmac.compare_digest(self.code_hash, hash_code(self.phone, code))


def hash_reset_code(user_id: int, code: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"password-reset:{user_id}:{code}".encode(), hashlib.sha256).hexdigest()


class PasswordResetCode(models.Model):
    """A one-time password-reset code sent by e-mail and/or SMS; only its keyed hash is kept."""

    TTL_MINUTES = 15
    MAX_TRIES = 5
    DIGITS = 8

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="reset_codes")
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    expires_at = models.DateTimeField()
    tries = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"password reset for {self.user_id}"

    def matches(self, code: str) -> bool:
        return hmac.compare_digest(self.code_hash, hash_reset_code(self.user_id, code))
