"""Read and write Pabulib `.pb` files (the format of pabulib.org, the public library of
participatory-budgeting elections), so past elections can be imported and ours exported.

A file has three sections, each a `;`-separated table under a marker line and a header line:
`META` (`key;value`), `PROJECTS` (`project_id;cost;...`) and `VOTES` (`voter_id;vote;...`, with
`points` for cumulative ballots).

Ranked ballots (`vote_type;ordinal`, as Kraków's) list up to `max_length` projects in order; we
read each as points by rank, first `max_length`, next one fewer, ... (3, 2, 1 in Kraków), an
ordered mapping {id: points}, so the rules count them as they count cumulative points. Fields are quoted CSV-style (`"..."`, `""` inside), and we read
them with Python's csv module, as Pabulib's own checker does, so odd quoting in published files
parses the same way there and here.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from voting.rules import Election, Outcome, Project

APPROVAL_TYPES = {"approval", "choose-1"}
POINTS_TYPES = {"cumulative", "scoring"}
ORDINAL_TYPES = {"ordinal"}
SECTIONS = {"meta", "projects", "votes"}


@dataclass
class PabulibFile:
    election: Election
    meta: dict[str, str]
    # Every PROJECTS column but project_id, as written (name, votes, score, selected, ...).
    columns: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def rule(self) -> str:
        return self.meta.get("rule", "")

    @property
    def vote_type(self) -> str:
        return self.meta.get("vote_type", "approval")

    @property
    def selected(self) -> list[str] | None:
        """The projects the city funded, or None when the file does not say."""
        if not any("selected" in row for row in self.columns.values()):
            return None
        return [pid for pid, row in self.columns.items() if row.get("selected", "").strip() == "1"]


def read(path: str | Path) -> PabulibFile:
    # newline="" lets csv see line breaks inside quoted fields as they were written.
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return parse(handle.read())


def parse(text: str) -> PabulibFile:
    meta: dict[str, str] = {}
    columns: dict[str, dict[str, str]] = {}
    vote_rows: list[list[str]] = []
    vote_header: list[str] = []
    section, header = "", []
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    for row in rows:
        if not row:
            continue
        first = row[0].strip()
        if not first and not any(map(str.strip, row)):
            continue
        if first.lower() in SECTIONS and not any(map(str.strip, row[1:])):
            section, header = first.lower(), [cell.strip() for cell in next(rows, [])]
            if section == "votes":
                vote_header = header
        elif section == "votes":
            vote_rows.append(row)
        elif section == "projects":
            columns[first] = dict(zip(header[1:], row[1:], strict=False))
        elif section == "meta":
            meta[first] = row[1].strip() if len(row) > 1 else ""
        else:
            raise ValueError(f"data before any section: {row!r}")
    vote_type = meta.get("vote_type", "approval")
    projects = {
        pid: Project(cost=_number(values.get("cost", "")), name=values.get("name", ""))
        for pid, values in columns.items()
    }
    ballots = _ballots(vote_rows, vote_header, vote_type, projects, meta)
    election = Election(budget=_number(meta.get("budget", "")), projects=projects, ballots=ballots)
    return PabulibFile(election=election, meta=meta, columns=columns)


def _number(text: str) -> Decimal:
    # Some published files write decimal commas; Pabulib's checker accepts them too.
    value = text.strip().replace(",", ".")
    if not value:
        raise ValueError("missing cost or budget")
    return Decimal(value)


def _ballots(rows, header, vote_type, projects, meta) -> list:
    if vote_type not in APPROVAL_TYPES | POINTS_TYPES | ORDINAL_TYPES:
        raise ValueError(f"unsupported vote_type {vote_type!r}")
    vote_at = header.index("vote")
    ballots: list = []
    if vote_type in APPROVAL_TYPES:
        ballots = [_approved(row[vote_at] if len(row) > vote_at else "") for row in rows]
    elif vote_type in ORDINAL_TYPES:
        rankings = [_ids(row[vote_at] if len(row) > vote_at else "") for row in rows]
        longest = max(map(len, rankings), default=0)
        length = int(meta["max_length"]) if meta.get("max_length", "").strip() else longest
        for row, ranking in zip(rows, rankings, strict=True):
            if len(ranking) > length:
                raise ValueError(f"voter {row[0]}: {len(ranking)} ranked, max_length {length}")
            if len(set(ranking)) != len(ranking):
                raise ValueError(f"voter {row[0]}: a project ranked twice")
            ballots.append(ranks_to_points(ranking, length))
    else:
        points_at = header.index("points")
        for row in rows:
            ids = _ids(row[vote_at] if len(row) > vote_at else "")
            points = _ids(row[points_at] if len(row) > points_at else "")
            if len(points) != len(ids):
                raise ValueError(f"voter {row[0]}: {len(ids)} projects but {len(points)} points")
            ballots.append(dict(zip(ids, map(int, points), strict=True)))
    unknown = set().union(*ballots) - projects.keys() if ballots else set()
    if unknown:
        raise ValueError(f"votes for projects not in PROJECTS: {sorted(unknown)[:5]}")
    return ballots


def ranks_to_points(ranking, length: int | None = None) -> dict:
    """A ranking as points by rank: the first `length` (default: as many as ranked), then one
    fewer each; the mapping keeps the ranking's order."""
    length = len(ranking) if length is None else length
    return {pid: length - place for place, pid in enumerate(ranking)}


