"""The content of a seminar handout, as data built from a comparison and nothing else: the
group in two lines, each tradition's verdict with its central judgement and the passages that
state it, where the traditions agree and disagree, the facts they dispute, and questions for
discussion. Every point is made from the position statements (verdicts) and the passage codes
(themes), and names the passages behind it, so a test can check each against them
(``tests/test_handouts.py``); the rendering (:mod:`standpoint.render.handout`) only phrases it.

Rules:

- **Verdicts**: traditions sharing a verdict (other than ``silent``) agree; two traditions with
  different verdicts disagree (``endorses`` against ``criticises`` is the sharpest contrast).
- **Themes**: a tradition's judgement of the group on a theme is the majority of its
  *judgement* codes with that theme (``criticises``, ``endorses``, ``mixed``; a tie between
  criticising and endorsing is ``mixed``); a tradition whose codes on the theme only report
  makes no claim there (no handout says that a tradition "only reports" or "leaves aside"
  something: absence in the codes is not absence in the text).
- **Facts**: questions two or more traditions answer differently (``corpus/claims.csv``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import pandas as pd

from standpoint.comparison.model import Comparison
from standpoint.comparison.verdicts import JUDGEMENTS

#: how far apart two judgements are: the sharper, the better a question
CONTRAST = {frozenset({"endorses", "criticises"}): 3, frozenset({"endorses", "mixed"}): 2,
            frozenset({"criticises", "mixed"}): 2, frozenset({"endorses", "neutral"}): 1,
            frozenset({"criticises", "neutral"}): 1, frozenset({"mixed", "neutral"}): 1}
MAX_QUESTIONS = 3


@dataclass(frozen=True)
class Stance:
    """One tradition's judgement on one subject (its verdict, or a theme) and the passages
    behind it."""

    tradition: str
    stance: str
    passage_ids: tuple[str, ...]


@dataclass(frozen=True)
class Point:
    """An agreement or a disagreement: ``subject`` is ``verdict`` or a theme id."""

    kind: str  # "agree" | "disagree"
    subject: str
    label: str
    stances: tuple[Stance, ...]

    @property
    def contrast(self) -> int:
        """The sharpest contrast between two of its stances (0 for an agreement)."""
        found = {s.stance for s in self.stances}
        return max((CONTRAST.get(frozenset({a, b}), 0) for a in found for b in found if a != b),
                   default=0)


@dataclass(frozen=True)
class Question:
    """A question for discussion, as data: two traditions that disagree on ``subject`` (or a
    disputed fact: ``subject`` is the question id; or, when fewer disagreements than questions,
    two that agree), each with its stance and passages."""

    kind: str  # "verdict" | "theme" | "fact" | "agree"
    subject: str
    label: str
    first: Stance
    second: Stance


@dataclass(frozen=True)
class Handout:
    """Everything a handout shows of one opposition (see the module docstring)."""

    comparison: Comparison
    figures: tuple[str, ...]
    description: str
    agreements: tuple[Point, ...]
    disagreements: tuple[Point, ...]
    questions: tuple[Question, ...]

    @property
    def speaking(self):
        """The rows of the traditions that are not silent."""
        return [r for r in self.comparison.rows if not r.silent]


def theme_stances(annotations: pd.DataFrame, traditions: list[str]) -> dict[str, list[Stance]]:
    """``theme -> [Stance, ...]`` (traditions in order): each tradition's judgement of the group
    on the theme, from its judgement codes (see the module docstring); themes in first-seen
    order of the codes.

    Example:
        >>> a = pd.DataFrame({"tradition": ["icc", "icc", "academic", "academic"],
        ...     "passage_id": ["i:1", "i:2", "g:1", "g:2"],
        ...     "stance": ["criticises", "endorses", "reports", "criticises"],
        ...     "themes": [["trade-unions"], ["trade-unions"], ["trade-unions"], ["trade-unions"]]})
        >>> [(s.tradition, s.stance, s.passage_ids) for s in theme_stances(a, ["icc", "academic"])["trade-unions"]]
        [('icc', 'mixed', ('i:1', 'i:2')), ('academic', 'criticises', ('g:2',))]
    """
    coded: dict[str, dict[str, list[tuple[str, str]]]] = {}
    for tradition, pid, stance, themes in zip(annotations["tradition"], annotations["passage_id"],
                                             annotations["stance"], annotations["themes"]):
        if stance not in JUDGEMENTS:
            continue
        for theme in themes:
            coded.setdefault(theme, {}).setdefault(tradition, []).append((stance, pid))
    out: dict[str, list[Stance]] = {}
    for theme, by_tradition in coded.items():
        stances = []
        for tradition in traditions:
            rows = by_tradition.get(tradition)
            if not rows:
                continue
            counts = Counter(s for s, _ in rows)
            top = max(counts.values())
            winners = {s for s, n in counts.items() if n == top}
            stance = next(iter(winners)) if len(winners) == 1 else "mixed"
            ids = tuple(sorted({p for s, p in rows if s in winners or stance == "mixed"}))
            stances.append(Stance(tradition, stance, ids))
        out[theme] = stances
    return out


def _points(subjects: dict[str, list[Stance]], labels: dict[str, str]) -> tuple[list, list]:
    agree, disagree = [], []
    for subject, stances in subjects.items():
        if len(stances) < 2:
            continue
        by_stance: dict[str, list[Stance]] = {}
        for s in stances:
            by_stance.setdefault(s.stance, []).append(s)
        for stance, group in by_stance.items():
            if len(group) >= 2:
                agree.append(Point("agree", subject, labels.get(subject, subject), tuple(group)))
        if len(by_stance) >= 2:
            disagree.append(Point("disagree", subject, labels.get(subject, subject), tuple(stances)))
    return agree, disagree


def build_handout(comparison: Comparison, oppositions: pd.DataFrame,
                  theme_labels: dict[str, str]) -> Handout:
    """The :class:`Handout` of one opposition (``oppositions``: the registry, for the leading
    figures and the description; ``theme_labels``: theme id -> label, from the codebook).

    Example:
        >>> from standpoint.comparison import compare
        >>> from standpoint.corpus import load_codebook, load_oppositions
        >>> cb = load_codebook()
        >>> h = build_handout(compare("left-opposition"), load_oppositions(),
        ...                   dict(zip(cb.themes["id"], cb.themes["label"])))
        >>> h.figures[:2], h.disagreements[0].subject, h.questions[0].kind
        (('Trotsky', 'Preobrazhensky'), 'verdict', 'verdict')
    """
    entry = oppositions.set_index("opposition").loc[comparison.opposition]
    members = [m["name"] for m in entry["members"]]
    traditions = list(comparison.traditions)
    verdict_stances = [Stance(r.tradition, r.verdict, tuple(e.passage_id for e in r.evidence))
                       for r in comparison.rows if not r.silent]
    labels = {"verdict": "overall verdict", **theme_labels}
    agree, disagree = _points({"verdict": verdict_stances}, labels)
    themes = theme_stances(comparison.annotations, traditions)
    order = {t: i for i, t in enumerate(theme_labels)}
    more_agree, more_disagree = _points(dict(sorted(themes.items(),
                                                    key=lambda kv: order.get(kv[0], 99))), labels)
    size = lambda p: sum(len(s.passage_ids) for s in p.stances)  # noqa: E731
    more_agree.sort(key=lambda p: (-len(p.stances), -size(p), order.get(p.subject, 99)))
    more_disagree.sort(key=lambda p: (-p.contrast, -len(p.stances), -size(p),
                                      order.get(p.subject, 99)))
    agree += more_agree
    disagree += more_disagree
    questions: list[Question] = []
    for point in disagree:
        if len(questions) == MAX_QUESTIONS - 1:
            break
        pair = max(((a, b) for a in point.stances for b in point.stances
                    if traditions.index(a.tradition) < traditions.index(b.tradition)
                    and a.stance != b.stance),
                   key=lambda ab: CONTRAST.get(frozenset({ab[0].stance, ab[1].stance}), 0),
                   default=None)
        if pair and not any(q.first.tradition == pair[0].tradition
                            and q.second.tradition == pair[1].tradition for q in questions):
            kind = "verdict" if point.subject == "verdict" else "theme"
            questions.append(Question(kind, point.subject, point.label, *pair))
    for d in comparison.disputed_facts():
        if len(questions) == MAX_QUESTIONS:
            break
        first, second = d.traditions[0], next(t for t in d.traditions[1:]
                                               if d.values[t] != d.values[d.traditions[0]])
        ids = lambda t: tuple(comparison.claims.loc[  # noqa: E731
            (comparison.claims["question_id"] == d.question_id)
            & (comparison.claims["tradition"] == t), "passage_id"])
        questions.append(Question("fact", d.question_id, d.question,
                                  Stance(first, d.values[first], ids(first)),
                                  Stance(second, d.values[second], ids(second))))
    for point in agree:  # when they agree, ask whether for the same reasons
        if len(questions) == MAX_QUESTIONS:
            break
        first, second = point.stances[0], point.stances[1]
        if not any({q.first.tradition, q.second.tradition} == {first.tradition, second.tradition}
                   and q.subject == point.subject for q in questions):
            questions.append(Question("agree", point.subject, point.label, first, second))
    return Handout(comparison=comparison, figures=tuple(members),
                   description=" ".join(str(entry["description"]).split()),
                   agreements=tuple(agree), disagreements=tuple(disagree),
                   questions=tuple(questions[:MAX_QUESTIONS]))
