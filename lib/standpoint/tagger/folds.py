"""The held-out schemes of the tagger's evaluation: which passages train and which test.

Test sets are always *authorial* passages (``voice == "author"``): the tagger claims to
recognise a tradition's own voice, not the voices it quotes. Training sets are the authorial
passages of what is not held out.

``held-out-documents`` (the headline, :func:`open_set_folds`)
    Leave one document out, in turn. Where the held-out document's tradition has another
    document the fold is *closed* (the right answer is that tradition); where it has none the
    tradition is absent from training, the fold is *open* and the right answer is
    ``uncertain``. A document written by two hands that can honestly be told apart
    (:data:`DOCUMENT_PARTS`: Tony Cliff's introduction and Chris Harman's essay) adds a
    closed fold for each part, held out with the other part in training.
``random-folds``
    5 stratified random folds. *Optimistic: shares documents between train and test*.
``contiguous-blocks``
    5 folds; in fold *k* the test set is the *k*-th contiguous fifth of every document's
    authorial passages. Optimistic too: the rest of each document is in training.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

OPEN_SET = "held-out-documents"
RANDOM = "random-folds"
CONTIGUOUS = "contiguous-blocks"
SCHEMES = (OPEN_SET, RANDOM, CONTIGUOUS)
SCHEME_LABELS = {
    OPEN_SET: "held-out documents: the tradition is absent from training in an open fold",
    RANDOM: "optimistic: shares documents between train and test",
    CONTIGUOUS: "optimistic: held-out contiguous fifth of every document",
}
N_SPLITS = 5
AUTHOR_ONLY = ("author",)
CLOSED, OPEN = "closed", "open"
#: Documents holding two texts by two authors, and how to tell them apart: ``doc_id ->
#: ((part id, sections of that part), (part id of the rest, None))``. The file
#: ``harman-revolution-lost`` opens with Tony Cliff's introduction (its own section, ending
#: "...first published in 1967 and reprinted here."), then Chris Harman's essay from the
#: heading "How the revolution was lost".
DOCUMENT_PARTS = {
    "harman-revolution-lost": (("cliff-intro", ("Introduction by Tony Cliff",)),
                               ("harman-essay", None)),
}


@dataclass(frozen=True)
class Fold:
    """One split: ``name``, ``kind`` (``closed``: the test passages' tradition is in
    training; ``open``: it is not), ``train`` and ``test`` (index labels of the passages)."""

    name: str
    kind: str
    train: pd.Index
    test: pd.Index


def ordered(passages_df: pd.DataFrame) -> pd.DataFrame:
    """Passages sorted by document (first appearance) then text position.

    Example:
        >>> df = pd.DataFrame({"doc_id": ["b", "a", "b"], "start": [9, 0, 1]})
        >>> ordered(df)["start"].tolist()
        [1, 9, 0]
    """
    doc_rank = {d: i for i, d in enumerate(pd.unique(passages_df["doc_id"]))}
    key = passages_df["doc_id"].map(doc_rank)
    return passages_df.assign(_doc_rank=key).sort_values(["_doc_rank", "start"], kind="stable")


def document_parts(passages_df: pd.DataFrame, parts: dict | None = None) -> pd.Series:
    """The part of its document each passage belongs to (its ``doc_id`` unless ``parts``,
    default :data:`DOCUMENT_PARTS`, splits the document by section).

    Example:
        >>> df = pd.DataFrame({"doc_id": ["h", "h", "x"], "section": ["Intro", "Essay", ""]})
        >>> document_parts(df, {"h": (("intro", ("Intro",)), ("essay", None))}).tolist()
        ['intro', 'essay', 'x']
    """
    parts = DOCUMENT_PARTS if parts is None else parts
    out = passages_df["doc_id"].astype(str).copy()
    for doc, ((first, sections), (rest, _)) in parts.items():
        in_doc = passages_df["doc_id"] == doc
        if not in_doc.any():
            continue
        in_first = in_doc & passages_df["section"].isin(sections)
        out[in_first] = first
        out[in_doc & ~in_first] = rest
    return out


def open_set_folds(passages_df: pd.DataFrame, parts: dict | None = None) -> list[Fold]:
    """The held-out-document folds (see the module docstring): one per document, in order
    of appearance, then one per part of each split document (``parts``, default
    :data:`DOCUMENT_PARTS`; a document whose parts are not both present is not split).

    Example:
        >>> from standpoint import load_corpus, passages
        >>> [(f.name, f.kind) for f in open_set_folds(passages(load_corpus()))][-3:]
        [('harman-revolution-lost', 'open'), ('cliff-intro', 'closed'), ('harman-essay', 'closed')]
    """
    author = ordered(passages_df)
    author = author[author["voice"] == "author"]
    part = document_parts(author, parts)
    doc_tradition = author.groupby("doc_id", sort=False)["tradition"].first()
    out = []
    for doc, tradition in doc_tradition.items():
        others = doc_tradition.drop(doc)
        kind = CLOSED if (others == tradition).any() else OPEN
        held = author["doc_id"] == doc
        out.append(Fold(str(doc), kind, author.index[~held], author.index[held]))
    for doc in doc_tradition.index:
        names = list(dict.fromkeys(part[author["doc_id"] == doc]))
        if len(names) < 2:
            continue
        for name in names:
            held = part == name
            out.append(Fold(str(name), CLOSED, author.index[~held], author.index[held]))
    return out


def folds(passages_df: pd.DataFrame, scheme: str, *, n_splits: int = N_SPLITS,
          parts: dict | None = None) -> list[Fold]:
    """The folds of ``scheme`` (one of :data:`SCHEMES`), index labels of ``passages_df``.

    Example:
        >>> from standpoint import load_corpus, passages
        >>> [f.name for f in folds(passages(load_corpus()), "contiguous-blocks")][:2]
        ['block 1', 'block 2']
    """
    if scheme not in SCHEMES:
        raise ValueError(f"unknown scheme {scheme!r}; known: {', '.join(SCHEMES)}")
    if scheme == OPEN_SET:
        return open_set_folds(passages_df, parts)
    P = ordered(passages_df)
    author = P[P["voice"] == "author"]
    out: list[Fold] = []
    if scheme == RANDOM:
        from sklearn.model_selection import StratifiedKFold

        skf = StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=0)
        for k, (_, test_pos) in enumerate(skf.split(np.zeros(len(author)), author["tradition"])):
            test = author.index[np.sort(test_pos)]
            out.append(Fold(f"fold {k + 1}", CLOSED, author.index[~author.index.isin(test)], test))
        return out
    held: list[list] = [[] for _ in range(n_splits)]
    for _, doc in author.groupby("doc_id", sort=False):
        for k, chunk in enumerate(np.array_split(np.arange(len(doc)), n_splits)):
            held[k].extend(doc.index[chunk])
    for k in range(n_splits):
        test = pd.Index(held[k])
        out.append(Fold(f"block {k + 1}", CLOSED, author.index[~author.index.isin(test)], test))
    return out
