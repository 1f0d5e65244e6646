"""The ``standpoint`` command line.

Commands (each prints to stdout; ``--format`` is ``table`` unless given)::

    standpoint corpus    [--format table|csv|json|jsonl]
    standpoint passages  [--doc DOC_ID] [--voice VOICE] [--format table|csv|json|jsonl]
    standpoint tag       [FILE|-] [--jsonl] [--format table|csv|json|jsonl]
    standpoint evaluate  [--format table|json]
    standpoint report    [--out DIR] [--show-code] [--notebook NAME]... [--opposition ID]...
                         [--jobs N] [--no-pdf]
    standpoint handout   [OPPOSITION ...] [--out DIR] [--no-pdf]
    standpoint compare   OPPOSITION [--format table|csv|markdown|latex|html]
    standpoint kwic      TERM [--tradition T] [--opposition O] [--voice VOICE] [--window N]
                         [--format table|csv|json|jsonl]

``passages`` prints every column of the passages table and, last, ``topics``: the ids of the
oppositions the passage is about (a list in json/jsonl, ``;``-joined in csv/table).

``compare`` prints the comparison table of one opposition (one row per tradition, see
:mod:`standpoint.comparison.tables`); ``table`` is a plain-text reading of it for the terminal.
``kwic`` prints every occurrence of a word or phrase in context, each line with its passage id
(``--opposition``: only passages about that opposition; ``--tradition``, ``--voice``: only
those passages; ``--window``: characters of context on each side, default 60, at most 1000;
the table pads the left context to the longest one found, not to the window).

``report`` runs every notebook (the per-opposition one once for each opposition two traditions
discuss), writes the seminar handouts and an index with the provenance, shows progress on
stderr and prints the index path (see :mod:`standpoint.publish.report`). ``handout`` writes only the
handouts (see :mod:`standpoint.publish.handouts`) and prints their paths.

``tag`` reads plain text (split into passages) or, with ``--jsonl``, one JSON object per
line with a ``text`` string and an optional ``id`` (each line is one passage), and prints
for every passage: ``id``, ``tradition`` (or ``uncertain``), one ``p_<tradition>`` per
tradition, ``voice``, then ``reason`` (empty, ``low_confidence`` or ``unfamiliar``), ``margin``
and ``familiarity``; the table ends with what a verdict means, in figures measured on
held-out documents. The fitted tagger is cached (:mod:`standpoint.tagger.store`), so only the
first call on a corpus fits it.

Exit codes: 0 success; 1 a notebook failed or Chromium could not print (``report``,
``handout``), or the output could not be written (a full disk, a closed stdout); 2 a usage
or input error. Every error is one line on stderr, never a traceback: what it echoes (an
argument, a line of input) has its line breaks and other unprintable characters escaped.
Output cut short by a closed pipe (``| head``) ends quietly.

Limits: ``tag`` reads at most :data:`standpoint.segment.inputs.MAX_INPUT_BYTES` (16 MB) and refuses a
larger input without reading it; ``kwic --window`` is at most :data:`KWIC_MAX_WINDOW` (1000)
characters.

Heavy libraries are imported inside the commands, so ``standpoint --help`` is quick.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from typing import Any

from standpoint.errors import StandpointError
from standpoint.render import FORMATS

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
EXIT_PIPE = 141  # what a shell reports for a process ended by SIGPIPE
VOICES = ("author", "quotation", "note")  # mirrors standpoint.segment.VOICES (kept light)
EVALUATE_FORMATS = ("table", "json")
COMPARE_FORMATS = ("table", "csv", "json", "markdown", "latex", "html")  # render.comparison
KWIC_WINDOW = 60
KWIC_MAX_WINDOW = 1000  # characters of context on each side, at most
REPORT_JOBS = 2  # notebooks run at a time by ``report`` (each in its own kernel process)


class UsageError(StandpointError):
    """A mistake in the command or its input: printed as one line, exit code 2."""


class OutputError(StandpointError):
    """The output cannot be written (a full disk, a closed stdout): exit code 1."""

    exit_code = EXIT_FAILED


def one_line(message: str) -> str:
    """``message`` as one printable line: every character that is not printable (line
    breaks, U+2028, other control and format characters, lone surrogates) is written as its
    Python escape. Every error the command line prints goes through it, whatever the
    message echoes (an argument, a line of the input).

    Example:
        >>> print(one_line("unknown opposition 'workers\\nopposition\\u2028x\\udfff'"))
        unknown opposition 'workers\\nopposition\\u2028x\\udfff'
        >>> one_line("Kollontai’s ‘Workers’ Opposition’ — déjà vu")
        'Kollontai’s ‘Workers’ Opposition’ — déjà vu'
    """
    message = str(message)
    if message.isprintable():
        return message
    return "".join(c if c.isprintable() or c == " " else
                   c.encode("unicode_escape").decode("ascii") for c in message)


def _print_error(message: str) -> None:
    """Print ``standpoint: error: <message>`` on stderr, as one line."""
    try:
        if sys.stderr is not None:  # (stderr closed: print(file=None) would use stdout)
            print(f"standpoint: error: {one_line(message)}", file=sys.stderr, flush=True)
    except (OSError, ValueError):
        pass  # nowhere to say it: the exit code still does


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (with a pointer to ``--help``)."""

    def error(self, message: str):
        self.exit(EXIT_USAGE, f"{self.prog}: error: {one_line(message)} "
                              f"(see '{self.prog} --help')\n")


