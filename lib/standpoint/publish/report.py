"""Build the HTML report: every notebook as a page, the seminar handouts, and an index with
the provenance of it all, into a folder that is always one whole build.

:func:`build_report` checks every argument, then plans the notebook runs
(:mod:`standpoint.publish.notebooks`: each ``notebooks/*.ipynb``, sorted by name, and a notebook
whose ``parameters`` cell sets ``opposition`` once per opposition that at least two traditions
discuss, :func:`standpoint.comparison.comparable_oppositions`), runs them (:mod:`.execution`, in
fresh kernels, on in-memory copies: the committed notebooks are never written) and writes each
as ``<stem>.html`` (:mod:`.pages`: code hidden unless ``show_code``;
``03-compare-opposition.ipynb`` gives ``03-compare-workers-opposition.html``). Then it writes
the seminar handouts (:mod:`standpoint.publish.handouts`: ``handouts/<id>.html`` and, with
Chromium, ``.pdf``, each PDF verified before it counts) and ``index.html``
(:mod:`standpoint.publish.index`: what the corpus is, a link to every page, and the
:mod:`~standpoint.publish.provenance`: corpus checksums, package versions, git commit, the
command).

Reproducible: the same inputs give the same bytes (fixed hash seed, ``SOURCE_DATE_EPOCH`` and
``svg.hashsalt`` in the kernels; execution metadata scrubbed and pandas Styler ids renumbered;
PDF dates fixed); pages load no script or other external resource.

A report folder is always one whole build (:mod:`standpoint.publish.ownership`,
:mod:`standpoint.publish.folders`): the output folder must be new, empty or a previous report;
it is locked for the build (a second build into it refuses at once); everything is built into a
hidden folder beside it, which replaces it only when every notebook, handout and PDF succeeded.
Files of the old folder that no build writes (a user's notes) are carried over; pages the new
build does not make (an opposition no longer comparable, a notebook left out, a PDF not
printed) are gone. A failed or interrupted build leaves the previous report as it was; a
notebook that fails leaves only ``<out_dir>/<page stem>.failed.ipynb`` (the partly executed
notebook, with the error) for debugging, which the next successful build removes. Nothing
outside ``out_dir`` is written except the lock file and the build folder beside it, both
removed at the end.

Ctrl-C (``KeyboardInterrupt``) stops a build at once: queued notebooks are not started, running
kernels are killed, Chromium is ended, the build folder is removed, and the interrupt is raised
again (the command line prints one line and exits 130).

Errors (:mod:`standpoint.publish.errors`, also importable from here): :class:`OutputDirError`
(the output folder cannot be used: not its own, busy, not writable; the command line exits 2),
:class:`NotebookError` (a notebook is unreadable or a cell failed; exit 1), :class:`BuildError`
(a handout or PDF failed; exit 1) and :class:`ReportError` for anything else the user must fix
(no notebooks, an unknown notebook or opposition; exit 2).
"""

from __future__ import annotations

import shlex
import shutil
import tempfile
from pathlib import Path
from typing import Callable

from standpoint.comparison import comparable_oppositions, shared_inputs
from standpoint.corpus import load_corpus, load_oppositions
from standpoint.publish import folders
from standpoint.publish.cache import ReportCache, package_fingerprint
from standpoint.publish.chromium import chromium_version, find_chromium
from standpoint.publish.errors import (  # noqa: F401 - the errors, importable from here too
    BuildError,
    HandoutError,
    NotebookError,
    OutputDirError,
    ReportError,
)
from standpoint.publish.execution import kernel_env
from standpoint.publish.files import prepare_output_dir, write_file
from standpoint.publish.handouts import check_oppositions, write_handouts
from standpoint.publish.index import ComparisonEntry, index_html
from standpoint.publish.notebooks import (
    CORPUS_PARAMETER,
    PARAMETER,
    default_notebooks_dir,
    find_notebooks,
    notebook_parameters,
    page_stem,
    parameterised,
    plan_jobs,
    read_outline,
    select_notebooks,
)
from standpoint.publish.ownership import check_dedicated, check_output_path, owned_paths
from standpoint.publish.pages import run_jobs
from standpoint.publish.provenance import collect_provenance

HANDOUTS_DIR = "handouts"


def default_command(show_code: bool = False, notebooks=None, oppositions=None) -> str:
    """The ``standpoint report`` options equivalent to the arguments (for the footer when no
    command is given). The output folder is left out: it is where the index is, and the same
    build into two folders gives the same files.

    Example:
        >>> default_command(oppositions=["left-opposition"])
        'standpoint report --opposition left-opposition'
    """
    argv = ["standpoint", "report"]
    if show_code:
        argv.append("--show-code")
    for name in notebooks or []:
        argv += ["--notebook", str(name)]
    for o in oppositions or []:
        argv += ["--opposition", str(o)]
    return shlex.join(argv)


