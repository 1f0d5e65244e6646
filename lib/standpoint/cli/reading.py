"""The commands that read the corpus: ``corpus``, ``passages``, ``compare``, ``kwic``.

Each returns what it prints: a string, or ``(DataFrame, format)`` that
:func:`standpoint.render.render_chunks` writes.
"""

from __future__ import annotations

from typing import Any

from standpoint.cli.corpus_folder import load
from standpoint.cli.errors import UsageError
from standpoint.render.concordance import concordance, flat_lists


def run_corpus(args) -> tuple[Any, str]:
    """The documents of the corpus (every column of ``documents.csv``)."""
    return load(args).documents, args.format


def run_passages(args) -> tuple[Any, str]:
    """Every passage (every column), optionally only one document's or one voice's; last,
    ``topics``: the subjects each passage is about."""
    from standpoint.segment import passages

    corpus = load(args)
    if args.doc is not None and args.doc not in corpus.texts:
        known = ", ".join(corpus.documents["doc_id"]) or "none"
        raise UsageError(f"unknown document '{args.doc}' (known: {known})")
    df = passages(corpus)
    df = df.assign(topics=_topic_lists(corpus, df).tolist(),  # on the whole corpus
                   quoted_spans=[[[int(a), int(b)] for a, b in s] for s in df["quoted_spans"]])
    if args.doc is not None:
        df = df[df["doc_id"] == args.doc]
    if args.voice is not None:
        df = df[df["voice"] == args.voice]
    return flat_lists(df.reset_index(drop=True), args.format), args.format


def _topics(corpus, df):
    from standpoint.corpus import load_oppositions
    from standpoint.topics import mentions, topics

    oppositions = load_oppositions(corpus.root)
    return topics(df, mentions(df, oppositions), oppositions)


def _topic_lists(corpus, df):
    from standpoint.topics import topic_lists

    return topic_lists(df, _topics(corpus, df))


def run_compare(args) -> str:
    """The comparison of one opposition (subject), in one of the compare formats."""
    from standpoint.comparison import compare
    from standpoint.render.comparison import render

    return render(compare(args.opposition, corpus=load(args)), args.format)


def run_kwic(args) -> tuple[Any, str] | str:
    """Every occurrence of TERM in the passages (optionally of one tradition, one voice, or
    about one opposition), with ``--window`` characters of context on each side."""
    corpus = load(args)
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


def run_quotes(args) -> tuple[Any, str]:
    """The quotation ledger, one row per quotation, filtered (see
    :func:`standpoint.quotations.quotes_table`); list cells (``oppositions``, ``shared_with``)
    are ``;``-joined in csv and table, lists in json and jsonl."""
    from standpoint.quotations import quotes_table

    table = quotes_table(load(args), tradition=args.tradition, speaker=args.speaker,
                         opposition=args.opposition, shared=args.shared)
    return flat_lists(table.reset_index(drop=True), args.format), args.format


__all__ = ["run_compare", "run_corpus", "run_kwic", "run_passages",
           "run_quotes"]
