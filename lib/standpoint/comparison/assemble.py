"""Everything about one opposition, computed once: :func:`compare` returns a :class:`Comparison`
that the comparison table (:mod:`standpoint.comparison.tables`), the command line (``standpoint compare``)
and the notebooks all read, so no number is computed twice in two ways.

For an opposition ``O``, with ``selected`` = the authorial passages about ``O`` (topic
attribution, :func:`standpoint.topics.attribution.topics`), from every tradition:

- ``keyness``: each tradition's passages about ``O`` against the other traditions' passages
  about ``O`` (all traditions at once, :func:`standpoint.terms.contrast.keyness`): what one
  tradition stresses that the others, writing about the same group, do not;
- ``tfidf`` and ``method_agreement``: the TF-IDF view and how far it agrees with keyness;
- ``similarity`` and ``closest_pairs``: how close the traditions' vocabularies are, and the
  passage pairs across traditions a reader should compare first;
- ``stance``: the evaluative-lexicon heuristic (:func:`standpoint.stance.passage_stance`) for
  ``O``; ``annotations``: the hand annotations of ``O``;
- ``table``: the comparison table (:func:`standpoint.comparison.tables.table_from_parts`).

Nothing is cached between calls. To compare several oppositions without recomputing the
corpus-wide steps (passages, mentions, topics, stance, annotations), compute them once with
:func:`shared_inputs` and pass them on: ``compare(o, **inputs)``.

An unknown opposition id is a :class:`CompareError` (a ``ValueError``) listing the valid ids.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from standpoint.comparison import tables as _tables
from standpoint.errors import StandpointError

KEYNESS_EMPTY_COLUMNS = ["tradition", "term", "freq", "freq_other", "n_passages", "g2",
                         "log_ratio", "p", "p_adj", "direction", "significant", "rank",
                         "is_name", "per_10k", "per_10k_other"]


class CompareError(StandpointError, ValueError):
    """An unknown opposition (the message lists the valid ids)."""


@dataclass(frozen=True, eq=False)
class Comparison:
    """Everything :func:`compare` computed for one opposition (all DataFrames are new objects).

    Attributes:
        opposition, name, start_year, end_year: the registry entry.
        traditions: tradition ids in table order (``corpus.tradition_order``).
        colours: tradition -> colour.
        topics: the :func:`standpoint.topics.attribution.topics` rows for the opposition (every voice).
        selected: the authorial passages about it (passages columns), in passage order.
        coverage: one row per tradition (index ``tradition``): ``passages``, ``words``.
        keyness: :func:`standpoint.terms.contrast.keyness` of ``selected`` by tradition (empty when
            fewer than two traditions write about it).
        tfidf: :func:`standpoint.terms.contrast.tfidf_terms` of ``selected``.
        method_agreement: :func:`standpoint.terms.contrast.method_agreement` of the two.
        similarity: :func:`standpoint.terms.similarity.profile_similarity` (traditions present).
        closest_pairs: :func:`standpoint.terms.similarity.closest_pairs` across traditions.
        stance: :func:`standpoint.stance.passage_stance` rows for the opposition.
        annotations: the hand annotations of the opposition
            (:func:`standpoint.corpus.annotations.load_annotations` rows).
        documents: the document registry (for citations).
        table: the comparison table (:mod:`standpoint.comparison.tables`).
    """

    opposition: str
    name: str
    start_year: int
    end_year: int
    traditions: list[str]
    colours: dict[str, str]
    topics: pd.DataFrame = field(repr=False)
    selected: pd.DataFrame = field(repr=False)
    coverage: pd.DataFrame = field(repr=False)
    keyness: pd.DataFrame = field(repr=False)
    tfidf: pd.DataFrame = field(repr=False)
    method_agreement: pd.DataFrame = field(repr=False)
    similarity: pd.DataFrame = field(repr=False)
    closest_pairs: pd.DataFrame = field(repr=False)
    stance: pd.DataFrame = field(repr=False)
    annotations: pd.DataFrame = field(repr=False)
    documents: pd.DataFrame = field(repr=False)
    table: pd.DataFrame = field(repr=False)

    @property
    def title(self) -> str:
        """``Name (start–end)``."""
        years = (f"{self.start_year}" if self.start_year == self.end_year
                 else f"{self.start_year}–{self.end_year}")
        return f"{self.name} ({years})"

    @property
    def silent(self) -> list[str]:
        """Traditions with no authorial passage about the opposition."""
        return [t for t in self.traditions if int(self.coverage.loc[t, "passages"]) == 0]

    def rebuild_table(self, *, top_terms: int = _tables.TOP_TERMS) -> pd.DataFrame:
        """The comparison table from this comparison's parts (e.g. with other options)."""
        return _tables.table_from_parts(
            opposition=self.opposition, name=self.name, start_year=self.start_year,
            end_year=self.end_year, traditions=self.traditions, selected=self.selected,
            keyness=self.keyness, tfidf=self.tfidf, stance=self.stance,
            annotations=self.annotations, documents=self.documents, colours=self.colours,
            top_terms=top_terms)

    def styled(self):
        """The table as a pandas ``Styler`` (:func:`standpoint.comparison.tables.style_comparison`)."""
        return _tables.style_comparison(self.table, self.colours)


