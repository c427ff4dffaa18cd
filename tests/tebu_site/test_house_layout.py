"""The house keeps its rooms: apps depend one way, no source file grows past 600 lines, and no
file or folder is named after another app (docs: architecture.md, "The house").

Imports are read with ``ast`` (also those inside functions), so a late import that reaches back up
is caught as well; string references (``include("harvest.urls")``, INSTALLED_APPS) are not imports.
"""

from __future__ import annotations

import ast
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# The floors, bottom up. An app may import only apps on a lower floor; a lower app tells a higher
# one about an event by a signal it defines, never by importing it.
FLOORS = {
    "tebu_site": 0,
    "notices": 1,
    "partners": 1,
    "harvest": 2,
    "credit": 3,
    "surveys": 3,
    "samples": 3,
    # The farmer's SMS commands read harvest and credit: above both, like the dashboards.
    "sms": 4,
    "analytics": 4,
    "compliance": 4,
    "complaints": 5,
}
MAX_LINES = 600


def tracked_python_files() -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard", "*.py"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return [ROOT / name for name in listed if (ROOT / name).exists()]


def imported_apps(path: Path) -> set[str]:
    apps = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules = [node.module]
        else:
            continue
        apps.update(module.split(".")[0] for module in modules)
    return apps & FLOORS.keys()


def upward_imports() -> list[str]:
    edges = []
    for path in tracked_python_files():
        relative = path.relative_to(ROOT)
        app = relative.parts[0]
        if app not in FLOORS or "migrations" in relative.parts:
            continue
        for other in sorted(imported_apps(path) - {app}):
            if FLOORS[other] >= FLOORS[app]:
                edges.append(f"{relative} imports {other}")
    return edges


def test_apps_import_only_apps_below_them():
    assert upward_imports() == []


@pytest.mark.parametrize("app", ["tebu_site", "partners"])
def test_the_lower_floors_import_no_app_above(app):
    above = {name for name, floor in FLOORS.items() if floor > FLOORS[app]}
    offenders = [
        f"{path.relative_to(ROOT)} imports {sorted(imported_apps(path) & above)}"
        for path in tracked_python_files()
        if path.relative_to(ROOT).parts[0] == app and imported_apps(path) & above
    ]
    assert offenders == []


def test_the_walk_sees_an_upward_import(tmp_path):
    # The test above would pass vacuously if the walk saw nothing: show it catches one.
    late = tmp_path / "late.py"
    late.write_text("def f():\n    from harvest.models import DeliveryOrder\n")
    assert imported_apps(late) == {"harvest"}


def test_no_source_file_is_over_600_lines():
    long_files = [
        f"{path.relative_to(ROOT)}: {lines}"
        for path in tracked_python_files()
        if "migrations" not in path.parts
        and (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    ]
    assert long_files == []


def test_no_file_or_folder_is_named_after_another_app():
    misnamed = []
    for path in tracked_python_files():
        relative = path.relative_to(ROOT)
        # tests/<app>/... mirrors the code: its files belong to that app.
        top = relative.parts[1] if relative.parts[0] == "tests" else relative.parts[0]
        owner = top if top in FLOORS else None
        for part in relative.with_suffix("").parts:
            for app in FLOORS:
                # A command named after its own app (harvest's load_demo_harvest) is its own name.
                if part.endswith(f"_{app}") and app != owner:
                    misnamed.append(str(relative))
    assert misnamed == []
