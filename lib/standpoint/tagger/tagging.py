"""Fitting the tagger on a corpus's passages, and tagging passages with it.

- :func:`training_frame`: the passages a tagger learns from (authorial voice by default);
- :func:`make_tagger`, :func:`fit_passages`, :func:`fit_corpus_tagger`: a fitted
  :class:`~standpoint.tagger.open_set.TraditionTagger` (everything it abstains by is learnt
  in ``fit``); the corpus's subjects (the names of the oppositions, :func:`corpus_subjects`)
  are deleted from the texts it reads;
- :func:`corpus_tagger`: the same model, read from the cache when the corpus, the package
  and the parameters are unchanged (:mod:`standpoint.tagger.store`), fitted and stored
  otherwise: what ``standpoint tag`` uses;
- :func:`tag_passages`, :func:`tag_in_pieces`: one row per passage.

Importing this module does not import scikit-learn (only fitting does).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from standpoint.errors import InputError
from standpoint.segment import check_frame, check_text_column
from standpoint.tagger.fitted import SCORE_COLUMNS, FittedTagger
from standpoint.tagger.preparation import kind

TAG_PIECE_CHARS = 400_000  # ``tag`` tags this many characters of text at a time, at most
TAG_PIECE_ROWS = 1_000  # ... and this many passages (measured: 16 MB of prose peaks at 0.3 GB)
#: the corpus's registry of subjects, in the order standpoint.corpus looks for it
SUBJECTS_FILES = ("subjects.yaml", "oppositions.yaml")


def _voices(voices) -> tuple[str, ...]:
    """``voices`` as a tuple of strings (one string is one voice)."""
    if isinstance(voices, str):
        return (voices,)
    if isinstance(voices, Iterable):
        voices = tuple(voices)
        if all(isinstance(v, str) for v in voices):
            return voices
    raise InputError(f"voices: expected voices such as ('author',), got {voices!r}")


def corpus_subjects(oppositions: pd.DataFrame) -> tuple[str, ...]:
    """The phrases naming the corpus's subjects: every opposition's name and aliases
    (sorted), which the tagger deletes so that it learns how a tradition writes, not which
    group one of its texts is about.

    Example:
        >>> from standpoint.corpus import load_oppositions
        >>> "Workers' Opposition" in corpus_subjects(load_oppositions())
        True
    """
    check_frame(oppositions, "oppositions", ["name", "aliases"])
    phrases = {str(n) for n in oppositions["name"]}
    for aliases in oppositions["aliases"]:
        phrases.update(str(a) for a in aliases)
    return tuple(sorted(p for p in phrases if p.strip()))


def make_tagger(**params):
    """``TraditionTagger(TraditionNB(...), ...)`` with each of ``params`` given to whichever
    of the two has it; an unknown name is an :class:`~standpoint.errors.InputError`.

    Example:
        >>> make_tagger(alpha=2.0, target_false_attribution=0.2).get_params()["estimator__alpha"]
        2.0
        >>> make_tagger(c=2.0)
        Traceback (most recent call last):
        ...
        standpoint.errors.InputError: params: 'c' is not a parameter of TraditionTagger or TraditionNB (valid: aggregate, alpha, citations, documents, lexicons, mask, names, neutralise, strip_quotes, subjects, target_false_attribution, unfamiliar_quantile)
    """
    from standpoint.tagger.tradition_nb import TraditionNB
    from standpoint.tagger.open_set import TraditionTagger

    outer = set(TraditionTagger().get_params(deep=False)) - {"estimator"}
    inner = set(TraditionNB().get_params())
    unknown = [k for k in params if k not in outer | inner]
    if unknown:
        raise InputError(f"params: {', '.join(map(repr, unknown))} is not a parameter of "
                         f"TraditionTagger or TraditionNB (valid: "
                         f"{', '.join(sorted(outer | inner))})")
    return TraditionTagger(TraditionNB(**{k: v for k, v in params.items() if k in inner}),
                           **{k: v for k, v in params.items() if k in outer})


def training_frame(passages_df: pd.DataFrame, voices: Iterable[str] = ("author",)) -> pd.DataFrame:
    """The passages a tagger is trained on: those whose ``voice`` is in ``voices``.

    Example:
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


def fit_passages(passages_df: pd.DataFrame, voices: Iterable[str] = ("author",), **params):
    """Fit :func:`make_tagger` ``(**params)`` on the passages whose voice is in ``voices``,
    with each passage's document as its group.

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


def _registry(corpus) -> Path | None:
    """The corpus's registry file (``subjects.yaml``, else ``oppositions.yaml``), or None."""
    root = Path(corpus.root)
    return next((root / n for n in SUBJECTS_FILES if (root / n).is_file()), None)


def _require_corpus(corpus) -> None:
    from standpoint.corpus import Corpus

    if not isinstance(corpus, Corpus):
        raise InputError("corpus: expected a Corpus (from standpoint.load_corpus()), "
                         f"got {kind(corpus)}")


def subjects_of(corpus) -> tuple[str, ...]:
    """:func:`corpus_subjects` of the corpus's registry (``subjects.yaml`` or
    ``oppositions.yaml``; none without one).

    Example:
        >>> from standpoint import load_corpus
        >>> len(subjects_of(load_corpus())) > 9
        True
    """
    from standpoint.corpus import load_oppositions

    _require_corpus(corpus)
    return corpus_subjects(load_oppositions(corpus.root)) if _registry(corpus) else ()


