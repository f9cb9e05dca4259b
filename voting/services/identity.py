"""Who votes: a person is their voter key, the keyed HMAC of their personal number, one per
cycle. Online verification ties the key to an account; a paper ballot uses the same key, so one
person has one ballot per envelope whichever channel they use."""

import datetime

from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_variables

from core import sql
from core.errors import Conflict, Forbidden, Invalid
from cycles.models import Cycle
from cycles.permissions import check

from ..models import Envelope, VoterKey, birth_hash_for, voter_key_for
from .roll import on_roll

PAPER_VOTER = gettext_lazy(
    "This personal number has voted on paper with another birth date. If it is yours, please "
    "contact the municipality."
)
CONTACT_MUNICIPALITY = gettext_lazy(
    "This personal number is already verified on another account. If it is yours, please "
    "contact the municipality."
)


def age_on(birth_date, day) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


@sensitive_variables("personal_number", "birth_date", "number")
def clean_identity(cycle, personal_number, birth_date) -> str:
    """The personal number, checked; the person old enough. The number never reaches a log."""
    errors = {}
    number = str(personal_number or "").strip()
    if not (len(number) == 11 and number.isdigit() and number.isascii()):
        errors["personal_number"] = [_("A personal number has exactly 11 digits.")]
    if not isinstance(birth_date, datetime.date):
        errors["birth_date"] = [_("Enter the birth date.")]
    elif age_on(birth_date, timezone.localdate()) < cycle.min_voter_age:
        errors["birth_date"] = [
            _("Voters must be at least %(age)d years old.") % {"age": cycle.min_voter_age}
        ]
    if errors:
        raise Invalid(_("Check the highlighted fields."), fields=errors)
    return number


def community_in(cycle, community):
    if community is not None and community.municipality_id == cycle.municipality_id:
        return community
    return None


def require_verifiable(*, cycle, user) -> None:
    """Voter verification is for residents of the municipality with a verified phone, in its
    phases: 401, 403 or 409 otherwise, before anything they sent is read."""
    check(user, cycle, "verify_voter")
    if not user.phone_verified:
        raise Forbidden(_("Verify your phone number first, on your account page."))


@sensitive_variables("personal_number", "birth_date", "number")
def voter_verify(*, cycle, user, personal_number, birth_date) -> VoterKey:
    """A resident of minimum age proves who they are; one personal number per account per cycle."""
    require_verifiable(cycle=cycle, user=user)
    number = clean_identity(cycle, personal_number, birth_date)
    if user.birth_date and user.birth_date != birth_date:
        raise Invalid(
            _("Check the highlighted fields."),
            fields={"birth_date": [_("This is not the birth date on your account.")]},
        )
    entry = on_roll(cycle, number, birth_date)  # where the roll decides, it decides first
    community = entry.community if entry else community_in(cycle, user.community)
    key, birth_hash = voter_key_for(number), birth_hash_for(number, birth_date)
    try:
        with transaction.atomic():
            existing = VoterKey.objects.select_for_update().filter(cycle=cycle, key=key).first()
            if existing is not None and existing.user_id == user.pk:
                return existing
            if existing is not None and existing.user_id is not None:
                raise Conflict(CONTACT_MUNICIPALITY)
            if existing is not None and existing.birth_hash != birth_hash:
                # a paper voter's number, claimed with another birth date: someone who knows
                # the number is not the person (personal numbers are not secret)
                raise Conflict(PAPER_VOTER)
            if VoterKey.objects.filter(cycle=cycle, user=user).exists():
                raise Conflict(
                    _(
                        "Your account is already verified for this cycle with another personal "
                        "number. Please contact the municipality."
                    )
                )
            if existing is not None:  # this person voted on paper before having an account
                claimed = VoterKey.objects.filter(pk=existing.pk, user__isnull=True).update(
                    user=user, community=existing.community or community
                )
                if not claimed:
                    raise Conflict(CONTACT_MUNICIPALITY)
                existing.refresh_from_db()
                return existing
            return VoterKey.objects.create(
                cycle=cycle, key=key, birth_hash=birth_hash, user=user, community=community
            )
    except IntegrityError:  # another request verified the same number or account meanwhile
        raise Conflict(CONTACT_MUNICIPALITY) from None


def voter_key_of(*, cycle, user):
    """The voter key of `user`'s account in `cycle`, or None."""
    if not (user and user.is_authenticated):
        return None
    return VoterKey.objects.filter(cycle=cycle, user=user).select_related("community").first()


def voter_key_to_cast(*, cycle, user):
    """voter_key_of() for casting, which reads only the key's own columns: one row read without
    the ORM's query building, a fifth of its CPU on the hottest write (issue 18)."""
    return sql.one(VoterKey, "cycle_id = %s AND user_id = %s", [cycle.pk, user.pk])


def caster(*, cycle_id: int, user_id: int):
    """(user, cycle, voter key or None) of a ballot in one round trip, or None when the
    account or the cycle does not exist: what a cast reads before the body (issue 18: three
    reads were three round trips). The account's checks are the caller's."""
    user_model = get_user_model()
    table = connection.ops.quote_name
    return sql.joined(
        ((user_model, "u"), (Cycle, "c"), (VoterKey, "v")),
        f"FROM {table(user_model._meta.db_table)} u "
        f"JOIN {table(Cycle._meta.db_table)} c ON c.id = %s "
        f"LEFT JOIN {table(VoterKey._meta.db_table)} v ON v.cycle_id = c.id AND v.user_id = u.id "
        "WHERE u.id = %s",
        [cycle_id, user_id],
    )


# Who voted, asked by account. Other apps (reminders) ask these and never join ballots to users
# themselves: how a ballot is tied to a person is voting's business, and may change.


def has_voted(*, cycle, user) -> bool:
    """Whether the person of `user`'s account has a ballot in `cycle`, online or on paper."""
    if not (user and user.is_authenticated):
        return False
    return VoterKey.objects.filter(cycle=cycle, user=user, voted=True).exists()


def accounts_that_voted(cycle):
    """The ids of the accounts whose person has a ballot in `cycle` (a subquery: exclude them)."""
    return VoterKey.objects.filter(cycle=cycle, user__isnull=False, voted=True).values("user")


def accounts_verified(cycle):
    """The ids of the accounts verified as voters in `cycle`, voted or not (a subquery)."""
    return VoterKey.objects.filter(cycle=cycle, user__isnull=False).values("user")


def require_voter(*, cycle, user) -> VoterKey:
    """Who may cast online now: a verified voter, in `voting`; 401, 403 or 409 otherwise, before
    anything they sent is read."""
    check(user, cycle, "cast_ballot")
    voter = voter_key_to_cast(cycle=cycle, user=user)
    if voter is None:
        raise Forbidden(_("Verify yourself as a voter first (personal number and birth date)."))
    return voter


def envelopes_for(cycle, voter_or_community):
    """The envelopes a voter votes in: the municipality-wide one and their community's."""
    community_id = getattr(voter_or_community, "community_id", None)
    envelopes = Envelope.objects.filter(cycle=cycle).select_related("community")
    return [e for e in envelopes if e.community_id is None or e.community_id == community_id]
