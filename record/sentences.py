"""The public record in sentences: one renderer per action turns an entry's data into lines a
resident reads in their own language — never keys, codes, JSON or True/False.

An action without a renderer (a new one) still reads as a sentence: the generic line says that
the details are in the machine-readable record, so nothing raw reaches the page.
"""

from datetime import datetime

from django.apps import apps
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.georgian import capfirst

# object types whose str() is a technical label ("user @ 3 (attended)"): not shown publicly
HIDDEN_LABELS = {"enrollment", "assignment", "ballot", "voterkey", "score", "follow", "juror"}


def money(value) -> str:
    if value in (None, ""):
        return "—"
    return _("%(amount)s GEL") % {"amount": floatformat(value, "-2g")}


def yes_no(value) -> str:
    return _("yes") if value else _("no")


def _model(object_type):
    for model in apps.get_models():
        if model._meta.model_name == object_type:
            return model
    return None


def choice(app_model: str, field: str, value) -> str:
    """The reader's label of a stored choice ("in_progress" -> "მიმდინარე")."""
    model = apps.get_model(app_model)
    labels = dict(model._meta.get_field(field).flatchoices)
    return str(labels.get(value, value))


def value_text(model, field: str, value) -> str:
    """One stored value as a reader sees it: choices by label, money, dates, yes/no."""
    if value is None or value == "" or value == []:
        return "—"
    try:
        f = model._meta.get_field(field) if model else None
    except Exception:  # a field the model no longer has: show the value itself
        f = None
    if f is not None and f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, bool):
        return yes_no(value)
    if f is not None and f.get_internal_type() == "DecimalField":
        return floatformat(value, "-2g")
    if isinstance(value, str) and len(value) >= 19 and value[4] == "-" and "T" in value:
        try:
            moment = timezone.localtime(datetime.fromisoformat(value))
            return date_filter(moment, "j E Y, H:i")
        except ValueError:
            pass
    if isinstance(value, (dict, list)):
        return "—"
    text = str(value)
    return text if len(text) <= 200 else text[:199] + "…"


def field_label(model, field: str) -> str:
    try:
        return capfirst(str(model._meta.get_field(field).verbose_name))
    except Exception:  # a field the model no longer has
        return _("Another setting")


def changes(entry, data=None) -> list[str]:
    """{"field": {"from": old, "to": new}} as "Budget: 300,000 → 350,000"."""
    model = _model(entry.object_type)
    out = []
    for field, change in (entry.data if data is None else data).items():
        if not isinstance(change, dict) or "to" not in change:
            continue
        out.append(
            _("%(field)s: %(old)s → %(new)s")
            % {
                "field": field_label(model, field),
                "old": value_text(model, field, change.get("from")),
                "new": value_text(model, field, change["to"]),
            }
        )
    return out


def _cycle_created(e, d):
    return [
        _("Total budget %(total)s; a project may cost from %(min)s to %(max)s.")
        % {
            "total": money(d.get("total_budget")),
            "min": money(d.get("min_project_cost")),
            "max": money(d.get("max_project_cost")),
        }
    ]


def _phase_changed(e, d):
    return [
        _("The cycle moved from “%(old)s” to “%(new)s”.")
        % {
            "old": choice("cycles.Cycle", "phase", d.get("from")),
            "new": choice("cycles.Cycle", "phase", d.get("to")),
        }
    ]


def _idea_screened(e, d):
    return [
        _("Decision: %(decision)s.")
        % {"decision": choice("ideas.Idea", "status", d.get("decision"))}
    ]


def _idea_merged(e, d):
    return [_("Merged into the idea “%(title)s”.") % {"title": d.get("into_title", "")}]


def _attendance_marked(e, d):
    return [_("Marked as present.") if d.get("attended") else _("Marked as absent.")]


def _juror_added(e, d):
    if d.get("chair"):
        return [_("Jury chair: %(name)s.") % {"name": d.get("juror", "")}]
    return [_("Jury member: %(name)s.") % {"name": d.get("juror", "")}]


def _criterion_added(e, d):
    return [
        _("Weight %(weight)s; up to %(max)s points.")
        % {"weight": floatformat(d.get("weight"), "-2"), "max": d.get("max_score", "—")}
    ]


