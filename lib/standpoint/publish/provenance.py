"""Where a report came from: the record its index page ends with.

:func:`collect_provenance` gathers a :class:`Provenance`: the corpus files with their checksums
(verified by :func:`standpoint.corpus.load_corpus` before the build), the versions of standpoint
and its direct dependencies as installed (:func:`package_versions`), the git commit of the
project (:func:`git_commit`, ``+dirty`` with uncommitted changes), the command, the Python and
the Chromium that printed the PDF handouts.
"""

from __future__ import annotations

import importlib.metadata
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from standpoint.corpus import load_corpus, project_root


def git_commit(root: Path | str | None = None, exclude=None) -> str:
    """``git rev-parse HEAD`` of ``root`` (default the project), with ``+dirty`` when the work
    tree has uncommitted changes or untracked files (``exclude``, a path or a list of paths,
    e.g. the report folder and the build's lock and staging folder beside it, does not count: a
    build must not make the next one differ); ``unknown`` without git or a repository.
    Read-only (``GIT_OPTIONAL_LOCKS=0``).

    Example:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as d:
        ...     git_commit(d)
        'unknown'
    """
    root = Path(root) if root is not None else project_root()
    env = dict(os.environ, GIT_OPTIONAL_LOCKS="0", LC_ALL="C")
    env.pop("GIT_DIR", None)
    env.pop("GIT_WORK_TREE", None)

    def git(*args: str) -> subprocess.CompletedProcess | None:
        try:
            return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                                  stdin=subprocess.DEVNULL, env=env, timeout=60)
        except (OSError, subprocess.SubprocessError):
            return None

    top = git("rev-parse", "--show-toplevel")
    head = git("rev-parse", "--verify", "HEAD")
    if top is None or head is None or top.returncode != 0 or head.returncode != 0:
        return "unknown"
    commit = head.stdout.strip()
    toplevel = Path(top.stdout.strip()).resolve()
    spec = ["--", "."]
    excluded = [] if exclude is None else (
        [exclude] if isinstance(exclude, (str, os.PathLike)) else list(exclude))
    for path in excluded:
        try:
            rel = Path(path).resolve().relative_to(toplevel)
            if str(rel) not in ("", "."):
                spec.append(f":(exclude,literal){rel.as_posix()}")
        except ValueError:
            pass  # the output folder is outside the repository
    status = git("-C", str(toplevel), "status", "--porcelain", "--untracked-files=normal", *spec)
    if status is None or status.returncode != 0:
        return f"{commit}+unknown-state"
    return commit + ("+dirty" if status.stdout.strip() else "")


def package_versions(distribution: str = "standpoint") -> list[tuple[str, str]]:
    """``(name, version)`` of ``distribution`` and its direct runtime dependencies (not the
    extras), as installed, in the order its metadata lists them.

    Example:
        >>> versions = dict(package_versions())
        >>> versions["standpoint"] == __import__("standpoint").__version__, "pandas" in versions
        (True, True)
    """
    from packaging.requirements import Requirement

    out = [(distribution, importlib.metadata.version(distribution))]
    for spec in importlib.metadata.requires(distribution) or []:
        req = Requirement(spec)
        if req.marker is not None and "extra" in str(req.marker):
            continue
        try:
            out.append((req.name, importlib.metadata.version(req.name)))
        except importlib.metadata.PackageNotFoundError:
            out.append((req.name, "not installed"))
    return out


@dataclass(frozen=True)
class Provenance:
    """Where a report came from: the corpus files with their (verified) checksums, package
    versions, the git commit, the command, the Python and the Chromium that printed the PDFs."""

    documents: list[dict]
    packages: list[tuple[str, str]]
    commit: str
    command: str
    python: str
    chromium: str = ""


def collect_provenance(command: str, corpus=None, exclude=None,
                       chromium: str = "") -> Provenance:
    """Collect the :class:`Provenance` of a build (``corpus`` default:
    :func:`standpoint.corpus.load_corpus`, which verifies every checksum; ``exclude``: paths
    that do not make the work tree dirty, see :func:`git_commit`).

    Example:
        >>> p = collect_provenance("standpoint report --out reports")
        >>> [d["doc_id"] for d in p.documents][:1], len(p.documents[0]["sha256"])
        (['icc-communist-left-1'], 64)
    """
    if corpus is None:
        corpus = load_corpus()
    docs = [{k: str(v) for k, v in row.items()} for row in corpus.documents.to_dict("records")]
    return Provenance(documents=docs, packages=package_versions(),
                      commit=git_commit(exclude=exclude), command=command,
                      python=sys.version.split()[0], chromium=chromium)
