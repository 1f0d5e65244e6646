"""Everything about one opposition, computed once: :func:`compare` returns a typed
:class:`~standpoint.comparison.model.Comparison` that the command line, the notebooks, the
handouts and the report all read, so no number is computed twice in two ways.

For an opposition ``O``, with ``selected`` = the authorial passages about ``O`` (topic
attribution), from every tradition:

- the **verdict** of each tradition, its central judgement and the passages that state it come
  from the position statements (``corpus/positions.csv``); the spread of its passage codes
  (``corpus/annotations.csv``) is shown beside it; ``reports`` is never a verdict;
- the **distinctive terms**: keyness of each tradition's passages about ``O`` against the other
  traditions' passages about ``O`` (:func:`standpoint.terms.keyness`, all at once, corrected),
  filtered to terms a reader can use (:mod:`standpoint.comparison.emphasis`);
- the **evaluative balance**: the stance heuristic's words in the sentences about ``O``;
- the **disputed facts**: questions about ``O`` that two or more traditions answer
  (``corpus/claims.csv``), and whether they disagree.

The corpus-wide inputs (passages, mentions, topics, stance, codebook, annotations, positions,
claims) are computed once by :func:`shared_inputs` and passed on: ``compare(o, **inputs)``.
An unknown opposition id is a :class:`CompareError` listing the valid ids.
"""

from __future__ import annotations

import pandas as pd

from standpoint.comparison.citations import cite
from standpoint.comparison.emphasis import distinctive_terms, name_words, quoted_shares
from standpoint.comparison.model import Comparison, Quotation, TraditionRow
from standpoint.comparison.verdicts import provisional_verdict, substantive, theme_counts, verdict_counts
from standpoint.errors import StandpointError

KEYNESS_OPTIONS = {"min_freq": 3, "min_docs": 2, "alpha": 0.05, "correction": "holm"}
CONTEXT_LINES = 5  # lines in context kept per distinctive term


class CompareError(StandpointError, ValueError):
    """An unknown opposition (the message lists the valid ids)."""


def _true_topics(topics_df: pd.DataFrame) -> pd.DataFrame:
    if "is_topic" in topics_df.columns:
        return topics_df[topics_df["is_topic"].astype(bool)]
    return topics_df


def shared_inputs(corpus=None, *, stance_only: str | None = None, **given) -> dict:
    """The corpus-wide inputs of :func:`compare`, computed once; what is given is kept. Keys:
    ``corpus``, ``oppositions``, ``passages``, ``mentions``, ``topics``, ``stance``
    (:func:`standpoint.stance.passage_stance` of every authorial passage), ``codebook``,
    ``annotations``, ``positions`` and ``claims`` (the corpus files, validated). Pass it on:
    ``compare(o, **inputs)``. ``stance_only``: an opposition id; the stance is then scored
    only in the passages that mention it or are about it (its rows are the same as in the
    whole table: a passage's stance reads only that passage; what :func:`compare` needs).

    Example:
        >>> d = shared_inputs()
        >>> sorted(d)[:5]
        ['annotations', 'claims', 'codebook', 'corpus', 'mentions']
    """
    from standpoint.corpus import (load_annotations, load_claims, load_codebook, load_corpus,
                                   load_oppositions, load_positions)
    from standpoint.segment import passages as make_passages
    from standpoint.stance import passage_stance
    from standpoint.topics import mentions as find_mentions
    from standpoint.topics import topics as find_topics

    unknown = set(given) - {"oppositions", "passages", "mentions", "topics", "stance", "codebook",
                            "annotations", "positions", "claims", "lexicon"}
    if unknown:
        raise TypeError(f"shared_inputs: unknown input(s) {', '.join(sorted(unknown))}")
    d = {k: v for k, v in given.items() if v is not None}
    corpus = corpus if corpus is not None else load_corpus()
    d["corpus"] = corpus
    if "oppositions" not in d:
        d["oppositions"] = load_oppositions(corpus.root)
    if "passages" not in d:
        d["passages"] = make_passages(corpus)
    ids = list(d["oppositions"]["opposition"])
    if "codebook" not in d:  # the corpus files first: a broken file fails fast
        d["codebook"] = load_codebook(corpus.root)
    if "annotations" not in d:
        d["annotations"] = load_annotations(d["passages"], d["codebook"], d["oppositions"],
                                            root=corpus.root)
    if "positions" not in d:
        d["positions"] = load_positions(d["passages"], corpus.tradition_order, ids,
                                        d["codebook"], root=corpus.root)
    if "claims" not in d:
        d["claims"] = load_claims(d["passages"], corpus.tradition_order, ids, root=corpus.root)
    if "mentions" not in d:
        d["mentions"] = find_mentions(d["passages"], d["oppositions"])
    if "topics" not in d:
        d["topics"] = find_topics(d["passages"], d["mentions"], d["oppositions"])
    if "stance" not in d:
        P, M, T = d["passages"], d["mentions"], d["topics"]
        if stance_only is not None:
            ids = (set(M.loc[M["opposition"] == stance_only, "passage_id"])
                   | set(T.loc[T["opposition"] == stance_only, "passage_id"]))
            P, M, T = (P[P["passage_id"].isin(ids)], M[M["passage_id"].isin(ids)],
                       T[T["passage_id"].isin(ids)])
        d["stance"] = passage_stance(P, M, T, d.get("lexicon"))
    d.pop("lexicon", None)
    return d