def _window(value: str) -> int:
    """``--window``: a whole number of characters from 0 to :data:`KWIC_MAX_WINDOW`."""
    try:
        number = int(value, 10)
    except ValueError:
        number = None
    if number is None or not 0 <= number <= KWIC_MAX_WINDOW:
        raise argparse.ArgumentTypeError(
            f"expected a whole number of characters from 0 to {KWIC_MAX_WINDOW}, not {value!r}")
    return number


# --------------------------------------------------------------------- commands ----
def _corpus(args):
    from standpoint.corpus import load_corpus

    return load_corpus(getattr(args, "corpus", None))


def _cmd_corpus(args) -> tuple[Any, str]:
    """The documents of the corpus (every column of ``documents.csv``)."""
    return _corpus(args).documents, args.format


def _cmd_passages(args) -> tuple[Any, str]:
    """Every passage (every column), optionally only one document's or one voice's."""
    from standpoint.segment import passages

    corpus = _corpus(args)
    if args.doc is not None and args.doc not in corpus.texts:
        known = ", ".join(corpus.documents["doc_id"])
        raise UsageError(f"unknown document '{args.doc}' (known: {known})")
    df = passages(corpus)
    lists = _topic_lists(corpus, df).tolist()  # on the whole corpus: topics need context
    joined = args.format in ("csv", "table")
    df = df.assign(topics=[";".join(t) for t in lists] if joined else lists)
    if joined:  # a flat cell: "start-end" spans joined by ";"
        df = df.assign(quoted_spans=[";".join(f"{a}-{b}" for a, b in spans)
                                     for spans in df["quoted_spans"]])
    else:
        df = df.assign(quoted_spans=[[[int(a), int(b)] for a, b in s] for s in df["quoted_spans"]])
    if args.doc is not None:
        df = df[df["doc_id"] == args.doc]
    if args.voice is not None:
        df = df[df["voice"] == args.voice]
    return df.reset_index(drop=True), args.format


def _topics(corpus, df):
    """Topic rows (:func:`standpoint.topics.attribution.topics`) of the passages ``df`` of ``corpus``."""
    from standpoint.corpus import load_oppositions
    from standpoint.topics import mentions, topics

    oppositions = load_oppositions(corpus.root)
    return topics(df, mentions(df, oppositions), oppositions)


def _topic_lists(corpus, df):
    from standpoint.topics import topic_lists

    return topic_lists(df, _topics(corpus, df))


def _cmd_compare(args) -> str:
    """The comparison table of one opposition, in one of :data:`COMPARE_FORMATS`."""
    from standpoint.comparison import compare
    from standpoint.render.comparison import render

    return render(compare(args.opposition, corpus=_corpus(args)), args.format)