def _check(opposition: str, oppositions: pd.DataFrame) -> pd.Series:
    ids = list(oppositions["opposition"])
    if opposition not in ids:
        raise CompareError(f"unknown opposition '{opposition}' (valid: {', '.join(ids)})")
    return oppositions.set_index("opposition").loc[opposition]


def _true_topics(topics_df: pd.DataFrame) -> pd.DataFrame:
    if "is_topic" in topics_df.columns:
        return topics_df[topics_df["is_topic"].astype(bool)]
    return topics_df


def shared_inputs(corpus=None, *, passages: pd.DataFrame | None = None,
                  oppositions: pd.DataFrame | None = None, mentions: pd.DataFrame | None = None,
                  topics: pd.DataFrame | None = None, stance: pd.DataFrame | None = None,
                  annotations: pd.DataFrame | None = None, lexicon: pd.DataFrame | None = None,
                  need: tuple[str, ...] = ("stance", "annotations")) -> dict:
    """The corpus-wide inputs of :func:`compare`, computed once (what is given is kept):
    a dict with ``corpus``, ``oppositions``, ``passages``, ``mentions``, ``topics`` and, as
    listed in ``need``, ``stance`` (:func:`standpoint.stance.passage_stance` of every
    authorial passage, with the topics) and ``annotations``. Pass it on: ``compare(o, **d)``.

    Example:
        >>> d = shared_inputs(**toy_inputs())
        >>> sorted(d)
        ['annotations', 'corpus', 'mentions', 'oppositions', 'passages', 'stance', 'topics']
    """
    from standpoint.corpus import load_corpus

    corpus = corpus if corpus is not None else load_corpus()
    if oppositions is None:
        from standpoint.corpus import load_oppositions

        oppositions = load_oppositions(corpus.root)
    if passages is None:
        from standpoint.segment import passages as make_passages

        passages = make_passages(corpus)
    if "annotations" in need and annotations is None:  # first: a broken file fails fast
        from standpoint.corpus import load_annotations

        annotations = load_annotations(passages, None, oppositions, root=corpus.root)
    if (mentions is None and (topics is None or ("stance" in need and stance is None))):
        from standpoint.topics import mentions as find_mentions

        mentions = find_mentions(passages, oppositions)
    if topics is None:
        from standpoint.topics import topics as find_topics

        topics = find_topics(passages, mentions, oppositions)
    out = {"corpus": corpus, "oppositions": oppositions, "passages": passages,
           "mentions": mentions, "topics": topics}
    if "stance" in need:
        if stance is None:
            from standpoint.stance import passage_stance

            stance = passage_stance(passages, mentions, topics, lexicon)
        out["stance"] = stance
    if "annotations" in need:
        out["annotations"] = annotations
    return out


def comparable_oppositions(corpus=None, *, passages: pd.DataFrame | None = None,
                           topics: pd.DataFrame | None = None,
                           oppositions: pd.DataFrame | None = None,
                           mentions: pd.DataFrame | None = None, **_ignored) -> list[str]:
    """The opposition ids that at least two traditions discuss (at least one authorial
    passage about it, by topic attribution, in at least two traditions), in registry order.
    Accepts (and ignores) the other keys of :func:`shared_inputs`, so ``**inputs`` works.

    Example:
        >>> comparable_oppositions(**toy_inputs())
        ['workers-opposition']
    """
    d = shared_inputs(corpus, passages=passages, oppositions=oppositions, mentions=mentions,
                      topics=topics, need=())
    p, t = d["passages"], _true_topics(d["topics"])
    authorial = p.loc[p["voice"] == "author", ["passage_id", "tradition"]]
    joined = t[["passage_id", "opposition"]].merge(authorial, on="passage_id")
    n_traditions = joined.groupby("opposition")["tradition"].nunique()
    return [o for o in d["oppositions"]["opposition"] if int(n_traditions.get(o, 0)) >= 2]


