"""The runtime code imports only what requirements.txt installs.

`make run` builds its virtualenv from requirements.txt alone; a runtime module that
imports a package only requirements-dev.txt lists breaks a fresh clone (the FtM export
once did). CI proves the real path with a fresh virtualenv; this catches it in seconds.
"""

import ast
import importlib.metadata
import re
from pathlib import Path

from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
RUNTIME_PACKAGES = ("archive", "people", "ventures", "sources")
# factory_boy factories live beside their models (as in CourtListener) but only tests and
# their fixtures import them.
TEST_SUPPORT = {"factories.py"}


def requirement_names(path: Path) -> set[str]:
    """Distribution names a requirements file lists (following -r), normalised."""
    names = set()
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("-r"):
            names |= requirement_names(path.parent / line[2:].strip())
        elif line:
            names.add(normalise(re.split(r"[\[=<>!~; ]", line, maxsplit=1)[0]))
    return names


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def imported_top_level_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    modules = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.add(node.module.split(".")[0])
    return modules


def runtime_modules() -> list[Path]:
    return [
        path
        for package in RUNTIME_PACKAGES
        for path in sorted((BASE_DIR / package).rglob("*.py"))
        if path.name not in TEST_SUPPORT
    ]


def test_no_runtime_module_imports_a_dev_only_package():
    dev_only = requirement_names(BASE_DIR / "requirements-dev.txt") - requirement_names(
        BASE_DIR / "requirements.txt"
    )
    distributions = importlib.metadata.packages_distributions()
    offenders = []
    for path in runtime_modules():
        for module in imported_top_level_modules(path):
            for distribution in distributions.get(module, []):
                if normalise(distribution) in dev_only:
                    offenders.append(f"{path.relative_to(BASE_DIR)} imports {module}")
    assert offenders == []


def test_the_check_sees_the_dev_only_packages_it_guards_against():
    # The test above is only as good as its mapping from import names to requirements.
    dev_only = requirement_names(BASE_DIR / "requirements-dev.txt") - requirement_names(
        BASE_DIR / "requirements.txt"
    )
    distributions = importlib.metadata.packages_distributions()
    assert {"pytest", "factory-boy", "playwright"} <= dev_only
    assert "factory-boy" in {normalise(d) for d in distributions["factory"]}
    assert "followthemoney" in requirement_names(BASE_DIR / "requirements.txt")
    assert len(runtime_modules()) > 50