def _cmd_kwic(args) -> tuple[Any, str] | str:
    """Every occurrence of TERM in the passages (optionally of one tradition, one voice, or
    about one opposition), with ``--window`` characters of context on each side."""
    corpus = _corpus(args)
    if args.tradition is not None and args.tradition not in corpus.tradition_order:
        raise UsageError(f"unknown tradition '{args.tradition}' "
                         f"(valid: {', '.join(corpus.tradition_order)})")
    if args.opposition is not None:
        from standpoint.corpus import load_oppositions

        valid = list(load_oppositions(corpus.root)["opposition"])
        if args.opposition not in valid:
            raise UsageError(f"unknown opposition '{args.opposition}' (valid: {', '.join(valid)})")
    from standpoint.segment import passages
    from standpoint.terms import kwic, term_pattern

    term_pattern(args.term)  # (an empty term is an InputError before any work)
    df = passages(corpus)
    ids = None
    if args.opposition is not None:
        t = _topics(corpus, df)
        ids = t.loc[t["opposition"] == args.opposition, "passage_id"].tolist()
    if args.voice is not None:
        df = df[df["voice"] == args.voice]
    found = kwic(df, args.term, window=args.window, tradition=args.tradition, passage_ids=ids)
    voice = dict(zip(df["passage_id"], df["voice"]))
    found.insert(2, "voice", [voice[p] for p in found["passage_id"]])
    if args.format == "table":
        return concordance(found)
    return found, args.format


def concordance(found) -> str:
    """KWIC rows as aligned concordance lines: passage id, tradition, the left context
    right-aligned to the longest left context there is (never to the ``--window`` asked
    for), the match in brackets, the right context (runs of whitespace shown as one space).

    Example:
        >>> import pandas as pd
        >>> df = pd.DataFrame({"passage_id": ["d:001", "d:012"], "tradition": ["icc", "academic"],
        ...                    "left": ["the ", "a long  way to "], "match": ["party", "Party"],
        ...                    "right": [" won", ""]})
        >>> print(concordance(df), end="")
        passage_id  tradition  context
        d:001       icc                  the [party] won
        d:012       academic   a long way to [Party]
    """
    def flat(s) -> str:
        return re.sub(r"\s+", " ", str(s))

    rows = [(str(p), str(t), flat(left), str(m), flat(r))
            for p, t, left, m, r in zip(found["passage_id"], found["tradition"], found["left"],
                                        found["match"], found["right"])]
    wp = max([len("passage_id")] + [len(r[0]) for r in rows])
    wt = max([len("tradition")] + [len(r[1]) for r in rows])
    wl = max([0] + [len(r[2]) for r in rows])
    lines = [f"{'passage_id':<{wp}}  {'tradition':<{wt}}  context"]
    for p, t, left, m, right in rows:
        lines.append(f"{p:<{wp}}  {t:<{wt}}  {left:>{wl}}[{m}]{right}".rstrip())
    return "\n".join(lines) + "\n"


def _cmd_tag(args):
    """Tag passages of a text (or of JSON lines): a tradition or ``uncertain`` with its
    reason, the probabilities and the scores; the table ends with what a verdict means."""
    from standpoint.segment import jsonl_passages, parse_jsonl, read_input

    source = args.file
    if source is None:
        if sys.stdin is None or sys.stdin.isatty():
            raise UsageError("no input: give a FILE, or '-' and text on stdin")
        source = "-"
    text, doc_id = read_input(source)  # (at most inputs.MAX_INPUT_BYTES)
    name = "stdin" if source == "-" else source
    if args.jsonl:
        passages_df = jsonl_passages(parse_jsonl(text, name), doc_id)
    else:
        from standpoint.segment import split_text

        passages_df = split_text(text, doc_id=doc_id)
        if passages_df.empty:
            raise UsageError(f"{name}: no passages found (only headings or page furniture)")
    del text
    from standpoint.tagger import corpus_tagger

    corpus = _corpus(args)
    tagger = corpus_tagger(corpus, describe=_held_out)
    rows = tag_columns(tag_in_pieces(tagger, passages_df), corpus.tradition_order)
    if args.format != "table":
        return rows, args.format
    from standpoint.render import render_chunks
    from standpoint.tagger.text_report import verdict_note

    return _chain(render_chunks(rows, "table"), ["\n" + verdict_note(tagger) + "\n"])


def _chain(*pieces):
    for piece in pieces:
        yield from piece


