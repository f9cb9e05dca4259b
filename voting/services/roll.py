"""The voter roll: the list of eligible people a municipality gets from the civil registry.

An organizer imports it as a CSV (`personal_number,birth_date,community`); each good row is
stored only as the keyed hashes of the number and the birth date, with the community; a bad row
is reported by line and not imported. A new import replaces the whole roll. Where the cycle
requires it, online verification and paper ballots accept only a number and birth date pair on
the roll, and the roll, not the profile, gives the person's community.
"""

import codecs
import csv
import datetime
import io

from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import Forbidden, Invalid
from cycles.models import Community
from cycles.permissions import check
from record import services as record

from ..models import VoterRollEntry, birth_hash_for, voter_key_for

HEADER = ["personal_number", "birth_date", "community"]
MAX_BYTES = 20 * 1024 * 1024  # the registry's list of a large municipality is a few MB
BATCH = 5000

NOT_ON_ROLL = gettext_lazy(
    "This personal number and birth date are not on the voter roll of this cycle. If you live "
    "here and may vote, please contact the municipality."
)


def _communities(cycle) -> dict:
    """What a roll's `community` cell may say: a community's id, slug or name (either language)."""
    names = {}
    for c in Community.objects.filter(municipality_id=cycle.municipality_id):
        for word in (str(c.pk), c.slug, c.name_ka, c.name_en):
            if word:
                names[word.strip().casefold()] = c
    return names


def _row(cells, communities, seen):
    """(key, birth hash, community) of one row, or a ValueError saying what is wrong."""
    if len(cells) != len(HEADER):
        raise ValueError(_("Expected 3 cells: personal_number, birth_date, community."))
    number, birth, community = (c.strip() for c in cells)
    if not (len(number) == 11 and number.isascii() and number.isdigit()):
        raise ValueError(_("A personal number has exactly 11 digits."))
    try:
        if not birth.isascii():
            raise ValueError
        birth_date = datetime.date.fromisoformat(birth)
    except ValueError:
        raise ValueError(_("The birth date is not a date (YYYY-MM-DD).")) from None
    if birth_date > datetime.date.today() or birth_date.year < 1900:
        raise ValueError(_("The birth date is not a date (YYYY-MM-DD)."))
    found = None
    if community:
        found = communities.get(community.casefold())
        if found is None:
            raise ValueError(_("Unknown community: %(name)s") % {"name": community[:100]})
    key = voter_key_for(number)
    if key in seen:
        raise ValueError(_("This personal number is already on an earlier line."))
    seen.add(key)
    return key, birth_hash_for(number, birth_date), found


def _lines(upload):
    """The file as text lines; Invalid if it is not a UTF-8 CSV of a sane size."""
    if upload is None or not hasattr(upload, "read"):
        raise Invalid(fields={"file": [_("Choose the CSV file of the voter roll.")]})
    if getattr(upload, "size", 0) > MAX_BYTES:
        raise Invalid(fields={"file": [_("The file is larger than 20 MB.")]})
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise Invalid(fields={"file": [_("The file is larger than 20 MB.")]})
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise Invalid(fields={"file": [_("The file is not UTF-8 text.")]}) from None
    if "\x00" in text:
        raise Invalid(fields={"file": [_("The file is not UTF-8 text.")]})
    return io.StringIO(text, newline="")


def voter_roll_import(*, cycle, by, upload) -> dict:
    """An organizer imports the civil registry's list; bad rows are reported, not imported, and
    the new roll replaces the old one whole."""
    check(by, cycle, "manage_voter_roll")
    reader = csv.reader(_lines(upload))
    header = [h.strip().lower() for h in next(reader, [])]
    if header != HEADER:
        raise Invalid(
            fields={"file": [_("The first line must be: personal_number,birth_date,community")]}
        )
    communities, seen = _communities(cycle), set()
    entries, rejected = [], []
    try:
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue
            try:
                key, birth_hash, community = _row(cells, communities, seen)
            except ValueError as exc:
                rejected.append({"line": reader.line_num, "error": str(exc)})
                continue
            entries.append(
                VoterRollEntry(cycle=cycle, key=key, birth_hash=birth_hash, community=community)
            )
    except csv.Error:
        raise Invalid(
            fields={
                "file": [_("The file is not a CSV file (line %(n)d).") % {"n": reader.line_num}]
            }
        ) from None
    with transaction.atomic():
        VoterRollEntry.objects.filter(cycle=cycle).delete()
        VoterRollEntry.objects.bulk_create(entries, batch_size=BATCH)
        record.log(
            cycle=cycle,
            actor=by,
            action="voter_roll_imported",
            data={"imported": len(entries), "rejected": len(rejected)},
        )
    return {"imported": len(entries), "rejected": rejected, "count": len(entries)}


def voter_roll_summary(cycle) -> dict:
    """How many people are on the roll, and in which communities (never who)."""
    counts = dict(
        VoterRollEntry.objects.filter(cycle=cycle)
        .values("community")
        .annotate(n=Count("id"))
        .values_list("community", "n")
    )
    names = {c.pk: str(c.name) for c in Community.objects.filter(pk__in=[k for k in counts if k])}
    by_community = sorted(
        (
            {"community": pk, "name": names.get(pk, str(_("Not given"))), "count": n}
            for pk, n in counts.items()
        ),
        key=lambda row: row["name"],
    )
    return {"count": sum(counts.values()), "by_community": by_community}


def on_roll(cycle, number, birth_date):
    """The roll entry of this number and birth date, if the cycle requires a roll: Forbidden
    (contact the municipality) when the pair is not on it. None when no roll is required."""
    if not cycle.voter_roll_required:
        return None
    entry = (
        VoterRollEntry.objects.filter(cycle=cycle, key=voter_key_for(number))
        .select_related("community")
        .first()
    )
    if entry is None or entry.birth_hash != birth_hash_for(number, birth_date):
        raise Forbidden(NOT_ON_ROLL)
    return entry