def _ranking(ballot: Mapping, length: int) -> list:
    """The order of a points-by-rank ballot; refuses points that are not length, length-1, ..."""
    ranking = sorted(ballot, key=lambda pid: -ballot[pid])
    if [ballot[pid] for pid in ranking] != list(range(length, length - len(ranking), -1)):
        raise ValueError(f"points {list(ballot.values())} are not by rank from {length}")
    return ranking


def _approved(field_text: str) -> frozenset[str]:
    approved = frozenset(field_text.split(","))
    # The quick split is right unless the list has blanks or spaces (rare; checked here).
    if "" in approved or " " in field_text:
        approved = frozenset(_ids(field_text))
    return approved


def _ids(field_text: str) -> list[str]:
    if not field_text:
        return []
    items = field_text.split(",")
    if " " in field_text:
        items = [item.strip() for item in items]
    return [item for item in items if item]


def write(
    election: Election,
    *,
    meta: dict[str, str] | None = None,
    outcome: Outcome | None = None,
    columns: dict[str, dict[str, str]] | None = None,
    withhold_votes: bool = False,
) -> str:
    """The election as `.pb` text; voters are numbered 1..n, so nothing identifies them.
    `withhold_votes`: the counts only, an empty VOTES section (too few ballots to publish)."""
    points = any(isinstance(ballot, Mapping) for ballot in election.ballots)
    for pid in election.projects:
        if "," in str(pid) or str(pid) != str(pid).strip() or not str(pid):
            raise ValueError(f"project id {pid!r} cannot be written to a vote list")
    out = io.StringIO()
    # CRLF line ends, as RFC 4180 and many published files have: with them csv also quotes a
    # lone carriage return inside a name, which "\n" endings would leave bare.
    table = csv.writer(out, delimiter=";", lineterminator="\r\n")

    head = dict(meta or {})
    vote_type = head.get("vote_type") or ("cumulative" if points else "approval")
    ordinal = vote_type in ORDINAL_TYPES
    if ordinal:
        longest = max(map(len, election.ballots), default=0)
        head.setdefault("max_length", str(longest))
        length = int(head["max_length"])
        rankings = [_ranking(ballot, length) for ballot in election.ballots]
        points = True  # the score column holds the points by rank
    head.update(
        budget=_text(election.budget),
        vote_type=vote_type,
        num_projects=str(len(election.projects)),
        num_votes=str(len(election.ballots)),
    )
    table.writerow(["META"])
    table.writerow(["key", "value"])
    table.writerows(head.items())

    votes, score = _counts(election)
    extra: list[str] = []
    fixed = {"project_id", "cost", "votes", "score", "name", "selected"}
    for row in (columns or {}).values():
        extra += [key for key in row if key not in fixed and key not in extra]
    chosen = set(outcome.selected) if outcome else None
    header = ["project_id", "cost", "votes", *(["score"] if points else []), "name"]
    with_selected = chosen is not None or any("selected" in r for r in (columns or {}).values())
    header += (["selected"] if with_selected else []) + extra
    table.writerow(["PROJECTS"])
    table.writerow(header)
    for pid, project in election.projects.items():
        given = (columns or {}).get(str(pid), {})
        row = [pid, _text(project.cost), votes[pid], *([score[pid]] if points else [])]
        row.append(project.name)
        if with_selected:
            row.append(int(pid in chosen) if chosen is not None else given.get("selected", ""))
        table.writerow(row + [given.get(key, "") for key in extra])

    table.writerow(["VOTES"])
    table.writerow(["voter_id", "vote", *(["points"] if points and not ordinal else [])])
    for number, ballot in enumerate([] if withhold_votes else election.ballots, start=1):
        if ordinal:
            table.writerow([number, ",".join(map(str, rankings[number - 1]))])
        elif points:
            table.writerow(
                [number, ",".join(map(str, ballot)), ",".join(map(str, ballot.values()))]
            )
        else:
            table.writerow([number, ",".join(sorted(map(str, ballot)))])
    return out.getvalue()


def _counts(election: Election) -> tuple[dict, dict]:
    votes = dict.fromkeys(election.projects, 0)
    score = dict.fromkeys(election.projects, 0)
    for ballot in election.ballots:
        for pid in ballot:
            votes[pid] += 1
            if isinstance(ballot, Mapping):
                score[pid] += ballot[pid]
    return votes, score


def _text(amount) -> str:
    return format(Decimal(amount), "f")
