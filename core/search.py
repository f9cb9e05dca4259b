"""Search that finds Georgian by Latin spelling and by word form, on SQLite and PostgreSQL.

Every searchable text is kept beside its model in a normalized column (`search_text`, filled on
save): each word lower-cased, written in Latin by the national transliteration (so "ganateba"
and "განათება" are one word, and Mtavruli capitals read as letters), followed by its stems (the
word without a common case or plural ending: -ის, -ს, -ით, -ად, -ში, -ზე, -თან, -ები, -ებს,
-ების, -ებში, ... and without a stem's final vowel). A query word matches a document word it
begins (typing "ganat" finds it), or one of its stems equals one of the document word's stems
("განათების" finds "განათება", and the other way round). Plain `LIKE` on one column: the same
on both databases.
"""

import re

from django.db import models
from django.db.models import Q
from rest_framework import filters

# Georgian national romanization (2002), without the apostrophes of ejectives: people typing
# Latin rarely write them, and "t'" or "t" should find ტ either way.
GEORGIAN = dict(
    zip(
        "აბგდევზთიკლმნოპჟრსტუფქღყშჩცძწჭხჯჰ",
        "a b g d e v z t i k l m n o p zh r s t u p k gh q sh ch ts dz ts ch kh j h".split(),
        strict=True,
    )
)
# Latin letters as informal Georgian typing writes them (x for ხ)
LATIN = {"x": "kh", "w": "ts"}
MTAVRULI_OFFSET = 0x1C90 - 0x10D0  # Ა (U+1C90) is ა (U+10D0) written as a capital

# case and plural endings, in Latin, longest first (a word may lose one of them)
ENDINGS = sorted(
    """
    ebisatvis ebistvis istvis tvis ebshi ebze ebtan ebit ebad ebma ebis ebs ebi
    isgan idan dan isken ken mde amde shi ze tan it ad ma is s
    """.split(),
    key=len,
    reverse=True,
)
VOWELS = "aeiou"
SYNCOPE = re.compile(r"[^aeiou][aeo][lrnm]$")
MIN_STEM = 2
WORD = re.compile(r"\w+")


def _latin(word: str) -> str:
    out = []
    for ch in word:
        code = ord(ch)
        if 0x1C90 <= code <= 0x1CBF:
            ch = chr(code - MTAVRULI_OFFSET)
        out.append(GEORGIAN.get(ch) or LATIN.get(ch) or ch)
    return "".join(out)


def words(text: str) -> list[str]:
    """The words of `text`, lower-case, in Latin (apostrophes of "t'" dropped)."""
    text = re.sub(r"['’`ʼ]", "", (text or "").lower())
    return [_latin(w) for w in WORD.findall(text)]


def stems(word: str) -> list[str]:
    """The forms `word` may stand for without its ending: each ending it has, then the final
    vowel of what is left (განათება -> ganateb; განათების -> ganateb, ganat)."""
    out = []
    for base in [word] + [word[: -len(e)] for e in ENDINGS if word.endswith(e)]:
        if len(base) < MIN_STEM:
            continue
        if base != word:
            out.append(base)
        if base[-1] in VOWELS and len(base) - 1 >= MIN_STEM:
            out.append(base[:-1])
    # a stem's last vowel drops before an ending (სოფელი, სოფლის): both spellings stand
    out += [s[:-2] + s[-1] for s in out if SYNCOPE.search(s)]
    return list(dict.fromkeys(out))


def normalize(*texts) -> str:
    """The search column's value: " word stem stem word ... " (spaces on both ends)."""
    tokens = []
    for text in texts:
        for word in words(str(text or "")):
            tokens.append(word)
            tokens.extend(stems(word))
    return " " + " ".join(dict.fromkeys(tokens)) + " " if tokens else ""


def matches(query: str, field: str = "search_text") -> Q | None:
    """A filter on `field` for every word of `query` (None when the query has no word)."""
    found = None
    for word in words(query)[:10]:  # a pasted paragraph is not ten thousand LIKEs
        one = Q(**{f"{field}__contains": " " + word})
        for stem in stems(word):
            one |= Q(**{f"{field}__contains": f" {stem} "})
        found = one if found is None else found & one
    return found


class Searchable(models.Model):
    """A model searched by `matches()`: `SEARCH_FIELDS` are normalized into `search_text` on
    every save (a save of some fields refreshes it when one of them changed)."""

    SEARCH_FIELDS: tuple[str, ...] = ()

    search_text = models.TextField(default="", blank=True, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        fields = kwargs.get("update_fields")
        if fields is None or set(fields) & set(self.SEARCH_FIELDS):
            self.search_text = normalize(*(getattr(self, f) for f in self.SEARCH_FIELDS))
            if fields is not None:
                kwargs["update_fields"] = {*fields, "search_text"}
        super().save(*args, **kwargs)


def backfill(app_label, model_name, source):
    """A migration step: fill `search_text` of the rows saved before it existed, from the
    `source` fields (named in the migration: historical models have no SEARCH_FIELDS)."""

    def run(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        batch = []
        for row in model.objects.only("pk", *source).iterator(chunk_size=500):
            row.search_text = normalize(*(getattr(row, f) for f in source))
            batch.append(row)
            if len(batch) >= 500:
                model.objects.bulk_update(batch, ["search_text"])
                batch = []
        if batch:
            model.objects.bulk_update(batch, ["search_text"])

    return run


def trigram_index(table, name):
    """A migration step: on PostgreSQL, a trigram index that serves `LIKE '%...%'` on the
    column (pg_trgm is a trusted extension; without the right to create it, no index)."""

    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        from django.db import transaction

        try:
            with transaction.atomic():
                schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
                schema_editor.execute(
                    f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
                    "USING gin (search_text gin_trgm_ops)"
                )
        except Exception:  # noqa: BLE001 - an index is an optimization, never a failed deploy
            pass

    def undo(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")

    return run, undo


class SearchFilter(filters.SearchFilter):
    """DRF's `search=`, plus the normalized column on views that set `normalized_search`: a
    row matches by its `search_fields` as before, or by `matches()` on `search_text`."""

    def filter_queryset(self, request, queryset, view):
        if not getattr(view, "normalized_search", False):
            return super().filter_queryset(request, queryset, view)
        terms = self.get_search_terms(request)
        found = matches(" ".join(terms))
        if found is None:
            return queryset
        plain = Q()
        for term in terms:
            any_field = Q()
            for field in self.get_search_fields(view, request) or []:
                any_field |= Q(**{f"{field}__icontains": term})
            plain &= any_field
        return queryset.filter(found | plain)
