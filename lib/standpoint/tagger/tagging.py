"""Fitting the tagger on a corpus's passages, and tagging passages with it.

- :func:`training_frame`: the passages a tagger learns from (authorial voice by default);
- :func:`fit_passages` / :func:`fit_corpus_tagger`: a fitted
  :class:`~standpoint.tagger.abstention.TraditionTagger` (its threshold learnt in ``fit``);
- :func:`tag_passages`: one row per passage: id, verdict, probabilities, voice;
- :func:`tag_in_pieces`: the same, a piece of the input at a time (what ``standpoint tag``
  runs, so that a 16 MB input never holds all its feature matrices at once).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from standpoint.errors import InputError
from standpoint.segment import check_frame, check_text_column
from standpoint.tagger.abstention import TraditionTagger, verdicts
from standpoint.tagger.linear import LinearTagger
from standpoint.tagger.preparation import kind

TAG_PIECE_CHARS = 400_000  # ``tag`` tags this many characters of text at a time, at most
TAG_PIECE_ROWS = 1_000  # ... and this many passages (measured: 16 MB of prose peaks at 0.3 GB)


def _voices(voices) -> tuple[str, ...]:
    """``voices`` as a tuple of strings (one string is one voice)."""
    if isinstance(voices, str):
        return (voices,)
    if isinstance(voices, Iterable):
        voices = tuple(voices)
        if all(isinstance(v, str) for v in voices):
            return voices
    raise InputError(f"voices: expected voices such as ('author',), got {voices!r}")


def make_tagger(**params) -> TraditionTagger:
    """``TraditionTagger(LinearTagger(...), ...)`` with each of ``params`` given to whichever
    of the two has it; an unknown name is an :class:`~standpoint.errors.InputError`.

    Example:
        >>> make_tagger(C=2.0, threshold=0.5).get_params()["estimator__C"]
        2.0
        >>> make_tagger(c=2.0)
        Traceback (most recent call last):
        ...
        standpoint.errors.InputError: params: 'c' is not a parameter of TraditionTagger or LinearTagger (valid: C, balance, char_ngrams, citations, lexicons, mask, min_docs, model, n_blocks, random_state, strip_quotes, sublinear_tf, threshold, word_ngrams)
    """
    outer = set(TraditionTagger().get_params(deep=False)) - {"estimator"}
    inner = set(LinearTagger().get_params())
    unknown = [k for k in params if k not in outer | inner]
    if unknown:
        raise InputError(f"params: {', '.join(map(repr, unknown))} is not a parameter of "
                         f"TraditionTagger or LinearTagger (valid: "
                         f"{', '.join(sorted(outer | inner))})")
    return TraditionTagger(LinearTagger(**{k: v for k, v in params.items() if k in inner}),
                           **{k: v for k, v in params.items() if k in outer})


def training_frame(passages_df: pd.DataFrame, voices: Iterable[str] = ("author",)) -> pd.DataFrame:
    """The passages a tagger is trained on: those whose ``voice`` is in ``voices``.

    Example:
        >>> import pandas as pd
        >>> df = pd.DataFrame({"voice": ["author", "quotation"], "text": ["a", "b"]})
        >>> training_frame(df)["text"].tolist()
        ['a']
        >>> training_frame(df[["text"]])
        Traceback (most recent call last):
        ...
        standpoint.errors.InputError: passages_df: no 'voice' column (its columns: 'text')
    """
    check_frame(passages_df, "passages_df", ["voice"])
    return passages_df[passages_df["voice"].isin(_voices(voices))]


def fit_passages(passages_df: pd.DataFrame, voices: Iterable[str] = ("author",),
                 **params) -> TraditionTagger:
    """Fit :func:`make_tagger` ``(**params)`` on the passages whose voice is in ``voices``
    (in the frame's order, which is text order within each document), with each passage's
    document as its group.

    Example:
        >>> from standpoint import load_corpus, passages
        >>> tagger = fit_passages(passages(load_corpus()))   # doctest: +SKIP
    """
    check_frame(passages_df, "passages_df", ["text", "tradition", "doc_id", "voice"])
    check_text_column(passages_df, "passages_df")
    tagger = make_tagger(**params)
    train = training_frame(passages_df, voices)
    if train.empty:
        raise InputError(f"passages_df: no passage in the voices {list(_voices(voices))} "
                         "to train on")
    return tagger.fit(train["text"].tolist(), train["tradition"].to_numpy(),
                      groups=train["doc_id"].to_numpy())


def fit_corpus_tagger(corpus, **params) -> TraditionTagger:
    """Fit a :class:`~standpoint.tagger.abstention.TraditionTagger` on every authorial
    passage of ``corpus``; its ``threshold_`` is learnt inside ``fit``, from contiguous-block
    held-out probabilities. ``params`` override the defaults (:func:`make_tagger`).
    Deterministic; six fits (five folds and the final one).

    Example:
        >>> from standpoint import load_corpus
        >>> tagger = fit_corpus_tagger(load_corpus())      # doctest: +SKIP
        >>> 0.25 <= tagger.threshold_ <= 1                  # doctest: +SKIP
        True
        >>> fit_corpus_tagger(None)
        Traceback (most recent call last):
        ...
        standpoint.errors.InputError: corpus: expected a Corpus (from standpoint.load_corpus()), got None
    """
    from standpoint.corpus import Corpus
    from standpoint.segment import passages as make_passages

    if not isinstance(corpus, Corpus):
        raise InputError("corpus: expected a Corpus (from standpoint.load_corpus()), "
                         f"got {kind(corpus)}")
    make_tagger(**params)  # (unknown parameters are refused before any work)
    return fit_passages(make_passages(corpus), **params)


def tag_passages(tagger: TraditionTagger, passages_df: pd.DataFrame) -> pd.DataFrame:
    """Tag every passage of ``passages_df`` (any voice: the ``voice`` column is carried
    over so a reader can discount quotations).

    Columns: ``id`` (the passage_id), ``tradition`` (the verdict, ``"uncertain"`` below the
    tagger's threshold), ``p_<tradition>`` for each of ``tagger.classes_`` in that order,
    ``top_probability``, ``voice``.

    Example:
        >>> from standpoint import load_corpus, passages
        >>> corpus = load_corpus()
        >>> tagged = tag_passages(fit_corpus_tagger(corpus), passages(corpus))  # doctest: +SKIP
        >>> list(tagged.columns)[:3]                                            # doctest: +SKIP
        ['id', 'tradition', 'p_academic']
        >>> tag_passages(None, passages(corpus))
        Traceback (most recent call last):
        ...
        standpoint.errors.InputError: tagger: expected a fitted TraditionTagger (from fit_corpus_tagger()), got None
    """
    if not isinstance(tagger, TraditionTagger) or getattr(tagger, "estimator_", None) is None:
        state = "an unfitted TraditionTagger" if isinstance(tagger, TraditionTagger) else kind(tagger)
        raise InputError("tagger: expected a fitted TraditionTagger (from fit_corpus_tagger()), "
                         f"got {state}")
    check_frame(passages_df, "passages_df", ["passage_id", "text"])
    texts = check_text_column(passages_df, "passages_df")
    prob_cols = [f"p_{c}" for c in tagger.classes_]
    if len(passages_df) == 0:
        return pd.DataFrame(columns=["id", "tradition", *prob_cols, "top_probability", "voice"])
    proba = tagger.predict_proba(texts)
    out = pd.DataFrame({"id": passages_df["passage_id"].to_numpy(),
                        "tradition": verdicts(tagger.classes_, proba, tagger.threshold_)})
    for k, col in enumerate(prob_cols):
        out[col] = proba[:, k]
    out["top_probability"] = proba.max(axis=1)
    out["voice"] = (passages_df["voice"].to_numpy() if "voice" in passages_df
                    else np.full(len(out), "", dtype=object))
    return out


def tag_in_pieces(tagger, passages_df, chars: int | None = None, rows: int | None = None):
    """:func:`tag_passages`, a piece of at most ``chars`` characters of text or ``rows``
    passages at a time (default :data:`TAG_PIECE_CHARS`, :data:`TAG_PIECE_ROWS`): the same
    rows (each passage is tagged on its own), with the feature matrices of one piece in
    memory instead of those of the whole input.

    Example:
        >>> t = TraditionTagger(LinearTagger(char_ngrams=None), threshold=0.5).fit(
        ...     ["red flag", "black flag"], ["x", "y"])
        >>> df = pd.DataFrame({"passage_id": ["a", "b", "c"], "text": ["red", "black", "red"]})
        >>> tag_in_pieces(t, df, rows=2)["tradition"].tolist()
        ['x', 'y', 'x']
    """
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
