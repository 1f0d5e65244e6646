"""The tagger's commands: ``tag`` (a text or JSON lines, passage by passage) and ``evaluate``."""

from __future__ import annotations

import json
import sys

from standpoint.cli.corpus_folder import load
from standpoint.cli.errors import UsageError

EVALUATE_FORMATS = ("table", "json")


def trainable(corpus):
    """``corpus`` if the tagger can learn from it (two traditions or more), else a one-line
    :class:`~standpoint.cli.errors.UsageError` saying what to add.

    Example:
        >>> from standpoint.corpus import load_corpus
        >>> trainable(load_corpus()).tradition_order[0]
        'icc'
    """
    if len(corpus.tradition_order) < 2:
        raise UsageError(f"{corpus.root}: {len(corpus.tradition_order)} tradition(s) with texts;"
                         " the tagger needs two or more (add texts with standpoint add)")
    return corpus


def run_tag(args):
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

    corpus = trainable(load(args))
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


def run_evaluate(args) -> str:
    """The tagger's evaluation (held-out documents first), as the report text or as JSON
    with the keys :data:`EVALUATE_KEYS`."""
    from standpoint.render import to_jsonable
    from standpoint.segment import passages
    from standpoint.tagger import subjects_of
    from standpoint.tagger.evaluation import evaluate
    from standpoint.tagger.text_report import format_report

    corpus = trainable(load(args))
    report = evaluate(passages(corpus), subjects=subjects_of(corpus))
    if args.format == "table":
        text = format_report(report)
        return text if text.endswith("\n") else text + "\n"
    payload = {key: to_jsonable(getattr(report, key)) for key in EVALUATE_KEYS}
    return json.dumps(payload, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


__all__ = ["EVALUATE_FORMATS", "EVALUATE_KEYS", "run_evaluate", "run_tag", "tag_columns",
           "tag_in_pieces", "trainable"]
