"""What each tradition stresses: keyness of terms, all groups at once, for one selection.

The input is a term matrix (:func:`standpoint.terms.matrix.term_matrix`) of an already-selected
passages DataFrame (e.g. the passages about one opposition), or the passages frame itself (it
is then counted here, with the same options). Each group (tradition, by default) is compared
with *all the other groups together* on the same selection, so the table answers "what does
the ICC say about the Workers' Opposition that the others, writing about the same opposition,
do not?" for every tradition at once. What counts as a term (authorial passages, quotations
but not scare quotes and references removed, stop words, bigrams, names) is
:mod:`standpoint.terms.vocabulary`.

Statistics (:func:`keyness`): for a term with frequency ``a`` in the target group (of size
``c`` running words) and ``b`` in the rest (size ``d``):

- **G2** (log-likelihood, Dunning 1993 as computed by Rayson & Garside 2000 and the UCREL
  log-likelihood wizard): ``E1 = c(a+b)/(c+d)``, ``E2 = d(a+b)/(c+d)``,
  ``G2 = 2(a ln(a/E1) + b ln(b/E2))`` with ``0 ln 0 = 0``; ``p`` from the chi-squared
  distribution with 1 degree of freedom. Group sizes are *running words* (every word token,
  stop words and names included; numbers, references and removed quotations excluded), so
  the relative frequencies are per word of the group's own prose.
- **Log ratio** (Hardie 2014): ``log2((a/c) / (b/d))``; a zero frequency is replaced by 0.5
  (Hardie's adjustment) so that a term absent from one side still has a finite effect size.
  +1 means twice as frequent in the target as in the rest.
- **Dispersion.** Terms are tested when they occur ``min_freq`` times in ``min_docs``
  passages of the whole selection (the same terms for every group); a term is *significant*
  for a group only if that group itself uses it ``min_freq`` times in ``min_docs`` passages:
  a word one passage repeats is that passage's topic, not the tradition's emphasis.
- **Correction** for the number of terms tested, within each group (the family is "all the
  terms of this group's column"): ``holm`` (default), ``bonferroni`` or ``bh``
  (Benjamini-Hochberg false discovery rate); see :func:`adjust_pvalues`.

:func:`tfidf_terms` ranks the same candidate terms by TF-IDF salience, and
:func:`method_agreement` says how far the two rankings agree.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from standpoint.errors import InputError
from standpoint.terms.matrix import DEFAULT, TermMatrix, as_term_matrix

_CORRECTIONS = ("holm", "bonferroni", "bh")


# --------------------------------------------------------------------- statistics ----

def log_likelihood(a, b, c, d) -> np.ndarray:
    """Log-likelihood G2 of frequency ``a`` in a corpus of ``c`` words against ``b`` in
    ``d`` words (Rayson's two-cell formula; see the module docstring). Vectorised.

    Example:
        >>> round(float(log_likelihood(100, 50, 10_000, 20_000)), 4)   # = 100 ln 2
        69.3147
    """
    a, b, c, d = (np.asarray(x, dtype=float) for x in (a, b, c, d))
    total = a + b
    with np.errstate(divide="ignore", invalid="ignore"):
        e1 = c * total / (c + d)
        e2 = d * total / (c + d)
        t1 = np.where(a > 0, a * np.log(a / e1), 0.0)
        t2 = np.where(b > 0, b * np.log(b / e2), 0.0)
    return np.maximum(2.0 * (t1 + t2), 0.0)


def log_ratio(a, b, c, d) -> np.ndarray:
    """Hardie's log ratio: ``log2((a/c) / (b/d))``, a zero frequency counted as 0.5.

    Example:
        >>> float(log_ratio(20, 10, 1000, 1000)), float(log_ratio(0, 1, 100, 100))
        (1.0, -1.0)
    """
    a, b, c, d = (np.asarray(x, dtype=float) for x in (a, b, c, d))
    a = np.where(a > 0, a, 0.5)
    b = np.where(b > 0, b, 0.5)
    return np.log2((a / c) / (b / d))


def adjust_pvalues(p, method: str = "holm") -> np.ndarray:
    """p-values corrected for multiple testing: ``holm`` (step-down, family-wise error),
    ``bonferroni`` (``p * m``) or ``bh`` (Benjamini-Hochberg step-up, false discovery rate).
    The result is never below ``p``, never above 1, and keeps the order of ``p``.

    Example:
        >>> adjust_pvalues([0.01, 0.04, 0.03, 0.005], "holm").round(3).tolist()
        [0.03, 0.06, 0.06, 0.02]
        >>> adjust_pvalues([0.01, 0.04, 0.03, 0.005], "bh").round(4).tolist()
        [0.02, 0.04, 0.04, 0.02]
    """
    if method not in _CORRECTIONS:
        raise InputError(f"correction must be one of {', '.join(_CORRECTIONS)}, not {method!r}")
    p = np.asarray(p, dtype=float)
    m = p.size
    if m == 0:
        return p.copy()
    if method == "bonferroni":
        return np.minimum(p * m, 1.0)
    order = np.argsort(p, kind="stable")
    ranked = p[order]
    if method == "holm":
        adj = np.maximum.accumulate(ranked * (m - np.arange(m)))
    else:  # bh
        adj = np.minimum.accumulate((ranked * m / np.arange(1, m + 1))[::-1])[::-1]
    out = np.empty(m)
    out[order] = np.minimum(adj, 1.0)
    return np.maximum(out, p)


KEYNESS_COLUMNS = ["term", "freq", "freq_other", "n_passages", "g2", "log_ratio", "p", "p_adj",
                   "direction", "significant", "rank", "is_name", "per_10k", "per_10k_other"]


def keyness(data: TermMatrix | pd.DataFrame, *, by: str = "tradition", order: Sequence | None = None,
            min_freq: int = 3, min_docs: int = 2, ngram_range=DEFAULT, alpha: float = 0.05,
            correction: str = "holm", positive_only: bool = True, voice=DEFAULT,
            strip_quotes=DEFAULT, names=DEFAULT) -> pd.DataFrame:
    """Keyness of every term for every group against all the other groups of the selection.

    ``data``: a :class:`~standpoint.terms.matrix.TermMatrix` (of passages, or already
    grouped by ``by``), or a passages frame, counted with
    :func:`~standpoint.terms.matrix.term_matrix` and ``voice``, ``strip_quotes``, ``names``,
    ``ngram_range`` (defaults ``"author"``, ``True``, ``"keep"``, ``(1, 2)``; given with a
    matrix, they must be those it was built with). ``order``: the groups' order
    (:func:`~standpoint.terms.matrix.group_order`; default: order of first appearance).

    Terms tested: those occurring at least ``min_freq`` times in at least ``min_docs``
    passages of the whole selection (the same terms for every group). Every group gets a row
    for every such term, including terms it never uses (negative keyness).

    Columns (the first is named after ``by``):

    ==============  ==================================================================
    <by>            the group (``tradition``)
    term            unigram or bigram
    freq            occurrences in the group's passages
    freq_other      occurrences in the other groups' passages
    n_passages      dispersion: in how many of the group's passages the term occurs
    g2              log-likelihood G2 (>= 0, whichever the direction)
    log_ratio       Hardie's log ratio, binary log of the relative-frequency ratio
                    (zero frequencies counted as 0.5)
    p, p_adj        p from chi2 (1 df); corrected (``correction``) within the group
    direction       ``over`` (log_ratio > 0) or ``under``
    significant     ``over``, ``p_adj < alpha`` and the group itself uses the term at
                    least ``min_freq`` times in at least ``min_docs`` passages (a term of
                    one passage is that passage's topic, not the tradition's stress).
                    With ``positive_only=False`` ``under`` terms with ``p_adj < alpha``
                    are significant too.
    rank            1, 2, ... within (group, direction), in table order
    is_name         the term is (or contains) a proper name (:mod:`standpoint.terms.vocabulary`)
    per_10k         freq per 10,000 running words of the group; ``per_10k_other``: rest
    ==============  ==================================================================

    Rows: groups in order (``order``), then ``over`` before ``under``, then ``g2``
    descending, ties by term. A group with no passages (after the voice filter) or no words is
    absent; at least two groups must remain.

    Example:
        >>> df = pd.DataFrame({
        ...     "tradition": ["icc"] * 3 + ["academic"] * 3,
        ...     "voice": "author",
        ...     "text": ["The fraction fought.", "A fraction again and the fraction.",
        ...              "The fraction and the party.", "The party archive.",
        ...              "An archive of the party.", "The party and the archive."]})
        >>> k = keyness(df, min_freq=2)
        >>> k[k.direction == "over"][["tradition", "term", "freq", "n_passages", "rank"]]
          tradition      term  freq  n_passages  rank
        0       icc  fraction     4           3     1
        3  academic   archive     3           3     1
        4  academic     party     3           3     2

    The same from a matrix counted once (and shared with the other statistics):

        >>> from standpoint.terms.matrix import term_matrix
        >>> keyness(term_matrix(df), min_freq=2).equals(k)
        True
    """
    if not 0 < alpha < 1:
        raise InputError(f"alpha must be between 0 and 1, got {alpha}")
    if correction not in _CORRECTIONS:
        raise InputError(f"correction must be one of {', '.join(_CORRECTIONS)}, not {correction!r}")
    from scipy.stats import chi2  # lazily: scipy.stats takes about a second to import

    m = as_term_matrix(data, voice=voice, strip_quotes=strip_quotes, names=names,
                       ngram_range=ngram_range).trim(min_freq, min_docs).group(by, order)
    groups, sizes = m.rows[by].tolist(), m.n_words
    live = [i for i in range(len(groups)) if sizes[i] > 0]
    if len(live) < 2:
        raise ValueError(f"keyness needs at least two groups with words in column {by!r}; "
                         f"found {[groups[i] for i in live]}")
    counts = np.asarray(m.counts.todense())
    present = np.asarray(m.passages_with.todense())
    total = counts.sum(axis=0)
    n_total = sizes.sum()
    frames = []
    for i in live:
        a = counts[i]
        b = total - a
        c, d = sizes[i], n_total - sizes[i]
        g2 = log_likelihood(a, b, c, d)
        lr = log_ratio(a, b, c, d)
        p = chi2.sf(g2, 1)
        p_adj = adjust_pvalues(p, correction)
        over = lr > 0
        dispersed = (a >= min_freq) & (present[i] >= min_docs)
        significant = (p_adj < alpha) & over & dispersed
        if not positive_only:
            significant |= (p_adj < alpha) & ~over
        sort = np.lexsort((m.terms.astype(str), -g2, ~over))
        part = pd.DataFrame({
            by: [groups[i]] * len(sort),
            "term": m.terms[sort].astype(str),
            "freq": a[sort].astype(np.int64),
            "freq_other": b[sort].astype(np.int64),
            "n_passages": present[i][sort].astype(np.int64),
            "g2": g2[sort],
            "log_ratio": lr[sort],
            "p": p[sort],
            "p_adj": p_adj[sort],
            "direction": np.where(over[sort], "over", "under"),
            "significant": significant[sort],
            "is_name": m.is_name[sort],
            "per_10k": a[sort] / c * 1e4,
            "per_10k_other": b[sort] / d * 1e4,
        })
        n_over = int(over.sum())
        part["rank"] = np.concatenate([np.arange(1, n_over + 1),
                                       np.arange(1, len(sort) - n_over + 1)]).astype(np.int64)
        frames.append(part)
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    return out.reindex(columns=[by] + KEYNESS_COLUMNS)


def tfidf_terms(data: TermMatrix | pd.DataFrame, *, top: int | None = 15, by: str = "tradition",
                order: Sequence | None = None, min_freq: int = 3, min_docs: int = 2,
                ngram_range=DEFAULT, voice=DEFAULT, strip_quotes=DEFAULT,
                names=DEFAULT) -> pd.DataFrame:
    """Top TF-IDF terms per group, each group's passages taken as one document.

    ``data``, ``order`` and the counting options: as for :func:`keyness`.

    Same tokenisation and the same term filter as :func:`keyness` (so the two methods rank
    the same candidate terms). TF is sublinear (``1 + ln tf``), IDF is scikit-learn's smoothed
    ``ln((1 + n) / (1 + df)) + 1`` across the ``n`` groups, each group's vector has unit
    length. With four groups IDF is coarse: a term every group uses still weighs 1 (against
    at most ``1 + ln(5/2)`` for a term of one group), so frequent shared words can rank high;
    :func:`keyness` is the better measure of contrast, this one of salience.

    Columns: <by>, ``term``, ``tfidf``, ``rank`` (1 = highest within the group), ``freq``
    (occurrences in the group), ``is_name``. Rows: groups in order, then rank; ties by
    term. ``top=None`` keeps every term the group uses.

    Example:
        >>> df = pd.DataFrame({"tradition": ["icc", "icc", "academic", "academic"],
        ...                    "voice": "author",
        ...                    "text": ["Fractions and the party.", "The fractions and the party.",
        ...                             "The party archive.", "Party archive sources."]})
        >>> tfidf_terms(df, top=2, min_freq=2, ngram_range=(1, 1))[["tradition", "term", "rank"]]
          tradition       term  rank
        0       icc  fractions     1
        1       icc      party     2
        2  academic    archive     1
        3  academic      party     2
    """
    from sklearn.feature_extraction.text import TfidfTransformer

    m = as_term_matrix(data, voice=voice, strip_quotes=strip_quotes, names=names,
                       ngram_range=ngram_range).trim(min_freq, min_docs)
    columns = [by, "term", "tfidf", "rank", "freq", "is_name"]
    if m.rows.empty:
        return pd.DataFrame(columns=columns)
    m = m.group(by, order)
    groups, counts = m.rows[by].tolist(), m.counts
    weights = TfidfTransformer(sublinear_tf=True).fit_transform(counts.astype(float)).tocsr()
    frames = []
    for i, group in enumerate(groups):
        row = weights.getrow(i)
        cols, vals = row.indices, row.data
        sort = np.lexsort((m.terms[cols].astype(str), -vals))
        if top is not None:
            sort = sort[:top]
        cols = cols[sort]
        frames.append(pd.DataFrame({
            by: [group] * len(cols),
            "term": m.terms[cols].astype(str),
            "tfidf": vals[sort],
            "rank": np.arange(1, len(cols) + 1, dtype=np.int64),
            "freq": np.asarray(counts[i, cols].todense()).ravel().astype(np.int64),
            "is_name": m.is_name[cols],
        }))
    return pd.concat(frames, ignore_index=True).reindex(columns=columns)


def method_agreement(keyness_df: pd.DataFrame, tfidf_df: pd.DataFrame, top: int = 15) -> pd.DataFrame:
    """How far :func:`keyness` and :func:`tfidf_terms` agree on each group's top terms.

    The group column is the first column of ``keyness_df`` (``tradition``). The keyness top-k
    are the ``over`` terms of rank 1..k (significant or not); the TF-IDF top-k its rank 1..k.

    Columns: <by>, ``n_keyness``, ``n_tfidf`` (terms in each top-k), ``overlap`` (shared
    terms), ``jaccard`` (overlap / union), ``spearman`` (rank correlation of the shared terms'
    ranks in the two lists; NaN if fewer than 3 are shared), ``shared`` (the shared terms,
    ``; ``-separated, in keyness order). Rows: groups in the order of ``keyness_df``, then any
    group only in ``tfidf_df``.

    Example:
        >>> k = pd.DataFrame({"tradition": ["icc"] * 4, "term": ["a", "b", "c", "d"],
        ...                   "direction": "over", "rank": [1, 2, 3, 4]})
        >>> t = pd.DataFrame({"tradition": ["icc"] * 4, "term": ["b", "a", "c", "e"],
        ...                   "rank": [1, 2, 3, 4]})
        >>> print(method_agreement(k, t, top=4).to_string(index=False))
        tradition  n_keyness  n_tfidf  overlap  jaccard  spearman  shared
              icc          4        4        3      0.6       0.5 a; b; c
    """
    from scipy.stats import spearmanr  # lazily, as in keyness()

    by = keyness_df.columns[0]
    if by not in tfidf_df.columns:
        raise ValueError(f"tfidf_df has no column {by!r} (the first column of keyness_df)")
    groups = list(pd.unique(keyness_df[by]))
    groups += [g for g in pd.unique(tfidf_df[by]) if g not in set(groups)]
    rows = []
    for g in groups:
        k = keyness_df[(keyness_df[by] == g) & (keyness_df["direction"] == "over")]
        k_terms = k.sort_values(["rank", "term"])["term"].head(top).tolist()
        t = tfidf_df[tfidf_df[by] == g]
        t_terms = t.sort_values(["rank", "term"])["term"].head(top).tolist()
        t_pos = {term: i for i, term in enumerate(t_terms)}
        shared = [term for term in k_terms if term in t_pos]
        union = len(set(k_terms) | set(t_terms))
        rho = np.nan
        if len(shared) >= 3:
            rho = float(spearmanr([k_terms.index(s) for s in shared],
                                  [t_pos[s] for s in shared]).statistic)
        rows.append({by: g, "n_keyness": len(k_terms), "n_tfidf": len(t_terms),
                     "overlap": len(shared), "jaccard": len(shared) / union if union else np.nan,
                     "spearman": rho, "shared": "; ".join(shared)})
    return pd.DataFrame(rows, columns=[by, "n_keyness", "n_tfidf", "overlap", "jaccard",
                                       "spearman", "shared"])