def _held_out(passages_df, tagger) -> dict:
    """The held-out-document figures ``tag`` states (computed once per cached model)."""
    from standpoint.tagger.evaluation import held_out_summary

    return held_out_summary(passages_df, tagger)


def tag_in_pieces(tagger, passages_df, chars: int | None = None, rows: int | None = None):
    """:func:`standpoint.tagger.tag_in_pieces` (kept here for callers of the old name).

    Example:
        >>> callable(tag_in_pieces)
        True
    """
    from standpoint.tagger import tag_in_pieces as in_pieces

    return in_pieces(tagger, passages_df, chars=chars, rows=rows)


def tag_columns(tagged, tradition_order: list[str]):
    """The columns ``tag`` prints: ``id``, ``tradition``, ``p_<t>`` in the corpus's
    tradition order (then any other class), ``voice``, then ``reason``, ``margin`` and
    ``familiarity`` where the tagger gave them.

    Example:
        >>> import pandas as pd
        >>> df = pd.DataFrame({"id": ["a"], "tradition": ["icc"], "p_b": [0.1], "p_icc": [0.9],
        ...                    "voice": ["author"], "reason": [""], "margin": [3.0],
        ...                    "familiarity": [0.95]})
        >>> list(tag_columns(df, ["icc", "b"]).columns)
        ['id', 'tradition', 'p_icc', 'p_b', 'voice', 'reason', 'margin', 'familiarity']
    """
    present = [c for c in tagged.columns if c.startswith("p_")]
    ordered = [f"p_{t}" for t in tradition_order if f"p_{t}" in present]
    ordered += [c for c in present if c not in ordered]
    scores = [c for c in ("reason", "margin", "familiarity") if c in tagged.columns]
    return tagged[["id", "tradition"] + ordered + ["voice"] + scores].reset_index(drop=True)


#: the parts of the evaluation ``evaluate --format json`` prints (README: the keys)
EVALUATE_KEYS = ("model", "operating_point", "open_set", "no_abstention", "baselines",
                 "comparison", "optimistic")