def _jury_review_opened(e, d):
    n, per = d.get("assignments", 0), d.get("jurors_per_proposal", 0)
    return [
        ngettext("%(n)s scoring sheet handed out.", "%(n)s scoring sheets handed out.", n)
        % {"n": n},
        ngettext(
            "Each proposal is scored by %(n)s juror.",
            "Each proposal is scored by %(n)s jurors.",
            per,
        )
        % {"n": per},
    ]


def _jury_conflict_declared(e, d):
    if d.get("handed_to_assignment"):
        return [_("The proposal was handed to another juror.")]
    return [_("No other juror was free to take the proposal.")]


def _envelope_created(e, d):
    return [
        _("Budget %(budget)s; ballot: %(kind)s.")
        % {
            "budget": money(d.get("budget")),
            "kind": choice("voting.Envelope", "ballot_kind", d.get("ballot_kind")),
        }
    ]


def _ballot_frozen(e, d):
    n = len(d.get("projects") or [])
    lines = [
        ngettext("%(n)s project on the ballot.", "%(n)s projects on the ballot.", n) % {"n": n},
        _("Counting rule: %(rule)s.")
        % {"rule": choice("cycles.Cycle", "tally_rule", d.get("tally_rule"))},
        _("Voters may change their ballot: %(answer)s.")
        % {"answer": yes_no(d.get("ballot_changes_allowed"))},
    ]
    for env in d.get("envelopes") or []:
        lines.append(
            _("%(name)s: %(budget)s, %(kind)s.")
            % {
                "name": env.get("name", ""),
                "budget": money(env.get("budget")),
                "kind": choice("voting.Envelope", "ballot_kind", env.get("kind")),
            }
        )
    return lines


def _proposal_valued(e, d):
    lines = [
        _("Staff valuation: %(status)s; cost estimate %(cost)s.")
        % {
            "status": choice("proposals.Proposal", "status", d.get("status")),
            "cost": money(d.get("cost_estimate")),
        }
    ]
    return lines + changes(e, d.get("changes") or {})


def _shortlist(e, d):
    lines = []
    if "shortlisted" in d:
        n = len(d.get("shortlisted") or [])
        lines.append(
            ngettext("%(n)s proposal on the shortlist.", "%(n)s proposals on the shortlist.", n)
            % {"n": n}
        )
    added, removed = len(d.get("added") or []), len(d.get("removed") or [])
    if added:
        lines.append(
            ngettext(
                "%(n)s proposal added by the organizers.",
                "%(n)s proposals added by the organizers.",
                added,
            )
            % {"n": added}
        )
    if removed:
        lines.append(
            ngettext(
                "%(n)s proposal of the jury's ranking left out.",
                "%(n)s proposals of the jury's ranking left out.",
                removed,
            )
            % {"n": removed}
        )
    if d.get("min_score"):
        lines.append(_("Lowest score admitted: %(score)s.") % {"score": d["min_score"]})
    return lines


def _paper_ballot(e, d):
    point = d.get("voting_point")
    return [_("Voting point: %(point)s.") % {"point": point}] if point else []


def _results_published(e, d):
    lines = [
        _("Counting rule: %(rule)s.")
        % {"rule": choice("cycles.Cycle", "tally_rule", d.get("rule"))}
    ]
    for env in d.get("envelopes") or []:
        ballots, winners = env.get("ballots", 0), len(env.get("winners") or [])
        lines.append(
            ngettext("%(n)s ballot counted", "%(n)s ballots counted", ballots) % {"n": ballots}
            + "; "
            + ngettext("%(n)s winning project", "%(n)s winning projects", winners) % {"n": winners}
            + "; "
            + _("%(spent)s allocated.") % {"spent": money(env.get("spent"))}
        )
        if env.get("ballot_hash"):
            lines.append(
                _("Fingerprint of the counted ballots: %(hash)s") % {"hash": env["ballot_hash"]}
            )
    return lines


def _project_funded(e, d):
    lines = []
    if d.get("budget"):
        lines.append(_("Budget %(budget)s.") % {"budget": money(d["budget"])})
    if d.get("department"):
        lines.append(_("Responsible department: %(department)s.") % {"department": d["department"]})
    return lines


