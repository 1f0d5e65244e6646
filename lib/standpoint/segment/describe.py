"""Descriptive tables of the corpus and its passages (inputs: the corpus and the passages frame).

Every function returns a new DataFrame and never modifies its inputs.
"""

from __future__ import annotations

import pandas as pd

from standpoint.segment.blocks import VOICES


def document_table(corpus, passages: pd.DataFrame) -> pd.DataFrame:
    """One row per document: who wrote it and how much of it is the author's own voice.

    Columns: ``doc_id``, ``tradition``, ``author``, ``year``, ``passages``, ``author``,
    ``quotation``, ``note`` (passage counts per voice), ``words``, ``author_words_share``
    (share of the document's passage words in authorial passages),
    ``quoted_char_share`` (share of all passage characters inside quotation marks or in
    quotation passages: what is someone else's voice).

    Example:
        >>> from standpoint import load_corpus, passages
        >>> c = load_corpus()
        >>> t = document_table(c, passages(c))
        >>> list(t.columns[:3])
        ['doc_id', 'tradition', 'author_name']
    """
    p = passages.copy()
    p["chars"] = p["text"].str.len()
    # characters in someone else's voice: whole quotation passages, quoted spans elsewhere
    p["other_chars"] = (p["chars"] * p["quoted_share"]).where(p["voice"] != "quotation", p["chars"])
    counts = p.pivot_table(index="doc_id", columns="voice", values="passage_id",
                           aggfunc="count", fill_value=0)
    counts = counts.reindex(columns=list(VOICES), fill_value=0)
    words = p.groupby("doc_id")["n_words"].sum()
    author_words = p[p.voice == "author"].groupby("doc_id")["n_words"].sum()
    chars = p.groupby("doc_id")["chars"].sum()
    other = p.groupby("doc_id")["other_chars"].sum()
    docs = corpus.documents[["doc_id", "tradition", "author", "year"]].rename(
        columns={"author": "author_name"})
    table = docs.set_index("doc_id").join(counts).join(words.rename("words"))
    table["passages"] = counts.sum(axis=1).reindex(table.index).astype("int64")
    table["author_words_share"] = (author_words.reindex(table.index).fillna(0) / table["words"]).round(3)
    table["quoted_char_share"] = (other.reindex(table.index) / chars.reindex(table.index)).round(3)
    columns = ["tradition", "author_name", "year", "passages", *VOICES, "words",
               "author_words_share", "quoted_char_share"]
    return table[columns].reset_index()


def passage_counts(passages: pd.DataFrame, order: list[str] | None = None) -> pd.DataFrame:
    """Passages per tradition and voice (rows: traditions, in ``order`` if given).

    Example:
        >>> import pandas as pd
        >>> p = pd.DataFrame({"tradition": ["icc", "icc", "academic"],
        ...                   "voice": ["author", "quotation", "author"]})
        >>> passage_counts(p, ["icc", "academic"]).loc["icc", "quotation"]
        np.int64(1)
    """
    table = pd.crosstab(passages["tradition"], passages["voice"])
    table = table.reindex(columns=list(VOICES), fill_value=0)
    if order is not None:
        table = table.reindex(order, fill_value=0)
    table["total"] = table.sum(axis=1)
    table.columns.name = None
    return table


def length_summary(passages: pd.DataFrame, order: list[str] | None = None) -> pd.DataFrame:
    """Distribution of passage length (words) per tradition, authorial passages only.

    Columns: ``passages``, ``mean``, ``median``, ``min``, ``max``, ``words``.

    Example:
        >>> import pandas as pd
        >>> p = pd.DataFrame({"tradition": ["icc", "icc"], "voice": ["author"] * 2,
        ...                   "n_words": [10, 30]})
        >>> length_summary(p).loc["icc", "median"]
        np.float64(20.0)
    """
    own = passages[passages["voice"] == "author"]
    g = own.groupby("tradition")["n_words"]
    table = pd.DataFrame({
        "passages": g.size(), "mean": g.mean().round(1), "median": g.median(),
        "min": g.min(), "max": g.max(), "words": g.sum(),
    })
    if order is not None:
        table = table.reindex([t for t in order if t in table.index])
    table.index.name = "tradition"
    return table