def compare(opposition: str, *, corpus=None, passages: pd.DataFrame | None = None,
            oppositions: pd.DataFrame | None = None, mentions: pd.DataFrame | None = None,
            topics: pd.DataFrame | None = None, stance: pd.DataFrame | None = None,
            annotations: pd.DataFrame | None = None, lexicon: pd.DataFrame | None = None,
            top_terms: int = _tables.TOP_TERMS, tfidf_top: int = 15, top_pairs: int = 3,
            keyness_options: dict | None = None) -> Comparison:
    """Compare how the traditions write about one opposition (see the module docstring).

    Every input not given is computed from ``corpus`` (default :func:`standpoint.load_corpus`);
    the corpus-wide ones (``passages``, ``mentions``, ``topics``, ``stance`` for all
    oppositions, ``annotations``) can be passed precomputed (see :func:`shared_inputs`).
    ``top_terms``: distinctive terms per tradition in the table; ``tfidf_top``: TF-IDF terms
    kept (and compared with keyness); ``top_pairs``: closest pairs per pair of traditions;
    ``keyness_options``: passed to :func:`standpoint.terms.contrast.keyness` (``min_freq``,
    ``alpha``, ``names`` ...). Raises :class:`CompareError` for an unknown id. No input is
    modified.

    Example:
        >>> c = compare("workers-opposition", **toy_inputs())
        >>> c.title, c.silent, len(c.selected)
        ("Workers' Opposition (1920–1922)", ['trotskyist', 'academic'], 6)
        >>> c.table["passages"].tolist()
        [3, 0, 3, 0]
        >>> c.table["verdict"].tolist()
        ['endorses (2 of 3 coded passages; 1 mixed)', '', 'criticises (1 of 1 coded passage)', '']
        >>> compare("workers-oppositoin", **toy_inputs())  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        standpoint.comparison.assemble.CompareError: unknown opposition 'workers-oppositoin' (valid: left-communists, ...)
    """
    from standpoint.corpus import load_corpus

    corpus = corpus if corpus is not None else load_corpus()
    if oppositions is None:
        from standpoint.corpus import load_oppositions

        oppositions = load_oppositions(corpus.root)
    entry = _check(opposition, oppositions)
    d = shared_inputs(corpus, passages=passages, oppositions=oppositions, mentions=mentions,
                      topics=topics, stance=stance, annotations=annotations, lexicon=lexicon)
    p, all_topics = d["passages"], _true_topics(d["topics"])
    order = corpus.tradition_order

    topics_o = all_topics[all_topics["opposition"] == opposition].reset_index(drop=True)
    about = set(topics_o["passage_id"])
    selected = p[p["passage_id"].isin(about) & (p["voice"] == "author")].reset_index(drop=True)
    counts = selected.groupby("tradition")["n_words"].agg(["size", "sum"])
    coverage = pd.DataFrame(
        {"passages": [int(counts["size"].get(t, 0)) for t in order],
         "words": [int(counts["sum"].get(t, 0)) for t in order]},
        index=pd.Index(order, name="tradition")).astype("int64")

    from standpoint.terms import (
        closest_pairs,
        keyness,
        method_agreement,
        profile_similarity,
        tfidf_terms,
    )

    present = [t for t in order if coverage.loc[t, "passages"] > 0]
    kw = dict(keyness_options or {})
    key_df = pd.DataFrame(columns=KEYNESS_EMPTY_COLUMNS)
    agree_df = pd.DataFrame(columns=["tradition", "n_keyness", "n_tfidf", "overlap", "jaccard",
                                     "spearman", "shared"])
    tfidf_df = pd.DataFrame(columns=["tradition", "term", "tfidf", "rank", "freq", "is_name"])
    sim_df = pd.DataFrame()
    pairs_df = pd.DataFrame(columns=["tradition_a", "tradition_b", "rank", "passage_a",
                                     "passage_b", "cosine", "text_a", "text_b"])
    if present:
        tfidf_kw = {k: v for k, v in kw.items() if k in ("min_freq", "min_docs", "ngram_range",
                                                          "strip_quotes", "names")}
        tfidf_df = tfidf_terms(selected, top=tfidf_top, order=order, **tfidf_kw)
        sim_df = profile_similarity(selected, order=order)
    if len(present) >= 2:
        try:
            key_df = keyness(selected, order=order, **kw)
        except ValueError as exc:  # e.g. one tradition's passages hold no counted word
            if "at least two groups" not in str(exc):
                raise
        if len(key_df):
            agree_df = method_agreement(key_df, tfidf_df, top=tfidf_top)
        pairs_df = closest_pairs(selected, top=top_pairs, order=order)

    stance_o = d["stance"][d["stance"]["opposition"] == opposition].reset_index(drop=True)
    annotations_o = d["annotations"][d["annotations"]["opposition"] == opposition].reset_index(drop=True)
    common = dict(opposition=opposition, name=str(entry["name"]),
                  start_year=int(entry["start_year"]), end_year=int(entry["end_year"]),
                  traditions=list(order), colours=dict(corpus.colours))
    table = _tables.table_from_parts(
        **common, selected=selected, keyness=key_df, tfidf=tfidf_df, stance=stance_o,
        annotations=annotations_o, documents=corpus.documents, top_terms=top_terms)
    return Comparison(**common, topics=topics_o, selected=selected, coverage=coverage,
                      keyness=key_df, tfidf=tfidf_df, method_agreement=agree_df,
                      similarity=sim_df, closest_pairs=pairs_df, stance=stance_o,
                      annotations=annotations_o, documents=corpus.documents.copy(), table=table)


