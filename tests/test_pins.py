"""The pins agree everywhere: constraints.txt, pyproject.toml, environment.yml, Makefile, venv.

``constraints.txt`` is the single source of truth. ``pyproject.toml`` (dependencies and the
``[test]`` extra) and ``environment.yml`` repeat the exact pins of the direct dependencies; the
Makefile installs with ``-c constraints.txt``; the running interpreter must have exactly those
versions installed (a stale ``.venv`` fails here rather than somewhere obscure).

Every comparison is a small helper returning a list of problems (empty when all is well), and
each helper is also tested on deliberately wrong fake input, so that each check can fail.
"""

from __future__ import annotations

import importlib.metadata
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import pytest
import yaml
from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import SpecifierSet

REPO_ROOT = Path(__file__).resolve().parents[1]
CONSTRAINTS = REPO_ROOT / "constraints.txt"
PYPROJECT = REPO_ROOT / "pyproject.toml"
ENVIRONMENT = REPO_ROOT / "environment.yml"
MAKEFILE = REPO_ROOT / "Makefile"

#: Direct dependencies the project cannot do without.
REQUIRED = {"jupyterlab", "pandas", "scikit-learn", "matplotlib", "nbval"}
#: conda-forge package name -> PyPI name, where they differ (after PEP 503 normalisation).
CONDA_TO_PYPI = {"matplotlib-base": "matplotlib", "nbconvert-core": "nbconvert"}
#: conda entries that are not Python distributions pinned in constraints.txt.
CONDA_ONLY = {"python", "pip"}

_NAME = r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?"
_CONSTRAINT_LINE = re.compile(rf"(?P<name>{_NAME})\s*==\s*(?P<version>[A-Za-z0-9][A-Za-z0-9.+!_-]*)")
_CONDA_SPEC = re.compile(rf"(?P<name>{_NAME})\s*(?P<op>==|=)\s*(?P<version>[A-Za-z0-9][A-Za-z0-9.+!_-]*)")
_CONDA_PYTHON_311 = re.compile(r"3\.11(?:\.\d+|\.\*)?")
_PIP_INSTALL = re.compile(r"\bpip3?\s+install\b")
_WITH_CONSTRAINTS = re.compile(r"(?:\s-c\s*|\s--constraint[=\s]\s*)constraints\.txt(?=\s|$)")


class PinError(ValueError):
    """A pin that cannot be read, or is not an exact ``==`` pin."""


# ------------------------------------------------------------------------------ helpers ----


def normalise(name: str) -> str:
    """PEP 503 name: lowercase, runs of ``-``, ``_``, ``.`` become one ``-``.

    >>> normalise("Scikit_Learn"), normalise("PyYAML"), normalise("jupyter.core")
    ('scikit-learn', 'pyyaml', 'jupyter-core')
    """
    return re.sub(r"[-_.]+", "-", name).lower()


def parse_constraints(text: str) -> dict[str, str]:
    """``name==version`` lines -> ``{normalised name: version}``; anything else is a PinError."""
    pins: dict[str, str] = {}
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        match = _CONSTRAINT_LINE.fullmatch(line)
        if match is None:
            raise PinError(f"constraints.txt line {lineno}: {raw!r} is not name==version")
        name = normalise(match["name"])
        if name in pins:
            raise PinError(f"constraints.txt line {lineno}: {name} is pinned twice")
        pins[name] = match["version"]
    return pins


def parse_requirement_pins(entries: Iterable[str], source: str) -> dict[str, str]:
    """PEP 508 strings that must each be an exact ``name==version`` -> ``{name: version}``."""
    pins: dict[str, str] = {}
    for entry in entries:
        try:
            req = Requirement(entry)
        except InvalidRequirement as exc:
            raise PinError(f"{source}: {entry!r} is not a valid requirement ({exc})") from None
        specs = list(req.specifier)
        if len(specs) != 1 or specs[0].operator != "==" or "*" in specs[0].version:
            raise PinError(f"{source}: {entry!r} is not an exact == pin")
        name = normalise(req.name)
        if name in pins:
            raise PinError(f"{source}: {name} is listed twice")
        pins[name] = specs[0].version
    return pins


