import ast
import os
import re
import subprocess
import sys
from pathlib import Path

from django.core.management import call_command

from accounts.models import User
from cycles.models import Community, Cycle, Municipality

ROOT = Path(__file__).resolve().parents[1]


def test_check_deploy_passes_with_production_settings(tmp_path):
    # the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process; production never has it
    base = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    # what collectstatic leaves (core.E001 without it: tests/ops/test_static_check.py)
    (tmp_path / "staticfiles.json").write_text('{"paths": {}, "version": "1.1"}')
    env = {
        **base,
        "STATIC_ROOT": str(tmp_path),
        "DEBUG": "0",
        "SECRET_KEY": "x" * 64 + "-production-secret-key",
        "VOTER_KEY_SECRET": "v" * 40,
        "ALLOWED_HOSTS": "civicbudget.ge",
    }
    out = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stdout + out.stderr


def test_seed_demo_twice_changes_nothing(db):
    call_command("seed_demo", stdout=open(os.devnull, "w"))
    counts = [M.objects.count() for M in (Municipality, Community, Cycle, User)]
    call_command("seed_demo", stdout=open(os.devnull, "w"))
    assert [M.objects.count() for M in (Municipality, Community, Cycle, User)] == counts
    assert Cycle.objects.get(municipality__slug="terjola").phase == "idea_submission"
    assert {"terjola", "baghdati", "khoni", "vani", "lanchkhuti"} <= set(
        Municipality.objects.values_list("slug", flat=True)
    )


# --- the shape of the project (issue 13): checks anyone can run ---------------------------

# The apps in the order of the cycle: an app may import those before it, never one after it.
CYCLE_ORDER = [
    "core",
    "accounts",
    "cycles",
    "ideas",
    "trainings",
    "proposals",
    "jury",
    "voting_points",
    "voting",
    "implementation",
]
# Beside the cycle, with what each may import (decided from DESIGN.md and the code):
# notifications imports no domain app (apps call notify()); the record knows cycles (each entry
# is a cycle's) and who acted; reports and outreach read any app and nobody imports them.
BESIDE = {
    "notifications": {"core", "accounts"},
    "record": {"core", "accounts", "cycles"},
    "reports": set(CYCLE_ORDER) | {"notifications", "record"},
    "outreach": set(CYCLE_ORDER) | {"notifications", "record"},
}
APPS = CYCLE_ORDER + list(BESIDE)
# Imports that go against CYCLE_ORDER on purpose, with their reason.
UPWARD_BY_DESIGN = {
    # a resident lives in a municipality and a community (DESIGN.md: accounts knows cycles)
    ("accounts", "cycles"),
}
MAX_LINES = 450


def _modules(app):
    return [p for p in (ROOT / app).rglob("*.py") if "migrations" not in p.parts]


def _imported_apps(path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return {name.split(".")[0] for name in names} & set(APPS)


def _edges() -> dict[tuple[str, str], list[Path]]:
    """(app, app it imports) -> the modules that import it."""
    edges = {}
    for app in APPS:
        for path in _modules(app):
            for other in _imported_apps(path) - {app}:
                edges.setdefault((app, other), []).append(path.relative_to(ROOT))
    return edges


def test_every_app_has_its_place_in_the_order():
    """A new app (a folder with apps.py) must say where it sits: CYCLE_ORDER or BESIDE."""
    assert {p.parent.name for p in ROOT.glob("*/apps.py")} == set(APPS)


def test_no_app_module_is_over_450_lines():
    long = {
        str(path.relative_to(ROOT)): n
        for app in APPS
        for path in _modules(app)
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}, "split these by meaning (see README, Layout)"


def test_no_app_imports_one_further_along_the_cycle():
    upward = {
        edge: [str(path) for path in where]
        for edge, where in _edges().items()
        if edge[0] in CYCLE_ORDER
        and edge[1] in CYCLE_ORDER
        and CYCLE_ORDER.index(edge[1]) > CYCLE_ORDER.index(edge[0])
        and edge not in UPWARD_BY_DESIGN
    }
    assert upward == {}


def test_the_apps_beside_the_cycle_import_only_what_they_may_and_nobody_imports_them_up():
    wrong = {
        edge: [str(path) for path in where]
        for edge, where in _edges().items()
        if (edge[0] in BESIDE and edge[1] not in BESIDE[edge[0]])
        or (edge[1] in ("reports", "outreach") and edge[0] != edge[1])
        or (edge[0] in CYCLE_ORDER and edge[1] in BESIDE and edge[1] not in BESIDE_FOR_ALL)
    }
    assert wrong == {}


# what any app of the cycle may call beside it: notify() and record.log()
BESIDE_FOR_ALL = {"notifications", "record"}


# Every app writes to the record, so the record's own write side (models, services) imports no
# app of the cycle; its pages and API, which show a cycle's record, read cycles like any page.
RECORD_READ_SIDE = {"api.py", "views.py", "urls.py", "api_urls.py", "serializers.py"}


def test_the_imports_between_apps_have_no_circle():
    graph = {}
    for (app, other), where in _edges().items():
        if app == "record" and all(path.name in RECORD_READ_SIDE for path in where):
            continue
        graph.setdefault(app, set()).add(other)

    def reach(start):
        seen, todo = set(), [start]
        while todo:
            for nxt in graph.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return seen

    assert [app for app in APPS if app in reach(app)] == []


def test_the_readme_lists_every_app_in_the_order_of_the_cycle_with_where_a_feature_goes():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    layout = readme.split("## Layout", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `([a-z_]+)/` \|", layout, flags=re.M)
    listed = [row for row in rows if row in APPS]
    assert listed == APPS  # each once, in this order, one line each
    where = layout.split("### Where a new feature goes", 1)[1]
    assert len(re.findall(r"^- ", where, flags=re.M)) >= 4


DEAD = {
    r"\bclass Full\b": "the unused Full",
    r"\bTokenPairSerializer\b": "the unused token serializer",
    r"\bdef is_chair\b": "the unused is_chair helper (Juror.is_chair, the field, stays)",
    r"\bdevice_unregister\b": "the unused device_unregister",
    r"\bfreezegun\b": "freezegun (time moves with explicit datetimes in the tests)",
}


def test_the_dead_code_named_in_issue_13_stays_gone():
    sources = [p for app in [*APPS, "civic_budget", "tests"] for p in (ROOT / app).rglob("*.py")]
    sources.append(ROOT / "pyproject.toml")
    here = Path(__file__).resolve()
    found = {
        f"{path.relative_to(ROOT)}: {what}"
        for path in sources
        if path.resolve() != here
        for pattern, what in DEAD.items()
        if re.search(pattern, path.read_text(encoding="utf-8"))
    }
    assert found == set()


def test_no_build_output_is_tracked():
    tracked = subprocess.run(
        ["git", "ls-files", "*.egg-info*"], cwd=ROOT, capture_output=True, text=True
    ).stdout
    assert tracked == ""