def build_report(
    out_dir: Path | str = "reports",
    show_code: bool = False,
    progress: Callable[[str], None] | None = None,
    notebooks_dir: Path | str | None = None,
    *,
    notebooks: list[str] | None = None,
    oppositions: list[str] | None = None,
    handouts: bool | None = None,
    pdf: bool | None = None,
    jobs: int = 1,
    command: str | None = None,
    corpus_dir: Path | str | None = None,
    cache: bool = True,
) -> Path:
    """Execute the notebooks, write ``<stem>.html`` for each run, the handouts and
    ``index.html``; return the path of ``index.html``.

    ``notebooks``: only these (file names or stems; default all). ``oppositions``: run the
    per-opposition notebooks and write handouts only for these ids (default every comparable
    one; an unknown or not comparable id is a :class:`ReportError` listing the valid ones).
    ``handouts``: write the handouts (default: when building the project's own notebooks, i.e.
    ``notebooks_dir`` is None). ``pdf``: print them to PDF (``None``: when Chromium is found;
    ``True``: Chromium required). ``jobs``: notebooks run at a time. ``command``: the command
    line shown in the footer (default :func:`default_command`; the command line passes what was
    typed). ``corpus_dir``: another corpus folder (default the project's ``corpus/``), given to
    every notebook as its ``corpus_dir`` parameter; a notebook that does not declare that
    parameter reads only the project's corpus: it is left out (with a note), or, if asked for
    by name in ``notebooks``, a :class:`ReportError`. ``cache``: reuse
    the pages and PDFs of earlier builds whose inputs are unchanged
    (:mod:`standpoint.publish.cache`; ``False`` runs everything again and refreshes the
    cache). ``progress`` receives one
    message per notebook run (``"[3/9] executing 03-compare-opposition.ipynb
    (workers-opposition)"``) and per handout. Every argument is checked before anything is
    written. The folder is replaced only by a complete build (see the module docstring).
    Raises :class:`OutputDirError`, :class:`NotebookError`, :class:`BuildError` or
    :class:`ReportError` (see the module docstring), or ``KeyboardInterrupt`` after stopping.

    Example (runs kernels, so not run as a doctest)::

        index = build_report("reports", progress=print, oppositions=["workers-opposition"])
    """
    own_notebooks = notebooks_dir is None
    notebooks_dir = Path(notebooks_dir) if notebooks_dir is not None else default_notebooks_dir()
    found = find_notebooks(notebooks_dir)
    chosen = select_notebooks(found, notebooks)
    if not isinstance(jobs, int) or isinstance(jobs, bool) or jobs < 1:
        raise ReportError(f"jobs must be 1 or more, not {jobs!r}")
    out = check_output_path(out_dir)
    if out.resolve() == notebooks_dir.resolve():
        raise OutputDirError(f"{out}: is the notebooks folder; choose another output folder")
    want_handouts = own_notebooks if handouts is None else handouts
    per_opposition = parameterised(chosen)

    corpus = load_corpus(corpus_dir)  # verifies every checksum before anything runs
    if corpus_dir is not None:
        fixed = [p for p in chosen if CORPUS_PARAMETER not in _declared(p)]
        if fixed and notebooks:
            raise ReportError(f"{', '.join(p.name for p in fixed)}: no '{CORPUS_PARAMETER}' "
                              "parameter, so it reads only the project's corpus")
        if fixed and progress is not None:
            progress(f"note: skipped {', '.join(p.name for p in fixed)}: no "
                     f"'{CORPUS_PARAMETER}' parameter (it reads only the project's corpus)")
        chosen = [p for p in chosen if p not in fixed]
    inputs = None
    registry: list[str] = []
    names: dict[str, tuple[str, str]] = {}
    selected_oppositions: list[str] = []
    if per_opposition or want_handouts or oppositions is not None:
        inputs = shared_inputs(corpus)
        table = inputs["oppositions"]
        registry = list(table["opposition"])
        names = {o: (n, str(y0) if y0 == y1 else f"{y0}–{y1}") for o, n, y0, y1 in
                 zip(table["opposition"], table["name"], table["start_year"], table["end_year"])}
        try:
            selected_oppositions = check_oppositions(
                oppositions, comparable_oppositions(**inputs), registry)
        except HandoutError as exc:
            raise ReportError(str(exc)) from None
    write_handouts_now = bool(want_handouts and selected_oppositions)

    printer = ""
    if want_handouts and pdf is not False:
        printer = find_chromium() or ""
        if pdf and not printer:
            raise ReportError("no Chromium found to print the PDF handouts (install the Debian "
                              "packages chromium and fonts-dejavu-core, or use --no-pdf)")

    # every path a build can write; anything else in the folder is the user's
    if not registry:
        registry = list(load_oppositions(corpus.root)["opposition"])
    all_per_opposition = parameterised(found)
    pages = {f"{p.stem}.html" for p in found} - {f"{p.stem}.html" for p in all_per_opposition}
    for path in all_per_opposition:
        pages |= {f"{page_stem(path.stem, o)}.html" for o in registry}
    handout_names = {f"{o}.{ext}" for o in registry for ext in ("html", "pdf")}
    owned = owned_paths(pages, HANDOUTS_DIR, handout_names)

    # a symbolic link to the report folder stays a link: the folder it points to is rebuilt
    target = out.resolve() if out.is_symlink() and out.is_dir() else out
    with folders.FolderLock(target) as lock:
        if write_handouts_now and (out / HANDOUTS_DIR).exists() and not (out / HANDOUTS_DIR).is_dir():
            raise OutputDirError(f"{out / HANDOUTS_DIR}: exists and is not a folder")
        check_dedicated(out, owned)
        if out.is_dir():
            prepare_output_dir(out)  # writable: the old folder can be removed after the swap
        folders.remove_leftovers(target)
        staging = folders.new_staging(target)
        try:
            if printer == "" and want_handouts and pdf is not False and progress is not None:
                progress("note: no Chromium found: handouts are written as HTML only "
                         "(install the Debian package chromium for the PDFs)")
            index_name = _build_into(
                staging, out=out, corpus=corpus, inputs=inputs, chosen=chosen,
                selected_oppositions=selected_oppositions, names=names,
                write_handouts_now=write_handouts_now, printer=printer, show_code=show_code,
                progress=progress, jobs=jobs, corpus_dir=corpus_dir,
                cache=ReportCache(enabled=cache),
                command=command or default_command(show_code, notebooks, oppositions),
                exclude=[out, staging, lock.path])
            folders.publish(staging, target, owned)
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)
    return out / index_name