def verdicts(inputs: dict) -> pd.DataFrame:
    """Every tradition's verdict on every opposition: one row per pair (registry order, then
    tradition order) with ``opposition, tradition, verdict, verdict_source, passages``.

    Example:
        >>> v = verdicts(shared_inputs())
        >>> v.set_index(["tradition", "opposition"]).loc[("trotskyist", "left-opposition"), "verdict"]
        'endorses'
    """
    corpus, p = inputs["corpus"], inputs["passages"]
    topics = _true_topics(inputs["topics"])
    authorial = p.loc[p["voice"] == "author", ["passage_id", "tradition"]]
    about = topics[["passage_id", "opposition"]].merge(authorial, on="passage_id")
    n_about = about.groupby(["opposition", "tradition"]).size()
    stated = {(r.tradition, r.opposition): r.verdict for r in inputs["positions"].itertuples()}
    codes = inputs["annotations"]
    stances = inputs["codebook"].stance_ids
    rows = []
    for o in inputs["oppositions"]["opposition"]:
        for t in corpus.tradition_order:
            n = int(n_about.get((o, t), 0))
            if (t, o) in stated:
                verdict, source = stated[(t, o)], "positions"
            else:
                mine = codes[(codes["opposition"] == o) & (codes["tradition"] == t)]
                verdict, source = provisional_verdict(verdict_counts(mine, stances), n), "codes"
            rows.append({"opposition": o, "tradition": t, "verdict": verdict,
                         "verdict_source": source, "passages": n})
    return pd.DataFrame(rows, columns=["opposition", "tradition", "verdict", "verdict_source",
                                       "passages"])


def comparable_oppositions(corpus=None, **inputs) -> list[str]:
    """The opposition ids on which at least two traditions take a position (a verdict other
    than ``silent``), in registry order: the ones a comparison page and a handout are made for.

    Example:
        >>> comparable_oppositions()
        ['left-communists', 'democratic-centralists', 'workers-opposition', 'workers-group', 'workers-truth', 'left-opposition', 'united-opposition']
    """
    inputs = inputs if "positions" in inputs and "corpus" in inputs else shared_inputs(
        corpus, **{k: v for k, v in inputs.items() if k != "corpus"})
    v = verdicts(inputs)
    speaking = v[v["verdict"] != "silent"].groupby("opposition")["tradition"].nunique()
    return [o for o in inputs["oppositions"]["opposition"] if int(speaking.get(o, 0)) >= 2]


