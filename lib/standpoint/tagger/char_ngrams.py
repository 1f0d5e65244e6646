"""Character n-grams within words (scikit-learn's ``char_wb``), computed once per distinct
token: morphology and style, which carry across topics better than whole words.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfTransformer

from standpoint.errors import InputError
from standpoint.tagger.preparation import require_text


def char_wb_ngrams(token: str, lo: int, hi: int) -> list[str]:
    """The character n-grams of one (already lowercased) token, padded with a space each
    side: exactly scikit-learn's ``analyzer="char_wb"`` for that token.

    Example:
        >>> char_wb_ngrams("red", 2, 3)
        [' r', 're', 'ed', 'd ', ' re', 'red', 'ed ']
    """
    require_text(token, "token")
    if not all(isinstance(n, int) and not isinstance(n, bool) and n >= 1 for n in (lo, hi)):
        raise InputError(f"lo, hi: expected n-gram lengths (integers >= 1), got {lo!r}, {hi!r}")
    w = f" {token} "
    grams: list[str] = []
    for n in range(lo, hi + 1):
        if len(w) <= n:  # a short word counts once, whole
            grams.append(w)
            break
        grams.extend(w[i:i + n] for i in range(len(w) - n + 1))
    return grams


class CharNgrams:
    """TF-IDF of ``char_wb`` n-grams, computed per distinct token: a text's n-gram counts
    are its token counts times a token-by-n-gram matrix. Same numbers as
    ``TfidfVectorizer(analyzer="char_wb", norm=None)``, several times faster, since a word
    seen a hundred times is cut into n-grams once.

    Example:
        >>> grams = CharNgrams((2, 3), sublinear_tf=False)
        >>> grams.fit_transform(["red red", "bed"]).shape
        (2, 11)
        >>> grams.get_feature_names_out()[:3].tolist()
        [' b', ' be', ' r']
    """

    def __init__(self, ngram_range: tuple[int, int], sublinear_tf: bool):
        self.ngram_range = ngram_range
        self.sublinear_tf = sublinear_tf

    def _counts(self, texts: list[str], fit: bool):
        lo, hi = self.ngram_range
        # Tokens seen in training keep their row of the fitted token-by-n-gram matrix
        # (``token_grams_``), so a transform cuts only the tokens it has never seen; new
        # tokens are numbered after them, in order of first appearance.
        known: dict[str, int] = {} if fit else self.token_index_
        offset = len(known)
        docs = [Counter(text.lower().split()) for text in texts]
        flat = [token for doc in docs for token in doc]
        new = {token: offset + i for i, token in
               enumerate(dict.fromkeys(t for t in flat if t not in known))}
        lookup = {**known, **new} if new and known else (new or known)
        cols = np.fromiter(map(lookup.__getitem__, flat), dtype=np.int64, count=len(flat))
        rows = np.repeat(np.arange(len(docs), dtype=np.int64), [len(doc) for doc in docs])
        vals = np.fromiter((c for doc in docs for c in doc.values()), dtype=np.float64,
                           count=len(flat))
        tokens_by_doc = sp.csr_matrix((vals, (rows, cols)), shape=(len(texts), offset + len(new)),
                                      dtype=np.float64)
        grams_of = [Counter(char_wb_ngrams(token, lo, hi)) for token in new]
        if fit:
            grams = sorted({g for counter in grams_of for g in counter})
            self.vocabulary_ = {g: i for i, g in enumerate(grams)}
        vocab = self.vocabulary_
        flat_grams = [g for counter in grams_of for g in counter]
        gram_cols = np.fromiter((vocab.get(g, -1) for g in flat_grams), dtype=np.int64,
                                count=len(flat_grams))
        gram_rows = np.repeat(np.arange(len(grams_of), dtype=np.int64),
                              [len(counter) for counter in grams_of])
        gram_vals = np.fromiter((c for counter in grams_of for c in counter.values()),
                                dtype=np.float64, count=len(flat_grams))
        seen = gram_cols >= 0  # n-grams outside the fitted vocabulary are not counted
        grams_by_token = sp.csr_matrix((gram_vals[seen], (gram_rows[seen], gram_cols[seen])),
                                       shape=(len(new), len(vocab)), dtype=np.float64)
        if fit:
            self.token_index_, self.token_grams_ = new, grams_by_token
        elif offset:
            grams_by_token = sp.vstack([self.token_grams_, grams_by_token], format="csr")
        counts = (tokens_by_doc @ grams_by_token).tocsr()
        counts.sort_indices()
        return counts

    def fit_transform(self, texts: list[str]):
        counts = self._counts(texts, fit=True)
        self.tfidf_ = TfidfTransformer(norm=None, sublinear_tf=self.sublinear_tf)
        return self.tfidf_.fit_transform(counts)

    def transform(self, texts: list[str]):
        return self.tfidf_.transform(self._counts(texts, fit=False))

    def get_feature_names_out(self) -> np.ndarray:
        return np.asarray(sorted(self.vocabulary_, key=self.vocabulary_.get), dtype=object)

