"""The tagger's commands: ``tag`` (a text or JSON lines, passage by passage) and ``evaluate``."""

from __future__ import annotations

import json
import sys
from typing import Any

from standpoint.cli.corpus_folder import load
from standpoint.cli.errors import UsageError

EVALUATE_FORMATS = ("table", "json")
TAG_PIECE_CHARS = 400_000  # ``tag`` tags this many characters of text at a time, at most
TAG_PIECE_ROWS = 1_000  # ... and this many passages (measured: 16 MB of prose peaks at 0.3 GB)


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


def run_tag(args) -> tuple[Any, str]:
    """Tag passages of a text (or of JSON lines) with a tradition and probabilities."""
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
    from standpoint.tagger import fit_corpus_tagger

    corpus = trainable(load(args))
    tagged = tag_in_pieces(fit_corpus_tagger(corpus), passages_df)
    return tag_columns(tagged, corpus.tradition_order), args.format


def tag_in_pieces(tagger, passages_df, chars: int | None = None, rows: int | None = None):
    """:func:`standpoint.tagger.tag_passages`, a piece of at most ``chars`` characters of
    text or ``rows`` passages at a time (default :data:`TAG_PIECE_CHARS`,
    :data:`TAG_PIECE_ROWS`): the same rows (each passage is tagged on its own), with the
    feature matrices of one piece in memory instead of those of the whole input.

    Example:
        >>> from standpoint.tagger import TraditionTagger
        >>> import pandas as pd
        >>> t = TraditionTagger(threshold=0.5).fit(["red flag", "black flag"], ["x", "y"])
        >>> df = pd.DataFrame({"passage_id": ["a", "b", "c"], "text": ["red", "black", "red"]})
        >>> tag_in_pieces(t, df, rows=2)["tradition"].tolist()
        ['x', 'y', 'x']
    """
    import pandas as pd

    from standpoint.tagger import tag_passages

    chars = TAG_PIECE_CHARS if chars is None else chars
    rows = TAG_PIECE_ROWS if rows is None else rows
    texts = passages_df["text"].tolist() if "text" in getattr(passages_df, "columns", ()) else []
    lengths = [len(t) if isinstance(t, str) else 0 for t in texts]  # (tag_passages checks)
    starts, size = [0], 0
    for i, n in enumerate(lengths):
        if i > starts[-1] and (size + n > chars or i - starts[-1] >= rows):
            starts.append(i)
            size = 0
        size += n
    if len(starts) == 1:
        return tag_passages(tagger, passages_df)
    ends = starts[1:] + [len(lengths)]
    return pd.concat([tag_passages(tagger, passages_df.iloc[a:b]) for a, b in zip(starts, ends)],
                     ignore_index=True)


def tag_columns(tagged, tradition_order: list[str]):
    """The columns ``tag`` prints: ``id``, ``tradition``, ``p_<t>`` in the corpus's
    tradition order (then any other class), ``voice``.

    Example:
        >>> import pandas as pd
        >>> df = pd.DataFrame({"id": ["a"], "tradition": ["icc"], "p_b": [0.1], "p_icc": [0.9],
        ...                    "top_probability": [0.9], "voice": ["author"]})
        >>> list(tag_columns(df, ["icc", "b"]).columns)
        ['id', 'tradition', 'p_icc', 'p_b', 'voice']
    """
    present = [c for c in tagged.columns if c.startswith("p_")]
    ordered = [f"p_{t}" for t in tradition_order if f"p_{t}" in present]
    ordered += [c for c in present if c not in ordered]
    return tagged[["id", "tradition"] + ordered + ["voice"]].reset_index(drop=True)


def run_evaluate(args) -> str:
    """The honest evaluation, as the report text or as JSON (``summary``, ``per_class``,
    ``confusion`` as ``scheme -> true -> predicted -> count``, ``lodo``, and the
    ``uncertain`` threshold with its ``uncertain_share`` and ``confident_accuracy``)."""
    from standpoint.render import to_jsonable
    from standpoint.segment import passages
    from standpoint.tagger.evaluation import evaluate, format_report

    report = evaluate(passages(trainable(load(args))))
    if args.format == "table":
        text = format_report(report)
        return text if text.endswith("\n") else text + "\n"
    keys = ("summary", "per_class", "confusion", "lodo",
            "threshold", "uncertain_share", "confident_accuracy")
    payload = {key: to_jsonable(getattr(report, key)) for key in keys}
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


__all__ = ["EVALUATE_FORMATS", "TAG_PIECE_CHARS", "TAG_PIECE_ROWS", "run_evaluate", "run_tag", "trainable",
           "tag_columns", "tag_in_pieces"]