def _project_updated(e, d):
    lines = []
    model = apps.get_model("implementation.FundedProject")
    previous = d.get("previous") if isinstance(d.get("previous"), dict) else {}
    old, new = previous.get("status"), d.get("status")
    if old and new and old != new:
        lines.append(
            _("Status changed from “%(old)s” to “%(new)s”.")
            % {"old": value_text(model, "status", old), "new": value_text(model, "status", new)}
        )
    elif new:
        lines.append(_("Status: %(status)s.") % {"status": value_text(model, "status", new)})
    if d.get("spent") is not None:
        lines.append(
            _("Spent %(spent)s of %(budget)s.")
            % {"spent": money(d.get("spent")), "budget": money(d.get("budget"))}
        )
        if previous.get("spent") not in (None, d.get("spent")):
            lines.append(_("Spent before: %(spent)s.") % {"spent": money(previous["spent"])})
    photos = d.get("photos") or 0
    if photos:
        lines.append(ngettext("%(n)s photo.", "%(n)s photos.", photos) % {"n": photos})
    return lines


def _broadcast_sent(e, d):
    n = d.get("recipients", 0)
    lines = [ngettext("Sent to %(n)s resident.", "Sent to %(n)s residents.", n) % {"n": n}]
    if d.get("community"):
        lines.append(_("Community: %(name)s.") % {"name": d["community"]})
    from django.utils.translation import get_language

    text = d.get("text_en") if (get_language() or "ka")[:2] == "en" else None
    text = text or d.get("text_ka")
    if text:
        lines.append(_("Message: “%(text)s”") % {"text": text[:300]})
    return lines


def _in_reader_language(key):
    """A sentence the service wrote in both languages (`<key>_ka`, `<key>_en`), the reader's."""

    def render(e, d):
        from django.utils.translation import get_language

        lang = "en" if (get_language() or "ka")[:2] == "en" else "ka"
        return [d.get(f"{key}_{lang}") or d.get(f"{key}_ka") or ""]

    return render


def _voter_roll_imported(e, d):
    n, rejected = d.get("imported", 0), d.get("rejected", 0)
    lines = [ngettext("%(n)s person on the roll.", "%(n)s people on the roll.", n) % {"n": n}]
    if rejected:
        lines.append(
            ngettext("%(n)s line refused.", "%(n)s lines refused.", rejected) % {"n": rejected}
        )
    return lines


RENDERERS = {
    "cycle_created": _cycle_created,
    "cycle_changed": lambda e, d: changes(e),
    "phase_changed": _phase_changed,
    "idea_screened": _idea_screened,
    "idea_merged": _idea_merged,
    "paper_idea_entered": lambda e, d: [],
    "paper_idea_claimed": lambda e, d: [],
    "attendance_marked": _attendance_marked,
    "juror_added": _juror_added,
    "criterion_added": _criterion_added,
    "jury_review_opened": _jury_review_opened,
    "jury_scores_reopened": lambda e, d: [],
    "jury_conflict_declared": _jury_conflict_declared,
    "envelope_created": _envelope_created,
    "envelope_changed": lambda e, d: changes(e),
    "envelope_deleted": lambda e, d: [],
    "ballot_frozen": _ballot_frozen,
    "proposal_valued": _proposal_valued,
    "shortlist_published": _shortlist,
    "shortlist_override": _shortlist,
    "paper_ballot_entered": _paper_ballot,
    "paper_ballot_corrected": _paper_ballot,
    "results_published": _results_published,
    "project_funded": _project_funded,
    "project_plan_changed": lambda e, d: changes(e),
    "project_updated": _project_updated,
    "broadcast_sent": _broadcast_sent,
    "voting_point_created": lambda e, d: [],
    "voting_point_changed": lambda e, d: changes(e),
    "voting_point_opened": lambda e, d: [],
    "voting_point_closed": _in_reader_language("protocol"),
    "voter_roll_imported": _voter_roll_imported,
    "problem_report_published": lambda e, d: [],
    "problem_report_rejected": lambda e, d: [],
    "problem_report_answered": lambda e, d: [
        _("Answer: “%(text)s”") % {"text": str(d.get("answer", ""))[:300]}
    ],
}


def sentences(entry) -> list[str]:
    """What an entry's data says, in sentences of the reader's language."""
    data = entry.data if isinstance(entry.data, dict) else {}
    render = RENDERERS.get(entry.action)
    if render is None:
        return [_("The details are in the machine-readable record.")] if data else []
    try:
        return [line for line in render(entry, data) if line]
    except (AttributeError, KeyError, TypeError, ValueError, LookupError):
        # data written by an older version of a service: never show it raw
        return [_("The details are in the machine-readable record.")]


def object_label(entry) -> str:
    """What the decision was about, when its name means something to a reader."""
    return "" if entry.object_type in HIDDEN_LABELS else entry.object_label
