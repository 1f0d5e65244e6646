"""The held-out schemes of the tagger's evaluation: which passages train and which test.

Test sets are always *authorial* passages (``voice == "author"``): the tagger claims to
recognise a tradition's own voice, not the voices it quotes.

``random-folds``
    5 stratified random folds of authorial passages. *Optimistic: shares documents between
    train and test* -- neighbouring paragraphs of the same text sit on both sides.
``contiguous-blocks``
    5 folds; in fold *k* the test set is the *k*-th contiguous fifth of every document's
    authorial passages (text order), the rest of every document is training. Passages of
    other voices lying inside the held-out block are kept out of training too.
``leave-one-icc-document-out``
    The ICC is the only tradition with two documents: train on everything except one ICC
    text, test on that text; the question is how much of it is still recognised as ICC.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

RANDOM = "random-folds"
CONTIGUOUS = "contiguous-blocks"
LODO = "leave-one-icc-document-out"
SCHEMES = (RANDOM, CONTIGUOUS, LODO)
SCHEME_LABELS = {
    RANDOM: "optimistic: shares documents between train and test",
    CONTIGUOUS: "held-out contiguous fifth of every document",
    LODO: "held-out ICC text; accuracy = share recognised as ICC",
}
N_SPLITS = 5
LODO_TRADITION = "icc"
AUTHOR_ONLY = ("author",)
ALL_VOICES = ("author", "quotation", "note")


# ---------------------------------------------------------------------- folds ----
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


def folds(passages_df: pd.DataFrame, scheme: str, *, train_voices=AUTHOR_ONLY,
          n_splits: int = N_SPLITS) -> list[tuple[str, pd.Index, pd.Index]]:
    """The train/test splits of ``scheme``, as ``(fold name, train index, test index)``
    with index labels of ``passages_df``. Test sets hold authorial passages only; training
    sets hold passages whose voice is in ``train_voices``.

    Example:
        >>> from standpoint import load_corpus, passages
        >>> P = passages(load_corpus())
        >>> [name for name, _, _ in folds(P, "leave-one-icc-document-out")]
        ['icc-communist-left-1', 'icc-fractions-1922-23']
    """
    if scheme not in SCHEMES:
        raise ValueError(f"unknown scheme {scheme!r}; known: {', '.join(SCHEMES)}")
    P = ordered(passages_df)
    author = P[P["voice"] == "author"]
    trainable = P["voice"].isin(tuple(train_voices))
    out: list[tuple[str, pd.Index, pd.Index]] = []
    if scheme == RANDOM:
        from sklearn.model_selection import StratifiedKFold

        skf = StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=0)
        for k, (_, test_pos) in enumerate(skf.split(np.zeros(len(author)), author["tradition"])):
            test = author.index[np.sort(test_pos)]
            train = P.index[trainable & ~P.index.isin(test)]
            out.append((f"fold {k + 1}", train, test))
    elif scheme == CONTIGUOUS:
        held: list[list] = [[] for _ in range(n_splits)]
        blocked: list[list] = [[] for _ in range(n_splits)]
        for _, doc in P.groupby("doc_id", sort=False):
            doc_author = doc[doc["voice"] == "author"]
            for k, chunk in enumerate(np.array_split(np.arange(len(doc_author)), n_splits)):
                if len(chunk) == 0:
                    continue
                rows = doc_author.iloc[chunk]
                held[k].extend(rows.index)
                lo, hi = rows["start"].min(), rows["start"].max()
                # everything of this document lying inside the held-out block
                blocked[k].extend(doc.index[(doc["start"] >= lo) & (doc["start"] <= hi)])
        for k in range(n_splits):
            test = pd.Index(held[k])
            train = P.index[trainable & ~P.index.isin(blocked[k])]
            out.append((f"block {k + 1}", train, test))
    else:
        docs = pd.unique(P.loc[P["tradition"] == LODO_TRADITION, "doc_id"])
        if len(docs) < 2:
            raise ValueError(f"{LODO}: needs at least two '{LODO_TRADITION}' documents, "
                             f"found {len(docs)}")
        for d in docs:
            test = author.index[author["doc_id"] == d]
            train = P.index[trainable & (P["doc_id"] != d)]
            out.append((str(d), train, test))
    return out