# ------------------------------------------------------------------------ examples ----
_TOY_ICC = """The Workers' Opposition

The Workers' Opposition defended the party against the bureaucracy of the party. Its critique of the party was profound.

The Workers' Opposition remained loyal to the party, and the party apparatus crushed it.

Shliapnikov trusted the party to the end, but the Workers' Opposition was weak on the party question.
"""
_TOY_AFAQ = """The "Workers' Opposition"

The "Workers' Opposition" ignored the soviet and soviet democracy. The soviet was left to the party.

The "Workers' Opposition" wanted union power, not the soviet; the soviet meant nothing to it.

Kollontai never asked what the soviet was for, and the "Workers' Opposition" followed.
"""


def toy_inputs() -> dict:
    """A tiny, self-contained set of inputs for :func:`compare` (two short texts about the
    Workers' Opposition, ICC and anarchist; the real traditions, registry and lexicon), used
    by the examples: ``compare("workers-opposition", **toy_inputs())`` runs in well under a
    second. Keys: those of :func:`shared_inputs` but ``stance``.

    Example:
        >>> d = toy_inputs()
        >>> d["passages"]["passage_id"].tolist()[:2], len(d["annotations"])
        (['toy-icc:001', 'toy-icc:002'], 4)
    """
    from standpoint.corpus import (
        ANNOTATION_COLUMNS,
        Corpus,
        default_root,
        load_oppositions,
        load_traditions,
    )
    from standpoint.segment import split_text
    from standpoint.topics import mentions, topics

    docs = pd.DataFrame([
        {"doc_id": "toy-icc", "tradition": "icc", "author": "International Communist Current",
         "title": "A toy ICC text", "venue": "", "year": "", "file": "", "sha256": ""},
        {"doc_id": "toy-afaq", "tradition": "anarchist", "author": "An Anarchist FAQ",
         "title": "A toy FAQ text", "venue": "An Anarchist FAQ", "year": "", "file": "",
         "sha256": ""}])
    texts = {"toy-icc": _TOY_ICC, "toy-afaq": _TOY_AFAQ}
    corpus = Corpus(root=default_root(), documents=docs, traditions=load_traditions(), texts=texts)
    passages = pd.concat([split_text(texts[d], doc_id=d, tradition=t)
                          for d, t in zip(docs["doc_id"], docs["tradition"])], ignore_index=True)
    opp = load_oppositions()
    m = mentions(passages, opp)
    t = topics(passages, m, opp)
    rows = [("toy-icc:001", "Its critique of the party was profound.", ["critique-depth"], "endorses",
             "Praises the depth of the critique."),
            ("toy-icc:002", "remained loyal to the party", ["party-loyalty"], "endorses",
             "Loyalty to the party is respected."),
            ("toy-icc:003", "was weak on the party question", ["party-dictatorship", "party-loyalty"],
             "mixed", "Trust in the party was a weakness."),
            ("toy-afaq:001", "ignored the soviet and soviet democracy", ["workers-democracy"],
             "criticises", "Ignored soviet democracy.")]
    info = passages.set_index("passage_id")
    annotations = pd.DataFrame([
        {"passage_id": pid, "anchor": anchor, "opposition": "workers-opposition", "themes": th,
         "stance": st, "note": note, "tradition": info.at[pid, "tradition"],
         "doc_id": info.at[pid, "doc_id"], "section": info.at[pid, "section"],
         "anchor_start": info.at[pid, "text"].find(anchor), "line": k + 2}
        for k, (pid, anchor, th, st, note) in enumerate(rows)], columns=ANNOTATION_COLUMNS)
    return {"corpus": corpus, "oppositions": opp, "passages": passages, "mentions": m,
            "topics": t, "annotations": annotations}