def fit_corpus_tagger(corpus, **params):
    """Fit a :class:`~standpoint.tagger.open_set.TraditionTagger` on every authorial passage
    of ``corpus``, deleting the corpus's subjects (:func:`corpus_subjects` of its
    ``oppositions.yaml``, unless ``subjects`` is given). ``params`` override the defaults
    (:func:`make_tagger`). Deterministic.

    Example:
        >>> from standpoint import load_corpus
        >>> tagger = fit_corpus_tagger(load_corpus())      # doctest: +SKIP
        >>> fit_corpus_tagger(None)
        Traceback (most recent call last):
        ...
        standpoint.errors.InputError: corpus: expected a Corpus (from standpoint.load_corpus()), got None
    """
    from standpoint.segment import passages as make_passages

    _require_corpus(corpus)
    make_tagger(**params)  # (unknown parameters are refused before any work)
    params = {"subjects": subjects_of(corpus), **params}
    return fit_passages(make_passages(corpus), **params)


def corpus_digest(corpus) -> dict:
    """What a tagger fitted on ``corpus`` depends on in the corpus: each document's id,
    tradition, file and checksum (which :func:`standpoint.load_corpus` verified), the
    traditions, and the SHA-256 of the subjects registry.

    Example:
        >>> from standpoint import load_corpus
        >>> sorted(corpus_digest(load_corpus()))
        ['documents', 'subjects', 'traditions']
    """
    _require_corpus(corpus)
    path = _registry(corpus)
    docs = corpus.documents[["doc_id", "tradition", "file", "sha256"]].astype(str)
    return {"documents": docs.values.tolist(),
            "traditions": [str(t) for t in corpus.traditions["tradition"]],
            "subjects": hashlib.sha256(path.read_bytes()).hexdigest() if path else None}


def corpus_tagger(corpus, *, cache: bool = True, folder: Path | None = None, describe=None,
                  **params) -> FittedTagger:
    """The tagger :func:`fit_corpus_tagger` fits, read from the cache (``folder``, default
    :func:`standpoint.tagger.store.cache_folder`) when it holds one for this corpus, package
    and ``params``; else fitted, and stored (a cache that cannot be written is skipped).

    ``describe``: ``None``, or a function ``(passages, unfitted tagger) -> dict`` whose result
    is stored in ``reliability["held_out"]`` (``standpoint tag`` passes the held-out-document
    evaluation of :func:`standpoint.tagger.evaluation.held_out_summary`, so that it can say
    what a verdict means without measuring it again).

    Example:
        >>> from standpoint import load_corpus
        >>> corpus_tagger(load_corpus()).classes.tolist()    # doctest: +SKIP
        ['academic', 'anarchist', 'icc', 'trotskyist']
    """
    from standpoint.tagger import store

    _require_corpus(corpus)
    folder = store.cache_folder() if folder is None else Path(folder)
    key = store.cache_key({"corpus": corpus_digest(corpus), "params": params,
                           "described": describe is not None})
    found = store.load_fitted(folder, key) if cache else None
    if found is not None:
        return found
    from standpoint.segment import passages as make_passages

    make_tagger(**params)
    params = {"subjects": subjects_of(corpus), **params}
    table = make_passages(corpus)
    fitted = fit_passages(table, **params).fitted_
    if describe is not None:
        fitted.reliability["held_out"] = describe(table, make_tagger(**params))
    if not cache:
        return fitted
    try:
        store.save_fitted(fitted, folder, key)
    except OSError:
        pass  # a read-only or full cache: the next call fits again
    return fitted


def _fitted(tagger) -> FittedTagger:
    if isinstance(tagger, FittedTagger):
        return tagger
    fitted = getattr(tagger, "fitted_", None)
    if isinstance(fitted, FittedTagger):
        return fitted
    state = ("an unfitted TraditionTagger" if type(tagger).__name__ == "TraditionTagger"
             else kind(tagger))
    raise InputError("tagger: expected a fitted TraditionTagger (from fit_corpus_tagger()), "
                     f"got {state}")


def tag_passages(tagger, passages_df: pd.DataFrame) -> pd.DataFrame:
    """Tag every passage of ``passages_df`` (any voice: the ``voice`` column is carried
    over so a reader can discount quotations) with a fitted ``TraditionTagger`` or
    ``FittedTagger``.

    Columns: ``id`` (the passage_id), ``tradition`` (the verdict, or ``"uncertain"``),
    ``p_<tradition>`` for each of the tagger's classes in that order, ``voice``, ``reason``
    (``""``, ``low_confidence`` or ``unfamiliar``), ``margin``, ``familiarity``.

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
    fitted = _fitted(tagger)
    check_frame(passages_df, "passages_df", ["passage_id", "text"])
    texts = check_text_column(passages_df, "passages_df")
    prob_cols = [f"p_{c}" for c in fitted.classes]
    columns = ["id", "tradition", *prob_cols, "voice", *SCORE_COLUMNS]
    if len(passages_df) == 0:
        return pd.DataFrame(columns=columns)
    out = fitted.tag(texts)
    out.insert(0, "id", passages_df["passage_id"].to_numpy())
    out["voice"] = (passages_df["voice"].to_numpy() if "voice" in passages_df
                    else np.full(len(out), "", dtype=object))
    return out[columns]


def tag_in_pieces(tagger, passages_df, chars: int | None = None, rows: int | None = None):
    """:func:`tag_passages`, a piece of at most ``chars`` characters of text or ``rows``
    passages at a time (default :data:`TAG_PIECE_CHARS`, :data:`TAG_PIECE_ROWS`): the same
    rows (each passage is tagged on its own), with the term counts of one piece in memory
    instead of those of the whole input.

    Example:
        >>> from standpoint.tagger.naive_bayes import fit_naive_bayes
        >>> model = fit_naive_bayes(["red flag", "black flag"], ["x", "y"])
        >>> t = FittedTagger(model, model.classes, np.zeros(2), 0.5, 0.0)
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
