"""What each tradition stresses: keyness of terms, all groups at once, for one selection.

The input is an already-selected passages DataFrame (the columns of
:func:`standpoint.segment.passages`; e.g. the passages about one opposition). Each group
(tradition, by default) is compared with *all the other groups together* on the same
selection, so the table answers "what does the ICC say about the Workers' Opposition that the
others, writing about the same opposition, do not?" for every tradition at once.

Tokenisation (:func:`tokenize`, shared by :func:`keyness`, :func:`tfidf_terms` and
:mod:`standpoint.terms.similarity`; one code path, see :func:`count_terms`):

- **Whose words.** Authorial passages only by default (``voice="author"``): a quotation
  passage is Lenin's or Kollontai's voice, not the tradition's. Inside authorial passages,
  quotations are removed too (:func:`standpoint.text.quotes.quote_spans`), and the words on
  either side of a removed span are never joined into a bigram. ``strip_quotes`` says which
  quoted spans go:

  - ``True`` (default): quotations go, **scare quotes stay**. A scare quote is a quoted span
    of at most :data:`SCARE_QUOTE_WORDS` (4) words with no ``.``, ``!`` or ``?`` inside:
    ``"Workers' Opposition"``, ``"Left Communists"``, ``"one-man management"``,
    ``‘socialism in one country'``. These name groups, slogans and concepts in the author's
    own sentence; the Anarchist FAQ puts nearly every group name in double quotes, so
    removing them would make ``workers opposition`` a term the anarchists significantly
    *avoid* in passages chosen because they discuss it.
  - ``"all"``: every quoted span goes (as :class:`standpoint.tagger.TraditionTagger` does).
  - ``False``: nothing goes.
- **References are not prose.** Bibliographic references are removed before anything else,
  whatever ``strip_quotes`` says: bracketed or parenthesised spans with a page, ``Op. Cit.``
  or ``ibid`` (``[quoted by Daniels, Op. Cit., p. 147]``, ``(ibid, p. 10)``) and
  parenthesised author-date citations (``(Allen 2015)``, ``(Berlin 1924)``). Otherwise the
  FAQ's citation habit would make ``cit``, ``quoted`` and ``daniels`` "anarchist" terms.
- **Normalisation.** Curly apostrophes and quotes become straight ones, ``--`` a dash; text
  is lowercased *after* the capitalisation of each word has been recorded (for names, below).
- **Tokens.** Runs of letters, with inner hyphens and apostrophes kept, so ``one-man``,
  ``counter-revolution`` and ``don't`` are one token each. A possessive ``'s`` or trailing
  ``'`` is removed (``Lenin's`` -> ``lenin``, ``Workers'`` -> ``workers``). Tokens containing
  a digit (years, numbers, ``1920s``) are dropped, as are single letters (initials such as the
  ``V. I.`` of ``V. I. Lenin``). No stemming: ``union`` and ``unions`` are different terms,
  so a scholar sees the forms the texts use.
- **Stop words.** :data:`STOP_WORDS`, a hand-made list of English *function* words
  (articles, pronouns, prepositions, conjunctions, auxiliaries and modals with their
  contractions, determiners and quantifiers, and a few connective adverbs such as
  ``however``/``thus``). It deliberately is *not* scikit-learn's list, which also removes
  content words that matter in this literature: ``system`` (one-party system), ``interest``
  (class interest), ``whole``, ``part``, ``serious``, ``fire``, ``call``, ``move``,
  ``found``, ``name``, ``first``, ``last``, ``full``, ``back``, ``side``. Prepositions such as
  ``against`` and ``without`` *are* stop words (they carry stance only in a phrase, and
  bigrams with them are not formed).
- **Bigrams** are two adjacent tokens of the same clause, *neither* of them a stop word:
  ``trade unions``, ``party dictatorship``, ``world revolution`` and ``workers opposition``
  (from ``Workers' Opposition``) are terms; ``of the`` and ``dictatorship of the party`` are
  not (the latter yields only its unigrams). A bigram never spans punctuation (other than an
  apostrophe), a dropped number, a removed quotation or a dropped name.
- **Names.** A word is a *name* (``is_name``) when, in the input selection, it is
  capitalised in at least 90% of its mid-sentence occurrences (a word that only ever opens
  sentences is not judged). This catches person names (Kollontai, Shlyapnikov) but also
  proper adjectives and acronyms (Bolshevik, Russian, NEP, Kronstadt), and can catch a label
  a selection always capitalises (``Opposition`` if it is only ever written as part of
  ``Workers' Opposition``). The default ``names="keep"`` keeps them as
  terms, because for "what a tradition stresses" the people and organisations it writes about
  *are* the finding; the ``is_name`` column (a bigram is a name if either word is) lets a
  reader set them apart. ``names="drop"`` removes them before counting (and no bigram spans
  a dropped name).

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
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp

from standpoint.text import quotes as _quotes
from standpoint.text.quotes import is_scare_quote, quote_spans

# English function words. Chosen by hand (see the module docstring): no content words.
STOP_WORDS: frozenset[str] = frozenset("""
a an the
i me my mine myself we us our ours ourselves you your yours yourself yourselves
he him his himself she her hers herself it its itself they them their theirs themselves
one ones oneself
this that these those who whom whose which what whatever whoever whichever
am is are was were be been being have has had having do does did doing done
will would shall should can could may might must ought
isn't aren't wasn't weren't hasn't haven't hadn't don't doesn't didn't won't wouldn't
shan't shouldn't can't cannot couldn't mightn't mustn't i'm i've i'd i'll you're you've
you'd you'll he'd he'll she'd she'll we're we've we'd we'll they're they've they'd they'll
let's
and or but nor so yet if then else than because although though while whereas unless
until whether since as whilst
of in on at by for with about against between into through during before after above
below to from up down out off over under again further upon onto within without among
amongst across along around behind beside besides beyond toward towards via per throughout
all any both each every either neither few more most other others another some such no
not only own same too very just also even much many several less least
there here when where why how wherever whenever
however therefore thus hence indeed moreover furthermore nevertheless nonetheless
thereby whereby therein wherein
etc ie eg viz
""".split())

_NAME_SHARE = 0.9  # capitalised in at least this share of mid-sentence occurrences -> a name
_CORRECTIONS = ("holm", "bonferroni", "bh")

_PLACEHOLDER = "\ue000"  # stands for a removed quotation: a hard break of unknown position
_TOKEN = re.compile(r"[\w'-]+")
# a bibliographic reference: [Daniels, Op. Cit., p. 114], (ibid, p. 10), (Allen 2015, p. 4),
# (Workers' Dreadnought, July 29, 1922), (Berlin 1924)
_MARK = r"(?:\bpp?\.\s?\d|(?i:\bop\.?\s?cit\b|\bibid\b))"
_REFERENCE = re.compile(
    r"\[[^\[\]]{0,300}?" + _MARK + r"[^\[\]]{0,300}\]"
    r"|\([^()]{0,200}?" + _MARK + r"[^()]{0,200}\)"
    r"|\([A-Z][^()]{0,80}?\b(?:1[6-9]|20)\d\d[a-z]?\)")
_HARD = re.compile(r"[^\s']")  # anything but space and apostrophe ends a clause
_SENTENCE_END = re.compile(r"[.!?:•]")
_NOT_A_WORD = re.compile(r"[\d_]")  # a token with a digit (or underscore) is not a word


def normalise(text: str) -> str:
    """Normalise apostrophes, quotes and hyphens (curly -> straight; ``--`` -> dash; soft
    hyphens removed). Case is kept (the tokenizer needs it to recognise names).

    Example:
        >>> normalise('the Workers’ “Opposition”--again')
        'the Workers\\' "Opposition" — again'
    """
    return _quotes.normalise(text).replace("\u00ad", "").replace("--", " — ")


def _check_strip_quotes(strip_quotes) -> None:
    if strip_quotes not in (True, False, "all"):
        raise ValueError(f"strip_quotes must be True, False or 'all', not {strip_quotes!r}")


def _strip_quoted(text: str, mode) -> str:
    spans = quote_spans(text)
    if mode is True:
        spans = [(a, b) for a, b in spans if not is_scare_quote(text[a:b])]
    if not spans:
        return text
    parts, last = [], 0
    for a, b in spans:
        parts.append(text[last:a])
        parts.append(f" {_PLACEHOLDER} ")
        last = b
    parts.append(text[last:])
    return "".join(parts)


def _scan(text: str, strip_quotes) -> tuple[list[tuple[str, bool, str, int]], int]:
    """Tokens of one text as ``(word, capitalised, position, clause)`` and its running words.

    ``position`` is ``start`` (opens a sentence), ``mid`` or ``unknown`` (after a removed
    quotation); ``clause`` numbers the stretches between hard breaks (punctuation, dropped
    numbers and single letters, removed quotations): n-grams never cross them.
    """
    text = _REFERENCE.sub(f" {_PLACEHOLDER} ", text)
    if strip_quotes:
        text = _strip_quoted(text, strip_quotes)
    text = normalise(text)
    tokens: list[tuple[str, bool, str, int]] = []
    n_words = 0
    clause = 0
    pending = ""  # trailing hyphens/apostrophes of the previous match
    prev_end = 0
    first = True
    for m in _TOKEN.finditer(text):
        raw = m.group()
        if raw[0] not in "'-" and raw[-1] not in "'-":  # the common case: nothing to strip
            core = raw
            gap = pending + text[prev_end:m.start()] if pending else text[prev_end:m.start()]
            pending = ""
        else:
            core = raw.strip("'-")
            if not core:
                pending += text[prev_end:m.end()]
                prev_end = m.end()
                continue
            lead = raw[: len(raw) - len(raw.lstrip("'-"))]
            gap = pending + text[prev_end:m.start()] + lead
            pending = raw[len(lead) + len(core):]
        prev_end = m.end()
        if gap == " ":  # the common case: no break, no removed quotation, no sentence end
            position = "start" if first else "mid"
        else:
            if _HARD.search(gap):
                clause += 1
            if _PLACEHOLDER in gap:
                position = "unknown"
            elif first or _SENTENCE_END.search(gap):
                position = "start"
            else:
                position = "mid"
        first = False
        if core[-2:].lower() == "'s":
            core = core[:-2].rstrip("'-")
        # (a word of letters only has no digit or underscore: the regex is not needed)
        if not core or (not core.isalpha() and _NOT_A_WORD.search(core)):
            clause += 1  # a number: not a word, and a break
            continue
        n_words += 1
        if len(core) < 2:
            clause += 1  # an initial: a word, but not a term
            continue
        tokens.append((core.lower(), core[0].isupper(), position, clause))
    return tokens, n_words


def _ngrams(tokens, ngram_range: tuple[int, int], exclude: frozenset[str]) -> list[str]:
    low, high = ngram_range
    terms: list[str] = []
    run: list[str] = []

    def flush():
        for n in range(low, high + 1):
            terms.extend(" ".join(run[i:i + n]) for i in range(len(run) - n + 1))

    clause = None
    for word, _cap, _pos, c in tokens:
        if c != clause or word in STOP_WORDS or word in exclude:
            flush()
            run = []
        clause = c
        if word not in STOP_WORDS and word not in exclude:
            run.append(word)
    flush()
    return terms


def _check_ngram_range(ngram_range) -> tuple[int, int]:
    low, high = (int(x) for x in ngram_range)
    if not 1 <= low <= high:
        raise ValueError(f"ngram_range must be (low, high) with 1 <= low <= high, got {ngram_range!r}")
    return low, high


def tokenize(text: str, *, ngram_range: tuple[int, int] = (1, 2), strip_quotes: bool | str = True,
             exclude: Iterable[str] = ()) -> list[str]:
    """The terms (unigrams and bigrams by default) of one text, in text order of their first
    word (all unigrams of a clause, then its bigrams). See the module docstring for the rules.

    ``exclude``: lowercased words to drop like stop words (e.g. the names found by
    :func:`proper_names`).

    Example:
        >>> tokenize('The trade unions’ role: one-man management, in 1921 "a slogan", of the party.')
        ['trade', 'unions', 'role', 'trade unions', 'unions role', 'one-man', 'management', 'one-man management', 'slogan', 'party']
        >>> tokenize('Lenin said "we must retreat to a new policy" and the party obeyed.')
        ['lenin', 'said', 'lenin said', 'party', 'obeyed', 'party obeyed']
    """
    low_high = _check_ngram_range(ngram_range)
    _check_strip_quotes(strip_quotes)
    tokens, _ = _scan(text, strip_quotes)
    return _ngrams(tokens, low_high, frozenset(exclude))


def proper_names(texts: Iterable[str], *, strip_quotes: bool | str = True,
                 threshold: float = _NAME_SHARE) -> frozenset[str]:
    """Lowercased words capitalised in at least ``threshold`` of their mid-sentence
    occurrences across ``texts`` (stop words are never names).

    Example:
        >>> sorted(proper_names(["Then Kollontai and the Opposition spoke.",
        ...                      "The opposition met Kollontai. Workers left."]))
        ['kollontai']
    """
    _check_strip_quotes(strip_quotes)
    return _names([_scan(t, strip_quotes) for t in texts], threshold)


def _names(scans, threshold: float = _NAME_SHARE) -> frozenset[str]:
    mid: Counter[str] = Counter()
    capitalised: Counter[str] = Counter()
    for tokens, _ in scans:
        for word, cap, position, _clause in tokens:
            if position == "mid" and word not in STOP_WORDS:
                mid[word] += 1
                capitalised[word] += cap
    return frozenset(w for w, n in mid.items() if capitalised[w] >= threshold * n)


@dataclass(frozen=True)
class TermCounts:
    """Term counts of a selection of passages (what :func:`count_terms` returns).

    Attributes:
        passages: the passages counted (after the voice filter), a new frame, index 0..n-1.
        matrix: sparse CSR ``passages x terms`` counts (int64).
        terms: the terms, sorted (object array); the matrix's columns.
        is_name: bool array, one per term (a bigram is a name if either word is).
        n_words: running words per passage (int64 array): every word token, stop words and
            names included, numbers and quoted spans (when stripped) excluded.
    """

    passages: pd.DataFrame
    matrix: sp.csr_matrix
    terms: np.ndarray
    is_name: np.ndarray
    n_words: np.ndarray


def _select_voice(selected: pd.DataFrame, voice) -> pd.DataFrame:
    if "text" not in selected.columns:
        raise ValueError("the passages frame needs a 'text' column")
    if voice is None:
        return selected.reset_index(drop=True)
    if "voice" not in selected.columns:
        raise ValueError("the passages frame has no 'voice' column; pass voice=None to use all rows")
    voices = [voice] if isinstance(voice, str) else list(voice)
    return selected[selected["voice"].isin(voices)].reset_index(drop=True)


def count_terms(selected_passages: pd.DataFrame, *, voice: str | Iterable[str] | None = "author",
                strip_quotes: bool | str = True, names: str = "keep",
                ngram_range: tuple[int, int] = (1, 2), min_freq: int = 1,
                min_docs: int = 1) -> TermCounts:
    """Count the terms of the passages (the tokenisation every function here shares).

    ``voice``: keep only passages of this voice (or voices); ``None`` keeps all.
    ``names``: ``"keep"`` or ``"drop"`` (see the module docstring). A term is kept when it
    occurs at least ``min_freq`` times in at least ``min_docs`` passages of the selection.

    Example:
        >>> df = pd.DataFrame({"text": ["Trade unions and trade unions.", "The trade unions.",
        ...                             "A quoted passage."],
        ...                    "voice": ["author", "author", "quotation"]})
        >>> tc = count_terms(df, min_docs=2)
        >>> list(tc.terms), tc.matrix.toarray().tolist(), tc.n_words.tolist()
        (['trade', 'trade unions', 'unions'], [[2, 2, 2], [1, 1, 1]], [5, 3])
    """
    if names not in ("keep", "drop"):
        raise ValueError(f"names must be 'keep' or 'drop', not {names!r}")
    low_high = _check_ngram_range(ngram_range)
    _check_strip_quotes(strip_quotes)
    frame = _select_voice(selected_passages, voice)
    texts = [str(t) for t in frame["text"].tolist()]
    scans = [_scan(t, strip_quotes) for t in texts]

    name_words = _names(scans)
    exclude = name_words if names == "drop" else frozenset()

    vocab: dict[str, int] = {}
    indices: list[int] = []
    data: list[int] = []
    indptr = [0]
    for tokens, _ in scans:
        for term, count in Counter(_ngrams(tokens, low_high, exclude)).items():
            indices.append(vocab.setdefault(term, len(vocab)))
            data.append(count)
        indptr.append(len(indices))
    matrix = sp.csr_matrix((np.asarray(data, dtype=np.int64), np.asarray(indices, dtype=np.int64),
                            np.asarray(indptr, dtype=np.int64)), shape=(len(texts), len(vocab)))
    terms = np.empty(len(vocab), dtype=object)
    for term, j in vocab.items():
        terms[j] = term
    freq = np.asarray(matrix.sum(axis=0)).ravel()
    docs = np.bincount(matrix.indices, minlength=len(vocab))
    keep = np.flatnonzero((freq >= min_freq) & (docs >= min_docs))
    keep = keep[np.argsort(terms[keep].astype(str), kind="stable")]
    terms = terms[keep]
    is_name = np.array([any(w in name_words for w in t.split()) for t in terms], dtype=bool)
    return TermCounts(passages=frame, matrix=matrix[:, keep].tocsr(), terms=terms,
                      is_name=is_name,
                      n_words=np.array([n for _, n in scans], dtype=np.int64))


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
        raise ValueError(f"correction must be one of {', '.join(_CORRECTIONS)}, not {method!r}")
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


def group_order(values: Iterable, by: str = "tradition", order: Sequence | None = None) -> list:
    """The groups present in ``values``, in table order.

    ``order`` given: its groups first (those present), then any others sorted. Otherwise a
    categorical's categories; for ``by="tradition"`` the order of the project's
    ``traditions.csv``; else sorted.

    Example:
        >>> group_order(["academic", "icc", "anarchist", "icc"])
        ['icc', 'anarchist', 'academic']
        >>> group_order(["b", "a", "c"], by="doc_id", order=["c"])
        ['c', 'a', 'b']
    """
    if isinstance(values, pd.Series) and isinstance(values.dtype, pd.CategoricalDtype) and order is None:
        order = list(values.cat.categories)
    present = set(pd.unique(pd.Series(list(values), dtype=object)))
    if order is None and by == "tradition":
        from standpoint.corpus import CorpusError, load_traditions

        try:
            order = list(load_traditions()["tradition"])
        except (CorpusError, OSError):
            order = None
    head = [g for g in (order or []) if g in present]
    rest = sorted((g for g in present if g not in set(head)), key=str)
    return head + rest


def _groups(tc: TermCounts, by: str, order) -> tuple[list, np.ndarray]:
    if by not in tc.passages.columns:
        raise ValueError(f"the passages frame has no column {by!r}")
    labels = tc.passages[by]
    groups = group_order(labels, by, order)
    index = {g: i for i, g in enumerate(groups)}
    rows = np.array([index[g] for g in labels.tolist()], dtype=np.int64)
    return groups, rows


def _indicator(rows: np.ndarray, n_groups: int) -> sp.csr_matrix:
    n = rows.size
    return sp.csr_matrix((np.ones(n, dtype=np.int64), (rows, np.arange(n))), shape=(n_groups, n))


KEYNESS_COLUMNS = ["term", "freq", "freq_other", "n_passages", "g2", "log_ratio", "p", "p_adj",
                   "direction", "significant", "rank", "is_name", "per_10k", "per_10k_other"]


def keyness(selected_passages: pd.DataFrame, *, by: str = "tradition", order: Sequence | None = None,
            min_freq: int = 3, min_docs: int = 2, ngram_range: tuple[int, int] = (1, 2),
            alpha: float = 0.05, correction: str = "holm", positive_only: bool = True,
            voice: str | Iterable[str] | None = "author", strip_quotes: bool | str = True,
            names: str = "keep") -> pd.DataFrame:
    """Keyness of every term for every group against all the other groups of the selection.

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
    is_name         the term is (or contains) a proper name (see module docstring)
    per_10k         freq per 10,000 running words of the group; ``per_10k_other``: rest
    ==============  ==================================================================

    Rows: groups in order (:func:`group_order`), then ``over`` before ``under``, then ``g2``
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
    """
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must be between 0 and 1, got {alpha}")
    if correction not in _CORRECTIONS:
        raise ValueError(f"correction must be one of {', '.join(_CORRECTIONS)}, not {correction!r}")
    from scipy.stats import chi2  # lazily: scipy.stats takes about a second to import

    tc = count_terms(selected_passages, voice=voice, strip_quotes=strip_quotes, names=names,
                     ngram_range=ngram_range, min_freq=min_freq, min_docs=min_docs)
    groups, rows = _groups(tc, by, order)
    sizes = np.bincount(rows, weights=tc.n_words, minlength=len(groups)).astype(np.int64)
    live = [i for i in range(len(groups)) if sizes[i] > 0]
    if len(live) < 2:
        raise ValueError(f"keyness needs at least two groups with words in column {by!r}; "
                         f"found {[groups[i] for i in live]}")
    indicator = _indicator(rows, len(groups))
    counts = np.asarray((indicator @ tc.matrix).todense())
    present = np.asarray((indicator @ (tc.matrix > 0).astype(np.int64)).todense())
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
        sort = np.lexsort((tc.terms.astype(str), -g2, ~over))
        part = pd.DataFrame({
            by: [groups[i]] * len(sort),
            "term": tc.terms[sort].astype(str),
            "freq": a[sort].astype(np.int64),
            "freq_other": b[sort].astype(np.int64),
            "n_passages": present[i][sort].astype(np.int64),
            "g2": g2[sort],
            "log_ratio": lr[sort],
            "p": p[sort],
            "p_adj": p_adj[sort],
            "direction": np.where(over[sort], "over", "under"),
            "significant": significant[sort],
            "is_name": tc.is_name[sort],
            "per_10k": a[sort] / c * 1e4,
            "per_10k_other": b[sort] / d * 1e4,
        })
        n_over = int(over.sum())
        part["rank"] = np.concatenate([np.arange(1, n_over + 1),
                                       np.arange(1, len(sort) - n_over + 1)]).astype(np.int64)
        frames.append(part)
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    return out.reindex(columns=[by] + KEYNESS_COLUMNS)


def tfidf_terms(selected_passages: pd.DataFrame, *, top: int | None = 15, by: str = "tradition",
                order: Sequence | None = None, min_freq: int = 3, min_docs: int = 2,
                ngram_range: tuple[int, int] = (1, 2), voice: str | Iterable[str] | None = "author",
                strip_quotes: bool | str = True, names: str = "keep") -> pd.DataFrame:
    """Top TF-IDF terms per group, each group's passages taken as one document.

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

    tc = count_terms(selected_passages, voice=voice, strip_quotes=strip_quotes, names=names,
                     ngram_range=ngram_range, min_freq=min_freq, min_docs=min_docs)
    columns = [by, "term", "tfidf", "rank", "freq", "is_name"]
    if tc.passages.empty:
        return pd.DataFrame(columns=columns)
    groups, rows = _groups(tc, by, order)
    counts = (_indicator(rows, len(groups)) @ tc.matrix).tocsr()
    weights = TfidfTransformer(sublinear_tf=True).fit_transform(counts.astype(float)).tocsr()
    frames = []
    for i, group in enumerate(groups):
        row = weights.getrow(i)
        cols, vals = row.indices, row.data
        sort = np.lexsort((tc.terms[cols].astype(str), -vals))
        if top is not None:
            sort = sort[:top]
        cols = cols[sort]
        frames.append(pd.DataFrame({
            by: [group] * len(cols),
            "term": tc.terms[cols].astype(str),
            "tfidf": vals[sort],
            "rank": np.arange(1, len(cols) + 1, dtype=np.int64),
            "freq": np.asarray(counts[i, cols].todense()).ravel().astype(np.int64),
            "is_name": tc.is_name[cols],
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
