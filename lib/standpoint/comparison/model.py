"""The comparison as data: one :class:`TraditionRow` per tradition and the :class:`Comparison`
that holds them with the frames they were computed from. Numbers, lists, ids and citations:
nothing here is formatted text (the rendering layer, :mod:`standpoint.render.comparison`,
turns it into a table, CSV, JSON, Markdown, LaTeX or HTML, once).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from standpoint.comparison.citations import Citation


@dataclass(frozen=True)
class Quotation:
    """A verbatim anchor in the author's own words, with its citation."""

    anchor: str
    citation: Citation

    @property
    def passage_id(self) -> str:
        return self.citation.passage_id


@dataclass(frozen=True)
class TraditionRow:
    """How one tradition treats the group.

    Attributes:
        tradition, name, colour: the tradition's id, display name and colour.
        passages, words: its authorial passages about the group (topic attribution), words.
        verdict: ``criticises`` | ``endorses`` | ``mixed`` | ``neutral`` | ``silent`` |
            ``uncoded`` (passages about the group, none coded yet).
        verdict_source: ``positions`` (``corpus/positions.csv``) or ``codes`` (no statement:
            :func:`~standpoint.comparison.verdicts.provisional_verdict`).
        verdict_note: the position statement (its central judgement), or ``''``.
        verdict_counts: stance -> number of its coded passages (the spread behind the verdict).
        evidence: the passages where the author states the judgement (the first is the
            exemplary quotation).
        distinctive_terms: usable terms it over-uses (:mod:`~standpoint.comparison.emphasis`).
        evaluative_balance: ``(positive - negative) / (positive + negative)`` of the evaluative
            words in its sentences about the group, or ``None`` (no such word, or no passage).
        evaluative_words: ``(positive, negative, passages scored)``.
        themes_coded: theme -> number of coded passages, most frequent first.
    """

    tradition: str
    name: str
    colour: str
    passages: int
    words: int
    verdict: str
    verdict_source: str
    verdict_note: str
    verdict_counts: dict[str, int]
    evidence: tuple[Quotation, ...]
    distinctive_terms: tuple[str, ...]
    evaluative_balance: float | None
    evaluative_words: tuple[int, int, int]
    themes_coded: dict[str, int]

    @property
    def quotation(self) -> Quotation | None:
        """The exemplary quotation (the first piece of evidence), or ``None``."""
        return self.evidence[0] if self.evidence else None

    @property
    def silent(self) -> bool:
        return self.verdict == "silent"


@dataclass(frozen=True, eq=False)
class Comparison:
    """Everything :func:`~standpoint.comparison.compare` computed for one opposition.

    Attributes:
        opposition, name, start_year, end_year: the registry entry.
        traditions: tradition ids in table order; ``colours``: tradition -> colour.
        rows: one :class:`TraditionRow` per tradition, in table order.
        disputes: :func:`standpoint.corpus.disputes` of the group's claims (questions two or
            more traditions answer; ``disagree`` says which they answer differently).
        claims: the group's claims (``corpus/claims.csv`` rows).
        topics, selected, coverage, keyness, tfidf, method_agreement, similarity,
        closest_pairs, stance, annotations, documents: the frames behind the rows (topic
        rows; the authorial passages about the group; passages and words per tradition;
        :func:`standpoint.terms.keyness` and the rest of the term statistics; the stance
        heuristic's rows; the hand codes; the document registry).
        contexts: (tradition, distinctive term) -> its lines in context (KWIC records:
            ``passage_id``, ``left``, ``match``, ``right``), a few per term.
    """

    opposition: str
    name: str
    start_year: int
    end_year: int
    traditions: list[str]
    colours: dict[str, str]
    rows: tuple[TraditionRow, ...]
    disputes: pd.DataFrame = field(repr=False)
    claims: pd.DataFrame = field(repr=False)
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
    contexts: dict = field(repr=False, default_factory=dict)

    @property
    def title(self) -> str:
        """``Name (start–end)``."""
        years = (f"{self.start_year}" if self.start_year == self.end_year
                 else f"{self.start_year}–{self.end_year}")
        return f"{self.name} ({years})"

    @property
    def silent(self) -> list[str]:
        """Traditions whose verdict is ``silent``."""
        return [r.tradition for r in self.rows if r.silent]

    def disputed_facts(self) -> list:
        """The questions two or more traditions answer differently (rows of ``disputes``)."""
        if self.disputes.empty:
            return []
        return list(self.disputes[self.disputes["disagree"]].itertuples(index=False))

    def row(self, tradition: str) -> TraditionRow:
        """The row of one tradition."""
        return next(r for r in self.rows if r.tradition == tradition)