def _cmd_evaluate(args) -> str:
    """The tagger's evaluation (held-out documents first), as the report text or as JSON
    with the keys :data:`EVALUATE_KEYS`."""
    from standpoint.render import to_jsonable
    from standpoint.segment import passages
    from standpoint.tagger import subjects_of
    from standpoint.tagger.evaluation import evaluate
    from standpoint.tagger.text_report import format_report

    corpus = _corpus(args)
    report = evaluate(passages(corpus), subjects=subjects_of(corpus))
    if args.format == "table":
        text = format_report(report)
        return text if text.endswith("\n") else text + "\n"
    payload = {key: to_jsonable(getattr(report, key)) for key in EVALUATE_KEYS}
    return json.dumps(payload, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _command_line(args) -> str:
    """The command as typed (``standpoint`` and its arguments), for the report's footer."""
    import shlex

    argv = getattr(args, "argv", None)
    return shlex.join(["standpoint", *argv]) if argv is not None else ""


def _cmd_report(args) -> str:
    """Execute the notebooks and write the HTML report and handouts; returns the index path.

    Every argument is checked before anything is written or any note printed. Ctrl-C stops the
    build at once (see :mod:`standpoint.publish.report`); a second Ctrl-C while it stops is ignored."""
    from standpoint.publish.report import build_report

    if not args.out.strip():
        raise UsageError("--out is empty: name a folder for the report, e.g. --out reports")
    if args.jobs < 1:
        raise UsageError(f"--jobs must be 1 or more, not {args.jobs}")
    with _OneInterrupt():
        index = build_report(args.out, show_code=args.show_code, progress=_progress,
                             notebooks_dir=args.notebooks, notebooks=args.notebook,
                             oppositions=args.opposition, pdf=False if args.no_pdf else None,
                             jobs=args.jobs, command=_command_line(args) or None)
    return f"{index}\n"


def _cmd_handout(args) -> str:
    """Write the seminar handouts (HTML, and PDF with Chromium); returns their paths. The ids
    are checked before the note about a missing Chromium, so a mistake is one line."""
    from standpoint.comparison import shared_inputs
    from standpoint.publish.handouts import write_handouts

    if not args.out.strip():
        raise UsageError("--out is empty: name a folder for the handouts, "
                         "e.g. --out reports/handouts")
    inputs = shared_inputs(_corpus(args))
    with _OneInterrupt():
        written = write_handouts(args.out, args.opposition or None, inputs=inputs,
                                 pdf=False if args.no_pdf else None, progress=_progress)
    return "".join(f"{path}\n" for path in written)


class _OneInterrupt:
    """While a long command runs: the first SIGINT (Ctrl-C) raises ``KeyboardInterrupt`` as
    usual, later ones are ignored, so the cleanup it starts is never cut short by a second
    traceback. Only in the main thread (elsewhere signals cannot be handled); the previous
    handler comes back unless an interrupt arrived (then the program is ending)."""

    def __enter__(self):
        import signal
        import threading

        self.previous = None
        self.fired = False
        if threading.current_thread() is threading.main_thread():
            self.previous = signal.getsignal(signal.SIGINT)
            signal.signal(signal.SIGINT, self._handler)
        return self

    def _handler(self, signum, frame):
        if not self.fired:
            self.fired = True
            raise KeyboardInterrupt

    def __exit__(self, *exc_info):
        import signal

        if self.previous is not None and not self.fired:
            signal.signal(signal.SIGINT, self.previous)
        return False


# ------------------------------------------------------------------------ parser ----
def build_parser() -> argparse.ArgumentParser:
    """The argument parser (``prog`` is always ``standpoint``).

    Example:
        >>> build_parser().parse_args(["passages", "--voice", "note"]).voice
        'note'
    """
    from standpoint import __version__
    from standpoint.segment import MAX_INPUT_BYTES

    hidden = _Parser(add_help=False)
    hidden.add_argument("--corpus", metavar="DIR", default=argparse.SUPPRESS,
                        help=argparse.SUPPRESS)  # read another corpus folder (testing)
    parser = _Parser(
        prog="standpoint", parents=[hidden],
        description="Compare rival accounts of the Bolshevik oppositions, 1918-1930: "
                    "inspect the corpus, tag passages by tradition, evaluate, compare the "
                    "traditions on one opposition, search in context, build the report.",
        epilog="Exit codes: 0 ok, 1 a notebook failed, a PDF could not be printed or the "
               "output could not be written, 2 usage or input error.",
    )
    parser.add_argument("--version", action="version", version=f"standpoint {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True,
                                parser_class=_Parser)

    def add(name: str, help_: str, formats: tuple[str, ...] | None = FORMATS):
        p = sub.add_parser(name, parents=[hidden], help=help_, description=help_)
        if formats:
            p.add_argument("--format", default="table", choices=formats,
                           help=f"output format (default: table; one of {', '.join(formats)})")
        return p

    add("corpus", "list the documents of the corpus").set_defaults(run=_cmd_corpus)

    p = add("passages", "list the passages of the corpus (every column)")
    p.add_argument("--doc", metavar="DOC_ID", help="only this document's passages")
    p.add_argument("--voice", choices=VOICES, help="only passages in this voice")
    p.set_defaults(run=_cmd_passages)

    p = add("tag", "tag the passages of a text with the tradition they read like, or "
            "'uncertain' (low_confidence or unfamiliar); the table ends with what a verdict "
            "means, measured on held-out documents")
    p.add_argument("file", nargs="?", metavar="FILE",
                   help=f"UTF-8 text file, or - for stdin (at most {MAX_INPUT_BYTES:,} bytes)")
    p.add_argument("--jsonl", action="store_true",
                   help='input is JSON lines {"text": ..., "id": ...}; each line is one passage')
    p.set_defaults(run=_cmd_tag)

    add("evaluate", "evaluate the tagger on held-out documents (a tradition absent from "
        "training must come out uncertain), beside two plain baselines; random folds and "
        "contiguous blocks as optimistic bounds (about two minutes)",
        EVALUATE_FORMATS).set_defaults(run=_cmd_evaluate)

    p = add("compare", "compare how the traditions judge one opposition (one row per "
            "tradition)", COMPARE_FORMATS)
    p.add_argument("opposition", metavar="OPPOSITION",
                   help="an opposition id, e.g. workers-opposition (see corpus/oppositions.yaml)")
    p.set_defaults(run=_cmd_compare)

    p = add("kwic", "every occurrence of a word or phrase in the passages, in context")
    p.add_argument("term", metavar="TERM", help="a word or phrase (case-insensitive, whole words)")
    p.add_argument("--tradition", metavar="T", help="only this tradition's passages")
    p.add_argument("--opposition", metavar="O", help="only passages about this opposition")
    p.add_argument("--voice", choices=VOICES, help="only passages in this voice")
    p.add_argument("--window", metavar="N", type=_window, default=KWIC_WINDOW,
                   help=f"characters of context on each side (default: {KWIC_WINDOW}, "
                        f"at most {KWIC_MAX_WINDOW})")
    p.set_defaults(run=_cmd_kwic)

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
    p.add_argument("--notebooks", metavar="DIR", default=None,
                   help=argparse.SUPPRESS)  # another notebooks folder (testing)
    p.set_defaults(run=_cmd_report)

    p = add("handout", "write the printable seminar handouts (HTML, and PDF with Chromium)",
            None)
    p.add_argument("opposition", metavar="OPPOSITION", nargs="*",
                   help="opposition ids (default: every opposition two traditions discuss)")
    p.add_argument("--out", metavar="DIR", default="reports/handouts",
                   help="output folder (default: reports/handouts)")
    p.add_argument("--no-pdf", action="store_true", help="write HTML only")
    p.set_defaults(run=_cmd_handout)
    return parser


def _write(text: str) -> None:
    """Write ``text`` to stdout at once. A closed pipe stays a :class:`BrokenPipeError`;
    any other failure (a full disk, a closed stream, a character the output's encoding
    cannot hold) is an :class:`OutputError`."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except UnicodeEncodeError as exc:
        raise OutputError(f"stdout: cannot write {exc.object[exc.start:exc.end]!r} in "
                          f"{exc.encoding} ({exc.reason})") from None
    except (OSError, ValueError) as exc:  # (ValueError: "I/O operation on closed file")
        reason = getattr(exc, "strerror", None) or str(exc)
        raise OutputError(f"stdout: cannot write the output ({reason})") from None


def _silence_stdout() -> None:
    """After a broken pipe or a failed write, point stdout at /dev/null so the
    interpreter's final flush does not print another error."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass  # stdout is not a real file (e.g. captured in tests): nothing to flush


def main(argv: list[str] | None = None) -> int:
    """Run the command line with ``argv`` (default ``sys.argv[1:]``); return the exit code.

    Every error a user can cause (:class:`~standpoint.errors.StandpointError`) is printed
    as one line on stderr (:func:`one_line`) with the error's exit code; output is written
    a piece at a time (:func:`standpoint.render.formats.render_chunks`).

    Example:
        >>> main(["passages", "--doc", "afaq-oppositions", "--voice", "note", "--format", "csv"])
        passage_id,doc_id,tradition,section,start,end,text,voice,quoted_share,quoted_spans,authorial_share,n_words,topics
        0
    """
    args = build_parser().parse_args(argv)  # --help, --version and usage errors exit here
    args.argv = list(argv) if argv is not None else sys.argv[1:]
    if sys.stdout is None:  # started with stdout closed (``>&-``): say so before any work
        _print_error("stdout: cannot write the output (stdout is closed)")
        return EXIT_FAILED
    try:
        result = args.run(args)
        if isinstance(result, tuple):
            from standpoint.render import render_chunks

            result = render_chunks(*result)
        for piece in [result] if isinstance(result, str) else result:
            _write(piece)
    except OutputError as exc:
        _silence_stdout()
        _print_error(str(exc))
        return exc.exit_code
    except StandpointError as exc:
        _print_error(str(exc))
        return exc.exit_code
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_PIPE
    except MemoryError:
        _print_error("out of memory")
        return EXIT_FAILED
    except KeyboardInterrupt:
        import signal

        try:  # the program is ending: a second Ctrl-C must not print a traceback
            signal.signal(signal.SIGINT, signal.SIG_IGN)
        except ValueError:
            pass  # not the main thread
        print("standpoint: interrupted", file=sys.stderr)
        return 130
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
