"""What the explorer reads, computed once: :func:`explore_data` returns an :class:`ExploreData`
holding the corpus-wide inputs of :func:`standpoint.comparison.shared_inputs` (passages,
mentions, topics, stance, codes, positions, claims), each opposition's
:class:`~standpoint.comparison.Comparison` when it is first asked for, and the tradition tagger
when it is first needed (:func:`~standpoint.explore.tagging.tagger_verdicts`, fitted on the fly).

Every view of :mod:`standpoint.render.explore_views` reads one of these; nothing here formats text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from standpoint.comparison import CompareError, Comparison, compare, shared_inputs
from standpoint.explore.tagging import tagger_verdicts

#: the scope of the term statistics that means "every passage of the corpus"
CORPUS_SCOPE = "corpus"


@dataclass(eq=False)
class ExploreData:
    """The explorer's inputs (see the module docstring).

    Attributes:
        inputs: the dict of :func:`standpoint.comparison.shared_inputs` (``corpus``,
            ``passages``, ``mentions``, ``topics``, ``oppositions`` ...), passed on to
            :func:`standpoint.comparison.compare`.
    """

    inputs: dict
    _comparisons: dict = field(default_factory=dict, repr=False)
    _tagger: Any = field(default=None, repr=False)

    @property
    def corpus(self):
        """The :class:`~standpoint.corpus.Corpus`."""
        return self.inputs["corpus"]

    @property
    def passages(self) -> pd.DataFrame:
        """Every passage of the corpus (:func:`standpoint.segment.passages`)."""
        return self.inputs["passages"]

    @property
    def traditions(self) -> list[str]:
        """Tradition ids in table order."""
        return list(self.corpus.tradition_order)

    @property
    def tradition_names(self) -> dict[str, str]:
        """``tradition -> display name``."""
        t = self.corpus.traditions
        return dict(zip(t["tradition"], t["name"]))

    @property
    def colours(self) -> dict[str, str]:
        """``tradition -> colour`` (``corpus/traditions.csv``)."""
        return dict(self.corpus.colours)

    @property
    def oppositions(self) -> list[str]:
        """Opposition ids in registry (chronological) order."""
        return list(self.inputs["oppositions"]["opposition"])

    @property
    def opposition_names(self) -> dict[str, str]:
        """``opposition -> its usual name``."""
        o = self.inputs["oppositions"]
        return dict(zip(o["opposition"], o["name"]))

    @property
    def documents(self) -> dict[str, dict]:
        """``doc_id -> its registry row`` (author, title, venue ...), for citations."""
        return {r["doc_id"]: r for r in self.corpus.documents.to_dict("records")}

    def check_opposition(self, opposition: str) -> str:
        """``opposition`` if it is a registry id, else :class:`~standpoint.comparison.CompareError`
        listing the valid ids.

        Example:
            >>> explore_data().check_opposition("workers-oppositoin")  # doctest: +ELLIPSIS
            Traceback (most recent call last):
            ...
            standpoint.comparison.assemble.CompareError: unknown opposition 'workers-oppositoin' (valid: left-communists, ...)
        """
        if opposition not in self.oppositions:
            raise CompareError(f"unknown opposition {opposition!r} "
                               f"(valid: {', '.join(self.oppositions)})")
        return opposition

    def check_traditions(self, traditions) -> list[str]:
        """The traditions asked for, in table order (all for ``None``); an unknown id is a
        :class:`~standpoint.comparison.CompareError` listing the valid ones.

        Example:
            >>> explore_data().check_traditions(["academic", "icc"])
            ['icc', 'academic']
        """
        if traditions is None:
            return self.traditions
        wanted = [traditions] if isinstance(traditions, str) else list(traditions)
        unknown = [t for t in wanted if t not in self.traditions]
        if unknown:
            raise CompareError(f"unknown tradition {unknown[0]!r} "
                               f"(valid: {', '.join(self.traditions)})")
        return [t for t in self.traditions if t in wanted]

    def comparison(self, opposition: str) -> Comparison:
        """:func:`standpoint.comparison.compare` of ``opposition`` (computed once).

        Example:
            >>> data = explore_data()
            >>> data.comparison("left-opposition") is data.comparison("left-opposition")
            True
        """
        if opposition not in self._comparisons:
            self._comparisons[opposition] = compare(self.check_opposition(opposition),
                                                    **self.inputs)
        return self._comparisons[opposition]

    def tagger(self):
        """The tradition tagger fitted on every authorial passage of the corpus (fitted once,
        when first asked for, by :func:`~standpoint.explore.tagging.tagger_verdicts`)."""
        if self._tagger is None:
            self._tagger, _ = tagger_verdicts(self.corpus, self.passages.iloc[:0])
        return self._tagger

    def scope(self, scope: str = CORPUS_SCOPE) -> tuple[pd.DataFrame, str]:
        """The passages a term is counted in, and how to name them: :data:`CORPUS_SCOPE` for
        every passage of the corpus, or an opposition id for the authorial passages about it
        (the selection of its comparison, so the numbers are the comparison's).

        Example:
            >>> frame, label = explore_data().scope("workers-group")
            >>> label, set(frame["voice"])
            ("the authorial passages about the Workers' Group", {'author'})
        """
        if scope == CORPUS_SCOPE:
            return self.passages, "the whole corpus"
        selected = self.comparison(scope).selected
        return selected, f"the authorial passages about the {self.opposition_names[scope]}"


def explore_data(corpus=None, *, tagger=None, **inputs) -> ExploreData:
    """The explorer's inputs for ``corpus`` (the project's when ``None``); ``inputs``: any of
    :func:`standpoint.comparison.shared_inputs`' keys already computed; ``tagger``: a fitted
    tagger to use instead of fitting one.

    Example:
        >>> data = explore_data()
        >>> data.traditions, data.oppositions[:2]
        (['icc', 'trotskyist', 'anarchist', 'academic'], ['left-communists', 'democratic-centralists'])
    """
    return ExploreData(shared_inputs(corpus, **inputs), _tagger=tagger)