def _declared(path: Path) -> list[str]:
    """The parameters a notebook declares (none if it cannot be read: its run says why)."""
    try:
        return notebook_parameters(read_outline(path))
    except Exception:
        return []


def _build_into(staging: Path, *, out: Path, corpus, inputs, chosen, selected_oppositions,
                names, write_handouts_now, printer, show_code, progress, jobs, command,
                exclude, corpus_dir=None, cache=None) -> str:
    """The build itself, into the empty folder ``staging``; returns the index's file name.
    Partial notebooks of failed runs go to ``out`` (the only thing a failed build leaves)."""
    job_list = plan_jobs(chosen, selected_oppositions, corpus_dir)
    with tempfile.TemporaryDirectory(prefix="standpoint-report-") as tmp:
        rc = Path(tmp) / "matplotlibrc"
        rc.write_text("svg.hashsalt: standpoint\n", encoding="utf-8")
        results = run_jobs(job_list, staging, show_code, progress, jobs, kernel_env(rc),
                           failed_dir=out, cache=cache,
                           package=package_fingerprint() if cache is not None else "")

    plain: list[tuple[str, str]] = []
    by_opposition: dict[str, list[tuple[str, str]]] = {}
    for job, (name, title) in zip(job_list, results):
        if PARAMETER in job.parameters:
            by_opposition.setdefault(job.parameters[PARAMETER], []).append((name, title))
        else:
            plain.append((name, title))

    handout_files: dict[str, list[str]] = {}
    if write_handouts_now:
        try:
            written = write_handouts(staging / HANDOUTS_DIR, selected_oppositions, inputs=inputs,
                                     pdf=bool(printer), progress=progress,
                                     chromium=printer or None, cache=cache)
        except HandoutError as exc:  # a failed print or a broken PDF (the ids were checked)
            raise BuildError(str(exc)) from None
        for path in written:
            handout_files.setdefault(path.stem, []).append(f"{HANDOUTS_DIR}/{path.name}")

    entries = [ComparisonEntry(o, names[o][0], names[o][1], tuple(by_opposition.get(o, [])),
                               tuple(handout_files.get(o, [])))
               for o in selected_oppositions]
    prov = collect_provenance(command, corpus, exclude=exclude,
                              chromium=chromium_version(printer) if printer and handout_files else "")
    index = write_file(staging / "index.html",
                       index_html(plain, comparisons=entries, corpus=corpus, prov=prov))
    return index.name