def pyproject_groups(data: Mapping) -> dict[str, list[str]]:
    """``{"dependencies": [...], "[extra]": [...], ...}`` from a parsed pyproject.toml."""
    project = data["project"]
    groups = {"dependencies": list(project.get("dependencies", []))}
    for extra, entries in project.get("optional-dependencies", {}).items():
        groups[f"[{extra}]"] = list(entries)
    return groups


def pyproject_direct_pins(data: Mapping) -> dict[str, str]:
    """The direct dependencies: ``dependencies`` plus the ``[test]`` extra, all exact pins."""
    groups = pyproject_groups(data)
    pins = parse_requirement_pins(groups["dependencies"], "pyproject.toml dependencies")
    test = parse_requirement_pins(groups.get("[test]", []), "pyproject.toml [test]")
    both = sorted(set(pins) & set(test))
    if both:
        raise PinError(f"pyproject.toml: {', '.join(both)} in both dependencies and [test]")
    return pins | test


def conda_env_pins(env: Mapping) -> tuple[dict[str, str], str | None, list[str]]:
    """Parse a conda environment: ``(pins by PyPI name, python version, pip entries)``.

    Specs are ``name=version`` or ``name==version``; ``python`` and ``pip`` are returned
    apart (pip may be unpinned), and conda names are mapped to PyPI names.
    """
    pins: dict[str, str] = {}
    python: str | None = None
    pip_entries: list[str] = []
    for entry in env.get("dependencies") or []:
        if isinstance(entry, dict):
            if set(entry) != {"pip"}:
                raise PinError(f"environment.yml: unexpected mapping {entry!r}")
            pip_entries.extend(str(e) for e in entry["pip"] or [])
            continue
        spec = str(entry).strip()
        if normalise(spec) == "pip":
            continue
        match = _CONDA_SPEC.fullmatch(spec)
        if match is None:
            raise PinError(f"environment.yml: {spec!r} is not name=version or name==version")
        conda_name = normalise(match["name"])
        if conda_name == "python":
            python = match["version"]
            continue
        if conda_name in CONDA_ONLY:
            continue
        name = CONDA_TO_PYPI.get(conda_name, conda_name)
        if name in pins:
            raise PinError(f"environment.yml: {name} is listed twice")
        pins[name] = match["version"]
    return pins, python, pip_entries


def pin_problems(pins: Mapping[str, str], constraints: Mapping[str, str], source: str) -> list[str]:
    """Every pin in ``pins`` that is missing from, or differs from, constraints.txt."""
    problems = []
    for name, version in sorted(pins.items()):
        if name not in constraints:
            problems.append(f"{source}: {name}=={version} is not in constraints.txt")
        elif constraints[name] != version:
            problems.append(
                f"{source}: {name}=={version} but constraints.txt has {name}=={constraints[name]}"
            )
    return problems


def same_set_problems(left: Iterable[str], right: Iterable[str], left_name: str, right_name: str) -> list[str]:
    """Names that one source has and the other lacks."""
    left, right = set(left), set(right)
    problems = [f"{name} is in {left_name} but not in {right_name}" for name in sorted(left - right)]
    problems += [f"{name} is in {right_name} but not in {left_name}" for name in sorted(right - left)]
    return problems


def makefile_install_problems(text: str) -> list[str]:
    """The Makefile must run ``pip install`` and always with ``-c constraints.txt``."""
    logical = text.replace("\\\n", " ").splitlines()
    installs = [line.strip() for line in logical if _PIP_INSTALL.search(line)]
    if not installs:
        return ["Makefile never runs pip install"]
    return [f"Makefile installs without -c constraints.txt: {line}" for line in installs
            if not _WITH_CONSTRAINTS.search(line)]


