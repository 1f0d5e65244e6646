"""The argument parser of the ``standpoint`` command: every command, its options and help."""

from __future__ import annotations

import argparse

from standpoint.cli.corpus_folder import ENVIRONMENT_VARIABLE
from standpoint.cli.errors import Parser
from standpoint.cli.managing import run_add, run_init, run_remove
from standpoint.cli.publishing import REPORT_JOBS, run_handout, run_report
from standpoint.cli.reading import run_compare, run_corpus, run_kwic, run_passages, run_quotes
from standpoint.cli.tagging import EVALUATE_FORMATS, run_evaluate, run_tag
from standpoint.render import FORMATS

VOICES = ("author", "quotation", "note")  # mirrors standpoint.segment.VOICES (kept light)
COMPARE_FORMATS = ("table", "csv", "json", "markdown", "latex", "html")  # render.comparison
KWIC_WINDOW = 60
KWIC_MAX_WINDOW = 1000  # characters of context on each side, at most


def window(value: str) -> int:
    """``--window``: a whole number of characters from 0 to :data:`KWIC_MAX_WINDOW`.

    Example:
        >>> window("80")
        80
    """
    try:
        number = int(value, 10)
    except ValueError:
        number = None
    if number is None or not 0 <= number <= KWIC_MAX_WINDOW:
        raise argparse.ArgumentTypeError(
            f"expected a whole number of characters from 0 to {KWIC_MAX_WINDOW}, not {value!r}")
    return number


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (``prog`` is always ``standpoint``).

    Example:
        >>> build_parser().parse_args(["passages", "--voice", "note"]).voice
        'note'
        >>> build_parser().parse_args(["corpus", "--corpus", "mine"]).corpus
        'mine'
    """
    from standpoint import __version__
    from standpoint.segment import MAX_INPUT_BYTES

    common = Parser(add_help=False)
    common.add_argument("--corpus", metavar="DIR", default=argparse.SUPPRESS,
                        help=f"the corpus folder to read (default: ${ENVIRONMENT_VARIABLE} if "
                             "set, else the project's corpus/)")
    parser = Parser(
        prog="standpoint", parents=[common],
        description="Compare rival accounts of the same events (the project's corpus: the "
                    "Bolshevik oppositions, 1918-1930): inspect the corpus, tag passages by "
                    "tradition, evaluate, compare the traditions on one subject, search in "
                    "context, build the report; make and change a corpus of your own.",
        epilog="Exit codes: 0 ok, 1 a notebook failed, a PDF could not be printed or the "
               "output could not be written, 2 usage or input error, 130 interrupted.",
    )
    parser.add_argument("--version", action="version", version=f"standpoint {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True,
                                parser_class=Parser)

    def add(name: str, help_: str, formats: tuple[str, ...] | None = FORMATS):
        p = sub.add_parser(name, parents=[common], help=help_, description=help_)
        if formats:
            p.add_argument("--format", default="table", choices=formats,
                           help=f"output format (default: table; one of {', '.join(formats)})")
        return p

    add("corpus", "list the documents of the corpus").set_defaults(run=run_corpus)

    p = add("passages", "list the passages of the corpus (every column)")
    p.add_argument("--doc", metavar="DOC_ID", help="only this document's passages")
    p.add_argument("--voice", choices=VOICES, help="only passages in this voice")
    p.set_defaults(run=run_passages)

    p = add("tag", "tag the passages of a text with the tradition they read like, or "
            "'uncertain' (low_confidence or unfamiliar); the table ends with what a verdict "
            "means, measured on held-out documents")
    p.add_argument("file", nargs="?", metavar="FILE",
                   help=f"UTF-8 text file, or - for stdin (at most {MAX_INPUT_BYTES:,} bytes)")
    p.add_argument("--jsonl", action="store_true",
                   help='input is JSON lines {"text": ..., "id": ...}; each line is one passage')
    p.set_defaults(run=run_tag)

    add("evaluate", "evaluate the tagger on held-out documents (a tradition absent from "
        "training must come out uncertain), beside two plain baselines; random folds and "
        "contiguous blocks as optimistic bounds (about 20 s)",
        EVALUATE_FORMATS).set_defaults(run=run_evaluate)

    p = add("compare", "compare how the traditions judge one opposition (one row per "
            "tradition)", COMPARE_FORMATS)
    p.add_argument("opposition", metavar="OPPOSITION",
                   help="an opposition (subject) id, e.g. workers-opposition (see the corpus's "
                        "oppositions.yaml or subjects.yaml)")
    p.set_defaults(run=run_compare)

    p = add("kwic", "every occurrence of a word or phrase in the passages, in context")
    p.add_argument("term", metavar="TERM", help="a word or phrase (case-insensitive, whole words)")
    p.add_argument("--tradition", metavar="T", help="only this tradition's passages")
    p.add_argument("--opposition", metavar="O", help="only passages about this opposition")
    p.add_argument("--voice", choices=VOICES, help="only passages in this voice")
    p.add_argument("--window", metavar="N", type=window, default=KWIC_WINDOW,
                   help=f"characters of context on each side (default: {KWIC_WINDOW}, "
                        f"at most {KWIC_MAX_WINDOW})")
    p.set_defaults(run=run_kwic)

    p = add("quotes", "the quotations of the corpus: who each tradition quotes, and the evidence "
            "two traditions share (one row per quotation)")
    p.add_argument("--tradition", metavar="T", help="only this tradition's quotations")
    p.add_argument("--speaker", metavar="S",
                   help="only quotations of this speaker (an id of speakers.yaml, or unknown)")
    p.add_argument("--opposition", metavar="O", help="only quotations about this opposition")
    p.add_argument("--shared", action="store_true",
                   help="only quotations that another document also quotes")
    p.set_defaults(run=run_quotes)

    p = add("report", "execute the notebooks and write the HTML report and the seminar "
            "handouts", None)
    p.add_argument("--out", metavar="DIR", default="reports",
                   help="output folder (default: reports)")
    p.add_argument("--show-code", action="store_true", help="show the code cells")
    p.add_argument("--notebook", metavar="NAME", action="append", default=None,
                   help="only this notebook (file name or stem; repeat for more)")
    p.add_argument("--opposition", metavar="ID", action="append", default=None,
                   help="only this opposition's comparison page and handout (repeat for more; "
                        "default: every opposition two traditions discuss)")
    p.add_argument("--jobs", metavar="N", type=int, default=REPORT_JOBS,
                   help=f"notebooks run at a time (default: {REPORT_JOBS})")
    p.add_argument("--no-pdf", action="store_true",
                   help="write the handouts as HTML only (no Chromium needed)")
    p.add_argument("--no-cache", action="store_true",
                   help="run every notebook and print every PDF again, even when nothing they "
                        "read has changed (the cache is in $STANDPOINT_CACHE, else "
                        "~/.cache/standpoint)")
    p.add_argument("--notebooks", metavar="DIR", default=None,
                   help=argparse.SUPPRESS)  # another notebooks folder (testing)
    p.set_defaults(run=run_report)

    p = add("handout", "write the printable seminar handouts (HTML, and PDF with Chromium)",
            None)
    p.add_argument("opposition", metavar="OPPOSITION", nargs="*",
                   help="opposition ids (default: every opposition two traditions discuss)")
    p.add_argument("--out", metavar="DIR", default="reports/handouts",
                   help="output folder (default: reports/handouts)")
    p.add_argument("--no-pdf", action="store_true", help="write HTML only")
    p.set_defaults(run=run_handout)

    p = add("init", "write an empty corpus folder (every file the pipeline reads, a README "
            "of their columns)", None)
    p.add_argument("folder", metavar="DIR", help="a new (or empty) folder")
    p.set_defaults(run=run_init)

    p = add("add", "copy a UTF-8 text into the corpus and register it (prints its doc_id)",
            None)
    p.add_argument("file", metavar="FILE", help="the UTF-8 text file")
    p.add_argument("--tradition", metavar="T", required=True, help="its tradition's id")
    p.add_argument("--author", metavar="A", required=True)
    p.add_argument("--title", metavar="TITLE", required=True)
    p.add_argument("--year", metavar="Y", default="")
    p.add_argument("--venue", metavar="V", default="")
    p.add_argument("--doc-id", metavar="ID", default=None,
                   help="its id (default: from the author's surname and the title)")
    p.add_argument("--new-tradition", metavar="NAME", default=None,
                   help="add T as a new tradition with this display name (with --colour)")
    p.add_argument("--colour", metavar="#RRGGBB", default=None,
                   help="the new tradition's colour in every figure")
    p.set_defaults(run=run_add)

    p = add("remove", "take a document out of the corpus (and delete its text unless "
            "--keep-file)", None)
    p.add_argument("doc_id", metavar="DOC_ID")
    p.add_argument("--keep-file", action="store_true",
                   help="keep the text: move it beside the corpus folder")
    p.set_defaults(run=run_remove)
    return parser


__all__ = ["COMPARE_FORMATS", "KWIC_MAX_WINDOW", "KWIC_WINDOW", "VOICES", "build_parser",
           "window"]