def _check(opposition: str, oppositions: pd.DataFrame) -> pd.Series:
    ids = list(oppositions["opposition"])
    if opposition not in ids:
        raise CompareError(f"unknown opposition '{opposition}' (valid: {', '.join(ids)})")
    return oppositions.set_index("opposition").loc[opposition]


def _term_statistics(selected: pd.DataFrame, order: list[str], keyness_options: dict):
    from standpoint.terms import closest_pairs, keyness, method_agreement, profile_similarity
    from standpoint.terms import term_matrix, tfidf_terms

    present = [t for t in order if (selected["tradition"] == t).any()] if len(selected) else []
    empty = pd.DataFrame()
    if not present:
        return empty, empty, empty, empty, empty
    # one term matrix for every statistic (the passages are tokenised once)
    matrix_kw = {k: v for k, v in keyness_options.items()
                 if k in ("voice", "ngram_range", "strip_quotes", "names")}
    matrix = term_matrix(selected, **matrix_kw)
    plain = selected if matrix_kw else matrix  # similarity: the default options
    stat_kw = {k: v for k, v in keyness_options.items() if k not in matrix_kw}
    tfidf = tfidf_terms(matrix, top=15, order=order,
                        **{k: v for k, v in stat_kw.items() if k in ("min_freq", "min_docs")})
    similarity = profile_similarity(plain, order=order)
    key = agreement = pairs = empty
    if len(present) >= 2:
        try:
            key = keyness(matrix, order=order, **stat_kw)
        except ValueError as exc:  # e.g. one tradition's passages hold no counted word
            if "at least two groups" not in str(exc):
                raise
        if len(key):
            agreement = method_agreement(key, tfidf, top=15)
        pairs = closest_pairs(plain, top=3, order=order)
    return key, tfidf, agreement, similarity, pairs


