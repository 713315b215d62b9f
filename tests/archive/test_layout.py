"""The layout DESIGN.md and docs/ARCHITECTURE.md describe, checked on the source itself.

``core`` is the shared floor: it may import Django and libraries, never a domain app nor
the project package, so it can be read, tested and reused without them. Imports are read
from the syntax tree, so one inside a function counts as much as one at the top.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = {"people", "sources", "ventures", "archive"}


def imported_packages(path: Path) -> set[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update((node.lineno, alias.name.split(".")[0]) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add((node.lineno, node.module.split(".")[0]))
    return found


def test_imported_packages_reads_nested_imports(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("import os\n\ndef f():\n    from people.models import Party\n")
    assert imported_packages(module) == {(1, "os"), (4, "people")}


CORE_MODULES = sorted((ROOT / "core").rglob("*.py"))


def test_core_has_its_modules():
    names = {path.stem for path in CORE_MODULES}
    assert {"records", "search", "api", "filters", "versions"} <= names


@pytest.mark.parametrize("path", CORE_MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_core_imports_no_domain_app(path):
    offending = sorted(
        f"line {line}: {package}" for line, package in imported_packages(path) if package in DOMAIN
    )
    assert not offending, f"{path.relative_to(ROOT)} imports {offending}"


ADMIN_MODULES = sorted(
    path
    for app in ("people", "sources", "ventures")
    for path in (ROOT / app).rglob("*.py")
    if path.stem in ("admin", "inlines") or "templatetags" in path.parts
)


def test_domain_admins_have_their_modules():
    assert {path.relative_to(ROOT).as_posix() for path in ADMIN_MODULES} >= {
        "people/admin.py",
        "sources/admin.py",
        "ventures/admin.py",
        "ventures/inlines.py",
    }


@pytest.mark.parametrize("path", ADMIN_MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_domain_admin_imports_nothing_from_the_project(path):
    """The admin's shared parts are in ``core.admin_tools``; ``archive`` is the floor above."""
    offending = sorted(
        f"line {line}" for line, package in imported_packages(path) if package == "archive"
    )
    assert not offending, f"{path.relative_to(ROOT)} imports archive at {offending}"
