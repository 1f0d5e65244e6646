"""The commands that write files: ``report`` (the notebooks, the handouts, an index) and
``handout`` (the handouts only). Both check every argument before anything is written."""

from __future__ import annotations

from standpoint.cli.corpus_folder import corpus_folder, load
from standpoint.cli.errors import UsageError
from standpoint.cli.output import OneInterrupt, progress

REPORT_JOBS = 2  # notebooks run at a time by ``report`` (each in its own kernel process)


def _command_line(args) -> str:
    """The command as typed (``standpoint`` and its arguments), for the report's footer."""
    import shlex

    argv = getattr(args, "argv", None)
    return shlex.join(["standpoint", *argv]) if argv is not None else ""


def run_report(args) -> str:
    """Execute the notebooks and write the HTML report and handouts; returns the index path.

    Ctrl-C stops the build at once (see :mod:`standpoint.publish.report`); a second Ctrl-C
    while it stops is ignored."""
    from standpoint.publish.report import build_report

    if not args.out.strip():
        raise UsageError("--out is empty: name a folder for the report, e.g. --out reports")
    if args.jobs < 1:
        raise UsageError(f"--jobs must be 1 or more, not {args.jobs}")
    with OneInterrupt():
        index = build_report(args.out, show_code=args.show_code, progress=progress,
                             notebooks_dir=args.notebooks, notebooks=args.notebook,
                             oppositions=args.opposition, pdf=False if args.no_pdf else None,
                             jobs=args.jobs, command=_command_line(args) or None,
                             corpus_dir=corpus_folder(args))
    return f"{index}\n"


def run_handout(args) -> str:
    """Write the seminar handouts (HTML, and PDF with Chromium); returns their paths. The ids
    are checked before the note about a missing Chromium, so a mistake is one line."""
    from standpoint.comparison import shared_inputs
    from standpoint.publish.handouts import write_handouts

    if not args.out.strip():
        raise UsageError("--out is empty: name a folder for the handouts, "
                         "e.g. --out reports/handouts")
    inputs = shared_inputs(load(args))
    with OneInterrupt():
        written = write_handouts(args.out, args.opposition or None, inputs=inputs,
                                 pdf=False if args.no_pdf else None, progress=progress)
    return "".join(f"{path}\n" for path in written)


__all__ = ["REPORT_JOBS", "run_handout", "run_report"]
