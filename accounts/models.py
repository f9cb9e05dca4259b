import hashlib
import hmac

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

phone_validator = RegexValidator(
    r"^\+995\d{9}$", _("Enter a Georgian mobile number as +995 followed by 9 digits.")
)


def normalize_phone(value: str) -> str:
    """'555 12 34 56', '+995 555-123-456' and '995555123456' all become '+995555123456'."""
    digits = "".join(ch for ch in (value or "") if ch.isdigit())
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

    def get_by_login(self, login: str):
        """The active user whose e-mail (any case) or phone is `login`, or DoesNotExist."""
        login = (login or "").strip()
        if "@" in login:
            return self.get(email__iexact=login)
        return self.get(phone=normalize_phone(login))


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
            models.UniqueConstraint(
                fields=["phone"], name="user_phone_unique", condition=Q(phone__isnull=False)
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

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.ORGANIZER)
    municipality = models.ForeignKey(
        "cycles.Municipality", on_delete=models.CASCADE, related_name="roles"
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
