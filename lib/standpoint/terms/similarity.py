"""How close the traditions' vocabularies are on one selection, and where two of them come
closest, passage against passage.

Inputs are the term matrix (:func:`standpoint.terms.matrix.term_matrix`) of an already-selected
passages DataFrame (e.g. the passages about one opposition), or that frame itself: the same
counts as the keyness table (authorial passages, quotations (not scare quotes) and references
removed, stop words out, unigrams and bigrams; :mod:`standpoint.terms.vocabulary`). Each
passage becomes a TF-IDF vector: sublinear TF, IDF over the *passages* of the selection
(scikit-learn's smoothed IDF), unit length.

- A tradition's **profile** is the mean of its passages' vectors (each passage weighs the
  same, however long), and :func:`profile_similarity` is the cosine between profiles.
- :func:`closest_pairs` finds, for each pair of traditions, the passages with the highest
  cosine across them.

What the cosine sees: shared *words* (weighted by how rare they are in the selection), not
shared meaning. Two passages that say the same thing in different words score low; two that
use the same vocabulary to opposite ends score high. The closest pairs are therefore
candidates for a scholar to read, not a finding in themselves.

Profile cosines also depend on how many passages a group has: the mean of many passages keeps
only the vocabulary they share and looks like every other large group, while a group of two
passages keeps their particular words and looks unlike anything. Compare the cosines of groups
of similar size, or read them with the passage counts beside them.

Everything stays sparse: profiles are a (groups x terms) sparse product, and closest pairs
are found group pair by group pair, ``block_size`` rows of one group at a time against the
other group; no passages x passages matrix is ever made.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.preprocessing import normalize

from standpoint.errors import InputError
from standpoint.terms.matrix import DEFAULT, TermMatrix, as_term_matrix


def _passage_vectors(data, *, by, order, voice, strip_quotes, names, ngram_range, min_docs):
    m = as_term_matrix(data, voice=voice, strip_quotes=strip_quotes, names=names,
                       ngram_range=ngram_range)
    if m.by is not None:
        raise InputError(f"the matrix is grouped by {m.by!r}: similarity needs one row per passage")
    m = m.trim(1, min_docs)
    groups, rows = m.groups(by, order)
    if m.counts.shape[0] == 0 or m.counts.shape[1] == 0:
        vectors = sp.csr_matrix(m.counts.shape, dtype=float)
    else:
        vectors = TfidfTransformer(sublinear_tf=True).fit_transform(m.counts.astype(float)).tocsr()
    return m, groups, rows, vectors


def profile_similarity(data: TermMatrix | pd.DataFrame, by: str = "tradition", *,
                       order: Sequence | None = None, voice=DEFAULT, strip_quotes=DEFAULT,
                       names=DEFAULT, ngram_range=DEFAULT, min_docs: int = 2) -> pd.DataFrame:
    """Cosine similarity between the groups' TF-IDF profiles (square DataFrame).

    ``data``: a passage-level :class:`~standpoint.terms.matrix.TermMatrix`, or a passages
    frame counted with :func:`~standpoint.terms.matrix.term_matrix` and ``voice``,
    ``strip_quotes``, ``names``, ``ngram_range`` (as for
    :func:`~standpoint.terms.contrast.keyness`). ``order``: the groups' order
    (:func:`~standpoint.terms.matrix.group_order`; default: order of first appearance).

    Index and columns are the groups in table order
    (:func:`standpoint.terms.matrix.group_order`); the index is named after ``by``. Values lie in
    [0, 1]; the diagonal is 1 (0 for a group none of whose passages has a counted term).
    Terms must occur in at least ``min_docs`` passages of the selection (a term of one
    passage cannot be shared, it would only dilute its group's profile).

    Example:
        >>> df = pd.DataFrame({
        ...     "tradition": ["icc", "icc", "anarchist", "anarchist", "academic", "academic"],
        ...     "voice": "author",
        ...     "text": ["Party fractions fought the bureaucracy.", "Fractions fought inside the party.",
        ...              "The party crushed the soviets.", "Soviets and fractions alike.",
        ...              "Archive sources on the soviets.", "The archive sources."]})
        >>> sim = profile_similarity(df, order=["icc", "anarchist", "academic"])
        >>> sim.round(2)  # doctest: +NORMALIZE_WHITESPACE
                    icc  anarchist  academic
        tradition
        icc        1.00       0.37      0.00
        anarchist  0.37       1.00      0.18
        academic   0.00       0.18      1.00
    """
    m, groups, rows, vectors = _passage_vectors(
        data, by=by, order=order, voice=voice, strip_quotes=strip_quotes,
        names=names, ngram_range=ngram_range, min_docs=min_docs)
    n = np.bincount(rows, minlength=len(groups)).astype(float)
    indicator = sp.csr_matrix((np.ones(rows.size, dtype=np.int64), (rows, np.arange(rows.size))),
                              shape=(len(groups), rows.size))
    mean = sp.diags(1.0 / np.maximum(n, 1.0)) @ indicator @ vectors
    profiles = normalize(sp.csr_matrix(mean))
    sim = np.asarray((profiles @ profiles.T).todense())
    has_profile = np.asarray(profiles.getnnz(axis=1) > 0)
    np.fill_diagonal(sim, np.where(has_profile, 1.0, 0.0))
    sim = np.clip(sim, 0.0, 1.0)
    index = pd.Index(groups, name=by)
    return pd.DataFrame(sim, index=index, columns=pd.Index(groups))


CLOSEST_COLUMNS = ["tradition_a", "tradition_b", "rank", "passage_a", "passage_b", "cosine",
                   "text_a", "text_b"]


def closest_pairs(data: TermMatrix | pd.DataFrame, by: str = "tradition", top: int = 1, *,
                  order: Sequence | None = None, voice=DEFAULT, strip_quotes=DEFAULT,
                  names=DEFAULT, ngram_range=DEFAULT, min_docs: int = 2,
                  block_size: int = 2048) -> pd.DataFrame:
    """For each pair of groups, the ``top`` most similar pairs of passages across them.

    ``data``, ``order`` and the counting options: as for :func:`profile_similarity`.

    Columns: ``tradition_a``, ``tradition_b`` (the groups, a before b in table order, whatever
    ``by`` is), ``rank`` (1 = closest), ``passage_a``, ``passage_b`` (``passage_id``),
    ``cosine`` (of the passages' TF-IDF vectors, see the module docstring), ``text_a``,
    ``text_b`` (the passages' full ``text``: the caller truncates). Pairs with cosine 0 are
    not listed, so a pair of groups may have fewer than ``top`` rows (or none). Rows: group
    pairs in table order, then rank; ties broken by passage order.

    Computed group pair by group pair, ``block_size`` rows of group a at a time (sparse
    products of a block against group b): memory is bounded by ``block_size`` x (size of b).

    Example:
        >>> df = pd.DataFrame({"tradition": ["icc", "icc", "academic", "academic"],
        ...                    "passage_id": ["i:1", "i:2", "a:1", "a:2"], "voice": "author",
        ...                    "text": ["Party fractions fought.", "The soviets decayed.",
        ...                             "Archive sources.", "Fractions fought in the party."]})
        >>> closest_pairs(df, order=["icc", "academic"], min_docs=1)[
        ...     ["tradition_a", "tradition_b", "passage_a", "passage_b", "cosine"]].round(2)
          tradition_a tradition_b passage_a passage_b  cosine
        0         icc    academic       i:1       a:2    0.84
    """
    if top < 1:
        raise InputError(f"top must be at least 1, got {top}")
    if block_size < 1:
        raise InputError(f"block_size must be at least 1, got {block_size}")
    m, groups, rows, vectors = _passage_vectors(
        data, by=by, order=order, voice=voice, strip_quotes=strip_quotes,
        names=names, ngram_range=ngram_range, min_docs=min_docs)
    ids = m.rows["passage_id"].tolist() if "passage_id" in m.rows else list(range(len(rows)))
    texts = m.rows["text"].tolist()
    members = [np.flatnonzero(rows == g) for g in range(len(groups))]
    out = []
    for ga in range(len(groups)):
        for gb in range(ga + 1, len(groups)):
            a_rows, b_rows = members[ga], members[gb]
            b_t = vectors[b_rows].T.tocsc()
            best_cos = np.empty(0)
            best_a = np.empty(0, dtype=np.int64)
            best_b = np.empty(0, dtype=np.int64)
            for start in range(0, a_rows.size, block_size):
                block = a_rows[start:start + block_size]
                prod = (vectors[block] @ b_t).tocoo()
                keep = prod.data > 0
                if keep.sum() > top:  # only values reaching the top-th largest (ties kept)
                    kth = np.partition(prod.data[keep], -top)[-top]
                    keep &= prod.data >= kth
                cos = np.concatenate([best_cos, prod.data[keep]])
                ia = np.concatenate([best_a, block[prod.row[keep]]])
                ib = np.concatenate([best_b, b_rows[prod.col[keep]]])
                sort = np.lexsort((ib, ia, -cos))[:top]
                best_cos, best_a, best_b = cos[sort], ia[sort], ib[sort]
            for rank, (c, i, j) in enumerate(zip(best_cos, best_a, best_b), start=1):
                out.append({"tradition_a": groups[ga], "tradition_b": groups[gb], "rank": rank,
                            "passage_a": ids[i], "passage_b": ids[j],
                            "cosine": float(min(c, 1.0)), "text_a": texts[i], "text_b": texts[j]})
    return pd.DataFrame(out, columns=CLOSEST_COLUMNS)


def similarity_heatmap(sim_df: pd.DataFrame, colours: dict[str, str], *, title: str | None = None):
    """A heatmap of a square similarity table (:func:`profile_similarity`), values written in
    the cells, tick labels in the traditions' colours (black for a group without a colour).
    Returns a matplotlib ``Figure`` (made without pyplot: nothing global is registered).

    Example:
        >>> sim = pd.DataFrame([[1.0, 0.4], [0.4, 1.0]], index=["icc", "academic"],
        ...                    columns=["icc", "academic"])
        >>> fig = similarity_heatmap(sim, {"icc": "#D55E00", "academic": "#009E73"})
        >>> [t.get_color() for t in fig.axes[0].get_xticklabels()]
        ['#D55E00', '#009E73']
    """
    from matplotlib.figure import Figure

    labels = [str(x) for x in sim_df.index]
    values = sim_df.to_numpy(dtype=float)
    n = len(labels)
    fig = Figure(figsize=(1.1 * n + 2.4, 1.1 * n + 1.4))
    ax = fig.add_subplot()
    image = ax.imshow(values, vmin=0.0, vmax=1.0, cmap="viridis")
    ax.set_xticks(range(n), labels=[str(c) for c in sim_df.columns], rotation=30, ha="right")
    ax.set_yticks(range(n), labels=labels)
    for tick in list(ax.get_xticklabels()) + list(ax.get_yticklabels()):
        tick.set_color(colours.get(tick.get_text(), "black"))
        tick.set_fontweight("bold")
    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            v = values[i, j]
            ax.text(j, i, f"{v:.2f}", ha="center", va="center", fontsize=9,
                    color="black" if v > 0.6 else "white")
    fig.colorbar(image, ax=ax, label="cosine similarity of TF-IDF profiles", shrink=0.8)
    ax.set_title(title or "How close the traditions' vocabularies are")
    fig.tight_layout()
    return fig