def installed_problems(
    pins: Mapping[str, str], version_of: Callable[[str], str] = importlib.metadata.version
) -> list[str]:
    """Every pinned distribution not installed, or installed at another version."""
    problems = []
    for name, version in sorted(pins.items()):
        try:
            installed = version_of(name)
        except importlib.metadata.PackageNotFoundError:
            problems.append(f"{name}=={version} is not installed")
            continue
        if installed != version:
            problems.append(f"{name}=={version} is pinned but {installed} is installed")
    return problems


def conda_python_is_311(version: str | None) -> bool:
    """A conda python spec's version selects 3.11 (``3.11``, ``3.11.*`` or ``3.11.N``)."""
    return version is not None and _CONDA_PYTHON_311.fullmatch(version) is not None


def requires_python_is_311(spec: str) -> bool:
    """``requires-python`` admits 3.11 and nothing older or newer."""
    allowed = SpecifierSet(spec)
    inside = ["3.11.0", "3.11.9", "3.11.99"]
    outside = ["3.10.14", "3.12.0", "3.13.1", "4.0.0"]
    return all(allowed.contains(v) for v in inside) and not any(allowed.contains(v) for v in outside)


# ------------------------------------------------------------------------ the real files ----


@pytest.fixture(scope="module")
def constraints() -> dict[str, str]:
    """constraints.txt, parsed."""
    return parse_constraints(CONSTRAINTS.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def pyproject() -> dict:
    """pyproject.toml, parsed."""
    with PYPROJECT.open("rb") as fh:
        return tomllib.load(fh)


@pytest.fixture(scope="module")
def environment() -> dict:
    """environment.yml, parsed."""
    return yaml.safe_load(ENVIRONMENT.read_text(encoding="utf-8"))


def test_constraints_pins_every_required_dependency(constraints):
    """constraints.txt parses as name==version lines and pins the essential dependencies."""
    assert REQUIRED <= set(constraints), f"missing from constraints.txt: {REQUIRED - set(constraints)}"


@pytest.mark.parametrize("group", ["dependencies", "[test]"])
def test_pyproject_group_exists(pyproject, group):
    """pyproject.toml has the runtime dependencies and the [test] extra, non-empty."""
    assert pyproject_groups(pyproject).get(group), f"pyproject.toml has no {group}"


def test_pyproject_every_entry_is_an_exact_pin(pyproject):
    """Every entry of dependencies and of every extra is an exact == pin."""
    for group, entries in pyproject_groups(pyproject).items():
        parse_requirement_pins(entries, f"pyproject.toml {group}")  # raises PinError if not


def test_pyproject_pins_match_constraints(pyproject, constraints):
    """Every pin in pyproject.toml (dependencies and every extra) equals constraints.txt."""
    problems = []
    for group, entries in pyproject_groups(pyproject).items():
        pins = parse_requirement_pins(entries, f"pyproject.toml {group}")
        problems += pin_problems(pins, constraints, f"pyproject.toml {group}")
    assert problems == []


def test_environment_pins_match_constraints(environment, constraints):
    """Every package in environment.yml except python and pip equals constraints.txt."""
    pins, _, _ = conda_env_pins(environment)
    assert pins, "environment.yml pins nothing"
    assert pin_problems(pins, constraints, "environment.yml") == []


def test_environment_and_pyproject_have_the_same_direct_dependencies(environment, pyproject):
    """environment.yml lists exactly pyproject's dependencies plus its [test] extra."""
    env_pins, _, _ = conda_env_pins(environment)
    problems = same_set_problems(
        pyproject_direct_pins(pyproject), env_pins, "pyproject.toml", "environment.yml"
    )
    assert problems == []


def test_required_dependencies_are_declared(environment, pyproject):
    """jupyterlab, pandas, scikit-learn, matplotlib and nbval are direct dependencies in both."""
    env_pins, _, _ = conda_env_pins(environment)
    assert REQUIRED - set(pyproject_direct_pins(pyproject)) == set()
    assert REQUIRED - set(env_pins) == set()


def test_python_is_311_everywhere(environment, pyproject):
    """environment.yml asks for python 3.11 and requires-python admits 3.11 only."""
    _, python, _ = conda_env_pins(environment)
    assert conda_python_is_311(python), f"environment.yml python is {python!r}"
    spec = pyproject["project"]["requires-python"]
    assert requires_python_is_311(spec), f"requires-python is {spec!r}"


def test_environment_is_conda_forge_only_and_installs_the_project(environment):
    """Named standpoint, conda-forge only, and pip installs only the project itself."""
    assert environment["name"] == "standpoint"
    assert [c for c in environment["channels"] if c != "nodefaults"] == ["conda-forge"]
    _, _, pip_entries = conda_env_pins(environment)
    assert pip_entries == ["-e ."]
    assert any(normalise(str(e)) == "pip" for e in environment["dependencies"]), "pip not listed"


def test_makefile_installs_with_constraints():
    """Every pip install in the Makefile uses -c constraints.txt."""
    assert makefile_install_problems(MAKEFILE.read_text(encoding="utf-8")) == []


def test_installed_versions_match_constraints(pyproject, constraints):
    """The running interpreter has exactly the pinned version of every direct dependency."""
    direct = {name: constraints.get(name, "?") for name in pyproject_direct_pins(pyproject)}
    problems = installed_problems(direct)
    assert problems == [], "stale environment? run `make install` (or recreate .venv):\n" + "\n".join(problems)


# ------------------------------------------------------- the helpers catch what is wrong ----


def test_parse_constraints_normalises_and_skips_comments():
    """Names are PEP 503-normalised; comments and blank lines are ignored."""
    text = "# header\n\nPyYAML==6.0.3\nscikit_learn == 1.9.1  # inline\nJupyter.Core==5.9.1\n"
    assert parse_constraints(text) == {"pyyaml": "6.0.3", "scikit-learn": "1.9.1", "jupyter-core": "5.9.1"}


@pytest.mark.parametrize(
    "text", ["numpy>=2.4\n", "numpy\n", "numpy==2.*\n", "numpy==2.4.6,<3\n", "numpy==2.4.6\nNumPy==2.4.6\n"]
)
def test_parse_constraints_rejects_loose_or_duplicate_lines(text):
    """A line that is not an exact name==version, or a name pinned twice, is an error."""
    with pytest.raises(PinError):
        parse_constraints(text)


@pytest.mark.parametrize(
    "entry", ["pandas", "pandas>=3.1", "pandas~=3.1", "pandas==3.*", "pandas==3.1.1,<4", "pandas<4,>3", "pan das"]
)
def test_parse_requirement_pins_rejects_non_exact_pins(entry):
    """pyproject entries must be exact == pins."""
    with pytest.raises(PinError):
        parse_requirement_pins([entry], "fake")


def test_parse_requirement_pins_accepts_exact_pins():
    """Exact pins parse, with normalised names and markers allowed."""
    pins = parse_requirement_pins(["PyYAML==6.0.3", 'tomli==2.0.1; python_version < "3.11"'], "fake")
    assert pins == {"pyyaml": "6.0.3", "tomli": "2.0.1"}


def test_pin_problems_reports_mismatch_and_absence():
    """A different version and a name missing from constraints.txt are both reported."""
    problems = pin_problems({"pandas": "3.0.0", "numpy": "2.4.6", "torch": "2.0"},
                            {"pandas": "3.1.1", "numpy": "2.4.6"}, "fake")
    assert problems == [
        "fake: pandas==3.0.0 but constraints.txt has pandas==3.1.1",
        "fake: torch==2.0 is not in constraints.txt",
    ]
    assert pin_problems({"numpy": "2.4.6"}, {"numpy": "2.4.6"}, "fake") == []


def test_pyproject_direct_pins_joins_dependencies_and_test_extra():
    """dependencies + [test]; other extras are not direct dependencies of the environment."""
    data = {"project": {"dependencies": ["pandas==3.1.1"],
                        "optional-dependencies": {"test": ["pytest==9.2.0"], "docs": ["sphinx==8.0"]}}}
    assert pyproject_direct_pins(data) == {"pandas": "3.1.1", "pytest": "9.2.0"}
    data["project"]["optional-dependencies"]["test"].append("pandas==3.1.1")
    with pytest.raises(PinError):
        pyproject_direct_pins(data)


def test_conda_env_pins_maps_names_and_separates_python_and_pip():
    """conda names map to PyPI names; python, pip and the pip: section are set apart."""
    env = {"dependencies": ["python=3.11", "pip", "matplotlib-base==3.11.2", "PyYAML=6.0.3",
                            {"pip": ["-e ."]}]}
    assert conda_env_pins(env) == ({"matplotlib": "3.11.2", "pyyaml": "6.0.3"}, "3.11", ["-e ."])


@pytest.mark.parametrize("spec", ["numpy", "numpy>=2", "numpy 2.4.6", "numpy=2.*", "conda-forge::numpy==2.4.6"])
def test_conda_env_pins_rejects_loose_specs(spec):
    """An unpinned or range conda spec is an error."""
    with pytest.raises(PinError):
        conda_env_pins({"dependencies": [spec]})


def test_conda_env_pins_rejects_a_package_listed_twice():
    """matplotlib and matplotlib-base are the same PyPI distribution: listing both is an error."""
    with pytest.raises(PinError):
        conda_env_pins({"dependencies": ["matplotlib==3.11.2", "matplotlib-base==3.11.2"]})


def test_same_set_problems_names_both_directions():
    """A name only on one side is reported, whichever side it is on."""
    assert same_set_problems({"a", "b"}, {"b", "c"}, "L", "R") == ["a is in L but not in R", "c is in R but not in L"]
    assert same_set_problems({"a"}, {"a"}, "L", "R") == []


def test_makefile_install_problems_catches_unconstrained_installs():
    """A pip install without -c constraints.txt, or no pip install at all, is reported."""
    good = "install:\n\t$(PY) -m pip install --quiet -c constraints.txt -e '.[test]'\n"
    split = "install:\n\t$(PY) -m pip install \\\n\t\t-c constraints.txt -e .\n"
    bad = "install:\n\t$(PY) -m pip install -e '.[test]'\n"
    other_file = "install:\n\t$(PY) -m pip install -c constraints-old.txt -e .\n"
    assert makefile_install_problems(good) == []
    assert makefile_install_problems(split) == []
    assert len(makefile_install_problems(bad)) == 1
    assert len(makefile_install_problems(other_file)) == 1
    assert makefile_install_problems("test:\n\tpytest\n") == ["Makefile never runs pip install"]


def test_installed_problems_catches_stale_and_missing_packages():
    """A different installed version, or no installed distribution, is reported."""
    installed = {"pandas": "3.0.0", "numpy": "2.4.6"}

    def version_of(name: str) -> str:
        if name not in installed:
            raise importlib.metadata.PackageNotFoundError(name)
        return installed[name]

    problems = installed_problems({"pandas": "3.1.1", "numpy": "2.4.6", "nbval": "0.11.0"}, version_of)
    assert problems == ["nbval==0.11.0 is not installed", "pandas==3.1.1 is pinned but 3.0.0 is installed"]


@pytest.mark.parametrize(
    ("version", "ok"),
    [("3.11", True), ("3.11.*", True), ("3.11.9", True), ("3.12", False), ("3.1", False),
     ("3.110", False), ("3", False), (None, False)],
)
def test_conda_python_is_311(version, ok):
    """Only a 3.11 conda python spec is accepted."""
    assert conda_python_is_311(version) is ok


@pytest.mark.parametrize(
    ("spec", "ok"),
    [(">=3.11,<3.12", True), ("==3.11.*", True), ("~=3.11.0", True), (">=3.11", False),
     (">=3.10,<3.12", False), ("<3.12", False), ("==3.12.*", False)],
)
def test_requires_python_is_311(spec, ok):
    """requires-python must admit 3.11 and exclude older and newer Pythons."""
    assert requires_python_is_311(spec) is ok
