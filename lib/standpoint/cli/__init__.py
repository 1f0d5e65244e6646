"""The ``standpoint`` command line.

Commands (each prints to stdout; ``--format`` is ``table`` unless given; every command takes
``--corpus DIR``, default ``$STANDPOINT_CORPUS``, else the project's ``corpus/``)::

    standpoint corpus    [--format table|csv|json|jsonl]
    standpoint passages  [--doc DOC_ID] [--voice VOICE] [--format table|csv|json|jsonl]
    standpoint tag       [FILE|-] [--jsonl] [--format table|csv|json|jsonl]
    standpoint evaluate  [--format table|json]
    standpoint compare   OPPOSITION [--format table|csv|json|markdown|latex|html]
    standpoint kwic      TERM [--tradition T] [--opposition O] [--voice VOICE] [--window N]
                         [--format table|csv|json|jsonl]
    standpoint quotes    [--tradition T] [--speaker S] [--opposition O] [--shared]
                         [--format table|csv|json|jsonl]
    standpoint report    [--out DIR] [--show-code] [--notebook NAME]... [--opposition ID]...
                         [--jobs N] [--no-pdf] [--no-cache]
    standpoint handout   [OPPOSITION ...] [--out DIR] [--no-pdf]
    standpoint init      DIR
    standpoint add       FILE --tradition T --author A --title TITLE [--year Y] [--venue V]
                         [--doc-id ID] [--new-tradition NAME --colour #RRGGBB]
    standpoint remove    DOC_ID [--keep-file]

One module per group of commands: :mod:`~standpoint.cli.reading` (corpus, passages, compare,
kwic, quotes), :mod:`~standpoint.cli.tagging` (tag, evaluate), :mod:`~standpoint.cli.publishing`
(report, handout), :mod:`~standpoint.cli.managing` (init, add, remove);
:mod:`~standpoint.cli.parser` holds the options, :mod:`~standpoint.cli.errors` and
:mod:`~standpoint.cli.output` what happens to errors and output.

``passages`` prints every column of the passages table and, last, ``topics``: the ids of the
subjects the passage is about (a list in json/jsonl, ``;``-joined in csv/table).
``compare`` prints the comparison of one opposition (one row per tradition; ``json`` has the
keys documented in :mod:`standpoint.render.comparison`). ``kwic`` prints every occurrence of a
word or phrase in context, each line with its passage id (``--window``: characters of context
on each side, default 60, at most 1000; the table pads the left context to the longest one
found, not to the window).

``report`` runs every notebook (the per-opposition one once for each opposition two traditions
discuss), writes the seminar handouts and an index with the provenance, shows progress on
stderr and prints the index path (see :mod:`standpoint.publish.report`); a notebook whose
inputs (the notebook, its parameters, the package, every corpus file it read) are unchanged
since an earlier build is reused from the cache (:mod:`standpoint.publish.cache`), unless
``--no-cache``. ``handout`` writes only
the handouts and prints their paths.

``tag`` reads plain text (split into passages) or, with ``--jsonl``, one JSON object per
line with a ``text`` string and an optional ``id`` (each line is one passage), and prints
for every passage: ``id``, ``tradition`` (or ``uncertain``), one ``p_<tradition>`` per
tradition, ``voice``, then ``reason`` (empty, ``low_confidence`` or ``unfamiliar``), ``margin``
and ``familiarity``; the table ends with what a verdict means, in figures measured on
held-out documents. The fitted tagger is cached (:mod:`standpoint.tagger.store`), so only the
first call on a corpus fits it.

``init`` writes an empty corpus; ``add`` copies a text in and registers it with its sha256
(prints the new ``doc_id``); ``remove`` takes one out. Both change the corpus atomically and
refuse a mistake with one line, changing nothing.

Exit codes: 0 success; 1 a notebook failed or Chromium could not print (``report``,
``handout``), or the output could not be written (a full disk, a closed stdout); 2 a usage
or input error; 130 interrupted (Ctrl-C). Every error is one line on stderr, never a
traceback: what it echoes (an argument, a line of input) has its line breaks and other
unprintable characters escaped. Output cut short by a closed pipe (``| head``) ends quietly.

Limits: ``tag`` reads at most :data:`standpoint.segment.inputs.MAX_INPUT_BYTES` (16 MB) and
refuses a larger input without reading it; ``kwic --window`` is at most 1000 characters.

Heavy libraries are imported inside the commands, so ``standpoint --help`` is quick.
"""

from __future__ import annotations

import sys

from standpoint.cli.errors import (
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_PIPE,
    EXIT_USAGE,
    OutputError,
    UsageError,
    one_line,
    print_error,
)
from standpoint.cli.output import silence_stdout, write
from standpoint.cli.parser import (
    COMPARE_FORMATS,
    KWIC_MAX_WINDOW,
    KWIC_WINDOW,
    VOICES,
    build_parser,
)
from standpoint.cli.tagging import EVALUATE_FORMATS, tag_columns, tag_in_pieces
from standpoint.errors import StandpointError
from standpoint.render.concordance import concordance


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
        print_error("stdout: cannot write the output (stdout is closed)")
        return EXIT_FAILED
    try:
        result = args.run(args)
        if isinstance(result, tuple):
            from standpoint.render import render_chunks

            result = render_chunks(*result)
        for piece in [result] if isinstance(result, str) else result:
            write(piece)
    except OutputError as exc:
        silence_stdout()
        print_error(str(exc))
        return exc.exit_code
    except StandpointError as exc:
        print_error(str(exc))
        return exc.exit_code
    except BrokenPipeError:
        silence_stdout()
        return EXIT_PIPE
    except MemoryError:
        print_error("out of memory")
        return EXIT_FAILED
    except KeyboardInterrupt:
        import signal

        try:  # the program is ending: a second Ctrl-C must not print a traceback
            signal.signal(signal.SIGINT, signal.SIG_IGN)
        except ValueError:
            pass  # not the main thread
        print("standpoint: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    return EXIT_OK


__all__ = ["COMPARE_FORMATS", "EVALUATE_FORMATS", "EXIT_FAILED", "EXIT_INTERRUPTED", "EXIT_OK",
           "EXIT_PIPE", "EXIT_USAGE", "KWIC_MAX_WINDOW", "KWIC_WINDOW", "VOICES", "OutputError",
           "UsageError", "build_parser", "concordance", "main", "one_line", "tag_columns",
           "tag_in_pieces"]