def compare(opposition: str, *, corpus=None, keyness_options: dict | None = None,
            top_terms: int = 5, **inputs) -> Comparison:
    """Compare how the traditions judge one opposition (see the module docstring).

    ``inputs``: the keys of :func:`shared_inputs` (computed when not given);
    ``keyness_options``: passed to :func:`standpoint.terms.keyness` (default
    :data:`KEYNESS_OPTIONS`); ``top_terms``: distinctive terms kept per tradition. Every
    opposition of the registry is accepted (a tradition that does not discuss it is
    ``silent``); an unknown id raises :class:`CompareError`. No input is modified.

    Example:
        >>> c = compare("left-opposition")
        >>> [(r.tradition, r.verdict) for r in c.rows]
        [('icc', 'criticises'), ('trotskyist', 'endorses'), ('anarchist', 'criticises'), ('academic', 'criticises')]
        >>> c.row("trotskyist").quotation.citation.passage_id
        'harman-revolution-lost:069'
        >>> compare("workers-oppositoin")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        standpoint.comparison.assemble.CompareError: unknown opposition 'workers-oppositoin' (valid: left-communists, ...)
    """
    given = dict(inputs)
    given.pop("corpus", None)
    oppositions = given.get("oppositions")
    if oppositions is None:
        from standpoint.corpus import load_corpus, load_oppositions

        oppositions = load_oppositions((corpus or load_corpus()).root)
        given["oppositions"] = oppositions
    entry = _check(opposition, oppositions)
    d = shared_inputs(corpus if corpus is not None else inputs.get("corpus"),
                      stance_only=opposition, **given)
    corpus = d["corpus"]
    order = corpus.tradition_order
    names = dict(zip(corpus.traditions["tradition"], corpus.traditions["name"]))
    documents = {r["doc_id"]: r for r in corpus.documents.to_dict("records")}
    p, topics = d["passages"], _true_topics(d["topics"])
    topics_o = topics[topics["opposition"] == opposition].reset_index(drop=True)
    selected = p[p["passage_id"].isin(set(topics_o["passage_id"])) & (p["voice"] == "author")]
    selected = selected.reset_index(drop=True)
    counts = selected.groupby("tradition")["n_words"].agg(["size", "sum"])
    coverage = pd.DataFrame(
        {"passages": [int(counts["size"].get(t, 0)) for t in order],
         "words": [int(counts["sum"].get(t, 0)) for t in order]},
        index=pd.Index(order, name="tradition")).astype("int64")
    options = {**KEYNESS_OPTIONS, **(keyness_options or {})}
    key, tfidf, agreement, similarity, pairs = _term_statistics(selected, order, options)
    shares = quoted_shares(selected) if len(selected) else {}
    group_words = name_words(list(entry["aliases"]) + [str(entry["name"])])
    stance_o = d["stance"][(d["stance"]["opposition"] == opposition)
                           & d["stance"]["passage_id"].isin(set(selected["passage_id"]))]
    stance_o = stance_o.reset_index(drop=True)
    codes_o = d["annotations"][d["annotations"]["opposition"] == opposition].reset_index(drop=True)
    positions = {(r.tradition, r.opposition): r for r in d["positions"].itertuples()}
    sections = dict(zip(p["passage_id"], p["section"]))
    rows = []
    for t in order:
        n, words = int(coverage.loc[t, "passages"]), int(coverage.loc[t, "words"])
        mine = codes_o[codes_o["tradition"] == t]
        spread = verdict_counts(mine, d["codebook"].stance_ids)
        position = positions.get((t, opposition))
        if position is not None:
            verdict, source, note = position.verdict, "positions", position.statement
            evidence = tuple(
                Quotation(anchor, cite(pid, sections.get(pid, ""),
                                       documents.get(pid.rsplit(":", 1)[0], {})))
                for pid, anchor, _ in position.evidence)
        else:
            verdict, source, note, evidence = provisional_verdict(spread, n), "codes", "", ()
        st = stance_o[stance_o["tradition"] == t]
        pos, neg = int(st["positive"].sum()), int(st["negative"].sum())
        rows.append(TraditionRow(
            tradition=t, name=str(names.get(t, t)), colour=corpus.colours.get(t, "#999999"),
            passages=n, words=words, verdict=verdict, verdict_source=source, verdict_note=note,
            verdict_counts=spread, evidence=evidence,
            distinctive_terms=tuple(distinctive_terms(key, t, shares=shares, names=group_words,
                                                      top=top_terms)) if n else (),
            evaluative_balance=round((pos - neg) / (pos + neg), 4) if pos + neg else None,
            evaluative_words=(pos, neg, len(st)),
            themes_coded=dict(theme_counts(substantive(mine))) if len(mine) else {}))
    from standpoint.corpus import disputes
    from standpoint.terms import kwic

    contexts = {}
    for row in rows:
        mine = selected[selected["tradition"] == row.tradition]
        for term in row.distinctive_terms:
            lines = kwic(mine, term, window=60).head(CONTEXT_LINES)
            contexts[(row.tradition, term)] = lines[["passage_id", "left", "match", "right"]].to_dict("records")
    claims_o = d["claims"][d["claims"]["opposition"] == opposition].reset_index(drop=True)
    return Comparison(
        opposition=opposition, name=str(entry["name"]), start_year=int(entry["start_year"]),
        end_year=int(entry["end_year"]), traditions=list(order), colours=dict(corpus.colours),
        rows=tuple(rows), disputes=disputes(claims_o), claims=claims_o, topics=topics_o,
        selected=selected, coverage=coverage, keyness=key, tfidf=tfidf,
        method_agreement=agreement, similarity=similarity, closest_pairs=pairs, stance=stance_o,
        annotations=codes_o, documents=corpus.documents.copy(), contexts=contexts)
