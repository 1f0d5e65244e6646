"""Printable seminar handouts: one page set per opposition that at least two traditions discuss.

A handout is for a seminar leader. For one opposition it gives

- the group in two lines: years, leading figures, what it demanded (``corpus/oppositions.yaml``);
- an overview table, one row per tradition: passages about the group, the verdict of the hand
  annotations, the evaluative balance (lexicon heuristic) and the terms the tradition stresses
  (keyness against the other traditions writing about the same group) -- the comparison table of
  :mod:`standpoint.comparison.tables`;
- one block per tradition: its verdict in one sentence (the note of the annotation the comparison
  table quotes) and two or three of its own authorial passages about the group, quoted verbatim
  (the annotation anchors; a passage without an anchor is quoted up to a word boundary, ending
  with "…") with their citation (source, section, passage id);
- where the traditions agree and where they disagree, theme by theme (:func:`theme_points`), each
  point with the passage ids behind it;
- three discussion questions built from the disagreements (:func:`discussion_questions`), by
  template, from the data only.

Everything comes from the corpus files and :func:`standpoint.comparison.assemble`; nothing is
invented. :func:`build_handout` collects it (a :class:`Handout`), :func:`render_html` writes a
self-contained page (inline CSS, no script, no external resource, every text escaped) and
:func:`standpoint.publish.chromium.print_pdf` prints it to an A4 PDF with headless Chromium,
with fixed dates, and verifies the result completely before it counts
(:mod:`standpoint.publish.pdf`). :func:`write_handouts` does all of it for every comparable
opposition.

Errors (:mod:`standpoint.publish.errors`, also importable from here): :class:`HandoutError` (a
``ValueError``): an unknown or not comparable opposition id (the message lists the valid ids),
or no Chromium when a PDF is required; its subclass :class:`PrintError`: Chromium failed, timed
out or wrote a broken PDF (none is left behind).
"""

from __future__ import annotations

import html
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pandas as pd

from standpoint.comparison import tables as _tables
from standpoint.publish.chromium import find_chromium, print_pdf
from standpoint.publish.errors import HandoutError, PrintError  # noqa: F401
from standpoint.publish.files import prepare_output_dir, write_file
from standpoint.publish.pdf import check_pdf, fix_pdf_dates  # noqa: F401

MAX_QUOTES = 3
MIN_QUOTES = 2
QUOTE_CHARS = 300  # a passage quoted without an anchor is cut at a word boundary before this
MAX_IDS = 4  # passage ids shown per tradition in one agreement or disagreement point
N_QUESTIONS = 3
STANCE_RANK = {s: i for i, s in enumerate(_tables.STANCE_ORDER)}
#: How far apart two stances are: the stronger the contrast, the better a question.
_CONTRAST = {frozenset({"endorses", "criticises"}): 3, frozenset({"endorses", "mixed"}): 2,
             frozenset({"criticises", "mixed"}): 2}


# ------------------------------------------------------------------------ the data ----

@dataclass(frozen=True)
class Quote:
    """One quoted passage: ``text`` (verbatim, or cut at a word boundary and ending in "…"),
    ``passage_id``, ``section``, ``citation`` (:func:`standpoint.comparison.tables.citation`), and, for an
    annotation anchor, its ``stance`` and ``themes`` (empty for a plain passage)."""

    passage_id: str
    text: str
    section: str
    citation: str
    stance: str = ""
    themes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Block:
    """What one tradition says about the group (one row of the comparison table, plus quotes)."""

    tradition: str
    name: str
    colour: str
    passages: int
    words: int
    verdict: str
    note: str
    terms: str
    terms_method: str
    balance: str
    quotes: tuple[Quote, ...] = ()

    @property
    def silent(self) -> bool:
        """No authorial passage about the group and no coded passage."""
        return self.passages == 0 and not self.verdict


@dataclass(frozen=True)
class Position:
    """A tradition's position on one theme: the majority stance of its annotations of the
    group on that theme (``stance``; a tie reads ``criticises = reports``, and ``stances``
    holds the tied stances), the counts (most frequent first), the passage ids behind it."""

    tradition: str
    stance: str
    counts: tuple[tuple[str, int], ...]
    passage_ids: tuple[str, ...]

    @property
    def stances(self) -> tuple[str, ...]:
        """The majority stance(s): one, or several on a tie."""
        return tuple(self.stance.split(" = "))

    @property
    def tie(self) -> bool:
        """Two or more stances are equally frequent."""
        return len(self.stances) > 1


@dataclass(frozen=True)
class Point:
    """A theme that two or more traditions code for the group: ``kind`` is ``agree`` (every
    position has the same stance) or ``disagree``."""

    theme: str
    label: str
    kind: str
    positions: tuple[Position, ...]

    @property
    def contrast(self) -> int:
        """The strongest contrast between two positions without a tie (3: endorses vs
        criticises; 2: one of them vs mixed; 1: anything else vs reports; 0: none)."""
        return max((contrast(a.stance, b.stance) for i, a in enumerate(self.positions)
                    for b in self.positions[i + 1:] if not a.tie and not b.tie), default=0)


def contrast(a: str, b: str) -> int:
    """How far apart two stances are: 3 endorses/criticises, 2 either of them and mixed,
    1 reports and another, 0 the same.

    Example:
        >>> contrast("endorses", "criticises"), contrast("mixed", "criticises"), contrast("reports", "endorses")
        (3, 2, 1)
    """
    if a == b:
        return 0
    return _CONTRAST.get(frozenset({a, b}), 1)


@dataclass(frozen=True)
class Handout:
    """Everything a handout shows for one opposition (see the module docstring)."""

    opposition: str
    name: str
    years: str
    figures: tuple[str, ...]
    description: str
    blocks: tuple[Block, ...]
    agreements: tuple[Point, ...]
    disagreements: tuple[Point, ...]
    questions: tuple[str, ...]
    version: str = ""
    table: pd.DataFrame = field(default=None, repr=False, compare=False)


# ------------------------------------------------------------------------- helpers ----

def truncate_words(text: str, limit: int = QUOTE_CHARS) -> str:
    """``text`` with runs of whitespace as one space; if longer than ``limit`` characters, cut
    at the last word boundary before it and end with "…".

    Example:
        >>> truncate_words("The unions must manage production.", 20)
        'The unions must…'
        >>> truncate_words("Short enough.", 20)
        'Short enough.'
    """
    flat = " ".join(str(text).split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    space = cut.rfind(" ")
    if space > 0:
        cut = cut[:space]
    return cut.rstrip(" ,;:—–-") + "…"


def leading_figures(opposition: str, oppositions: pd.DataFrame) -> list[str]:
    """The group's members in registry order, then people registered under another group who
    also belonged to it (``also:``), each once.

    Example:
        >>> from standpoint.corpus import load_oppositions
        >>> leading_figures("right-opposition", load_oppositions())
        ['Rykov', 'Tomsky', 'Uglanov', 'Bukharin']
    """
    table = oppositions.set_index("opposition")
    names = [m["name"] for m in table.loc[opposition, "members"]]
    for other, members in zip(oppositions["opposition"], oppositions["members"]):
        if other == opposition:
            continue
        names += [m["name"] for m in members if opposition in m.get("also", [])]
    return list(dict.fromkeys(names))


def author_name(document) -> str:
    """The author part of :func:`standpoint.comparison.tables.short_source`, with "the" before an acronym.

    Example:
        >>> author_name({"author": "International Communist Current (unsigned)", "venue": ""})
        'the ICC'
        >>> author_name({"author": "Daniel Gaido", "venue": "Historical Materialism"})
        'Gaido'
    """
    get = document.get if hasattr(document, "get") else (lambda k, d="": getattr(document, k, d))
    name = _tables.short_source({"author": get("author", ""), "title": "",
                                 "venue": get("venue", "")})
    return f"the {name}" if name.isupper() and len(name) > 1 else name


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _years(start: int, end: int) -> str:
    return f"{start}" if start == end else f"{start}–{end}"


def _documents(documents: pd.DataFrame) -> dict[str, dict]:
    return {row["doc_id"]: row for row in documents.to_dict("records")}


# ------------------------------------------------------------------------- quotes ----

def tradition_quotes(annotations: pd.DataFrame, selected: pd.DataFrame, documents: pd.DataFrame,
                     limit: int = MAX_QUOTES, minimum: int = MIN_QUOTES) -> list[Quote]:
    """Up to ``limit`` quotes of one tradition about the group, from distinct passages.

    ``annotations``: the tradition's annotations of the group; ``selected``: its authorial
    passages about the group (passages columns). First the annotation the comparison table quotes
    (:func:`standpoint.comparison.tables.representative_annotation`), then the representative annotation of
    each other stance the tradition takes (most frequent first: the range of its judgements),
    then more of the majority stance. If that gives fewer than ``minimum``, passages of
    ``selected`` follow, in passage order, cut at a word boundary (:func:`truncate_words`).

    Example:
        >>> a = pd.DataFrame({"passage_id": ["d:2", "d:1", "d:3"], "doc_id": ["d"] * 3,
        ...     "section": ["S"] * 3, "stance": ["criticises", "criticises", "endorses"],
        ...     "themes": [["bureaucracy"], ["bureaucracy"], ["repression"]],
        ...     "anchor": ["too timid", "far too timid", "brave"]})
        >>> docs = pd.DataFrame({"doc_id": ["d"], "author": ["Jo Smith"], "title": ["T"],
        ...                      "venue": [""]})
        >>> [(q.passage_id, q.text, q.stance) for q in tradition_quotes(a, pd.DataFrame(), docs)]
        [('d:1', 'far too timid', 'criticises'), ('d:3', 'brave', 'endorses'), ('d:2', 'too timid', 'criticises')]
    """
    docs = _documents(documents) if len(documents) else {}
    chosen: list = []
    if len(annotations):
        counts = dict(_tables.theme_counts(annotations))
        first = _tables.representative_annotation(annotations)
        chosen.append(first)
        freq = Counter(annotations["stance"])
        others = sorted((s for s in freq if s != first["stance"]),
                        key=lambda s: (-freq[s], STANCE_RANK.get(s, 99), s))
        for stance in others:
            chosen.append(_tables.representative_annotation(
                annotations[annotations["stance"] == stance]))
        rest = annotations[annotations["stance"] == first["stance"]]
        ranked = sorted(rest.to_dict("records"),
                        key=lambda r: (-sum(counts[t] for t in r["themes"]), -len(r["anchor"]),
                                       str(r["passage_id"]), str(r["anchor"])))
        chosen += ranked
    quotes: list[Quote] = []
    seen: set[str] = set()
    for row in chosen:
        pid = str(row["passage_id"])
        if pid in seen or len(quotes) >= limit:
            continue
        seen.add(pid)
        quotes.append(Quote(passage_id=pid, text=" ".join(str(row["anchor"]).split()),
                            section=str(row["section"]),
                            citation=_tables.citation(pid, row["section"],
                                                      docs.get(row["doc_id"], {})),
                            stance=str(row["stance"]), themes=tuple(row["themes"])))
    if len(quotes) < minimum and len(selected):
        for row in selected.to_dict("records"):
            pid = str(row["passage_id"])
            if pid in seen or len(quotes) >= minimum:
                continue
            seen.add(pid)
            quotes.append(Quote(passage_id=pid, text=truncate_words(row["text"]),
                                section=str(row["section"]),
                                citation=_tables.citation(pid, row["section"],
                                                          docs.get(row["doc_id"], {}))))
    return quotes


# ------------------------------------------------------------- agree and disagree ----

def theme_positions(annotations: pd.DataFrame, traditions: list[str]) -> dict[str, list[Position]]:
    """``theme -> [Position, ...]`` (traditions in ``traditions`` order) over the annotations
    of one opposition. A tradition's stance on a theme is the majority stance of its annotations
    coded with that theme; a tie reads ``endorses = reports`` (codebook order). Passage ids:
    those with the majority stance(s), in passage-id order.

    Example:
        >>> a = pd.DataFrame({"tradition": ["icc", "icc", "academic", "academic"],
        ...     "passage_id": ["i:1", "i:2", "g:1", "g:2"],
        ...     "stance": ["criticises", "criticises", "reports", "endorses"],
        ...     "themes": [["trade-unions"], ["trade-unions", "bureaucracy"], ["trade-unions"],
        ...                ["trade-unions"]]})
        >>> [(p.tradition, p.stance, p.passage_ids) for p in theme_positions(a, ["icc", "academic"])["trade-unions"]]
        [('icc', 'criticises', ('i:1', 'i:2')), ('academic', 'endorses = reports', ('g:1', 'g:2'))]
    """
    rows: dict[str, dict[str, list[tuple[str, str]]]] = {}
    for tradition, pid, stance, themes in zip(annotations["tradition"], annotations["passage_id"],
                                             annotations["stance"], annotations["themes"]):
        for theme in themes:
            rows.setdefault(theme, {}).setdefault(tradition, []).append((str(stance), str(pid)))
    out: dict[str, list[Position]] = {}
    for theme in sorted(rows):
        positions = []
        for tradition in traditions:
            coded = rows[theme].get(tradition)
            if not coded:
                continue
            winners = _tables.majority_stances([s for s, _ in coded])
            stance = " = ".join(winners)
            ids = sorted({p for s, p in coded if s in winners})
            counts = Counter(s for s, _ in coded)
            ordered = tuple(sorted(counts.items(), key=lambda kv: (-kv[1], STANCE_RANK.get(kv[0], 99))))
            positions.append(Position(tradition, stance, ordered, tuple(ids)))
        out[theme] = positions
    return out


def theme_points(annotations: pd.DataFrame, traditions: list[str],
                 labels: dict[str, str] | None = None) -> tuple[list[Point], list[Point]]:
    """``(agreements, disagreements)``: every theme coded by at least two traditions, with
    their :func:`theme_positions`. The same stance everywhere is an agreement; otherwise a
    disagreement. Agreements: evaluative stances first (endorses, criticises, then mixed, then
    reports), more traditions first, then more passages, then theme order (``labels``' order,
    else alphabetical). Disagreements: the strongest contrast first (:attr:`Point.contrast`),
    then more traditions, more passages, theme order.

    Example:
        >>> a = pd.DataFrame({"tradition": ["icc", "anarchist", "icc", "anarchist"],
        ...     "passage_id": ["i:1", "a:1", "i:2", "a:2"],
        ...     "stance": ["criticises", "endorses", "reports", "reports"],
        ...     "themes": [["trade-unions"], ["trade-unions"], ["repression"], ["repression"]]})
        >>> agree, disagree = theme_points(a, ["icc", "anarchist"])
        >>> [(p.theme, p.kind) for p in agree + disagree]
        [('repression', 'agree'), ('trade-unions', 'disagree')]
    """
    labels = dict(labels or {})
    order = {t: i for i, t in enumerate(labels)}
    agree, disagree = [], []
    for theme, positions in theme_positions(annotations, traditions).items():
        if len(positions) < 2:
            continue
        kind = "agree" if len({p.stance for p in positions}) == 1 else "disagree"
        point = Point(theme, labels.get(theme, theme), kind, tuple(positions))
        (agree if kind == "agree" else disagree).append(point)
    n_ids = lambda p: sum(len(q.passage_ids) for q in p.positions)  # noqa: E731
    theme_rank = lambda p: (order.get(p.theme, len(order)), p.theme)  # noqa: E731
    group = {"endorses": 0, "criticises": 0, "mixed": 1}
    agree.sort(key=lambda p: (group.get(p.positions[0].stance, 2), -len(p.positions), -n_ids(p),
                              theme_rank(p)))
    disagree.sort(key=lambda p: (-p.contrast, -len(p.positions), -n_ids(p), theme_rank(p)))
    return agree, disagree


# ---------------------------------------------------------------------- questions ----

#: (singular, plural) templates: "Gaido criticises", "Cliff & Harman criticise".
_DOES = {"endorses": ("endorses the {g} on “{l}”", "endorse the {g} on “{l}”"),
         "criticises": ("criticises the {g} on “{l}”", "criticise the {g} on “{l}”"),
         "mixed": ("is divided about the {g} on “{l}”", "are divided about the {g} on “{l}”"),
         "reports": ("reports what the {g} did on “{l}” without judging it",
                     "report what the {g} did on “{l}” without judging it")}
_WHILE = {"endorses": ("endorses it", "endorse it"), "criticises": ("criticises it", "criticise it"),
          "mixed": ("is divided", "are divided"), "reports": ("only reports it", "only report it")}


def _plural(who: str) -> bool:
    return " & " in who or " and " in who


def _speaker(tradition: str, passage_id: str, documents: dict[str, dict],
             names: dict[str, str]) -> str:
    doc = documents.get(passage_id.split(":")[0])
    return author_name(doc) if doc else names.get(tradition, tradition)


def discussion_questions(disagreements: list[Point], group: str, documents: pd.DataFrame,
                         names: dict[str, str] | None = None, *,
                         single: list[Point] | None = None, silent: list[str] | None = None,
                         n: int = N_QUESTIONS) -> list[str]:
    """Up to ``n`` discussion questions, by template, from the data.

    One per disagreement (a theme at most once), each setting two traditions' positions
    against each other (the evaluative one speaks first), with their first passage ids. The
    pairs are picked greedily: a pair of traditions not asked about yet with a real contrast
    (endorses, criticises or mixed against each other) first, then the strongest contrast,
    then the order of ``disagreements``; e.g.
    "The ICC criticises the Workers' Opposition on “Trade unions …” (icc-communist-left-1:054),
    while Gaido only reports it (gaido-review:009): what evidence would decide between them?".
    If there are fewer than ``n`` disagreements, themes only one tradition judges (``single``,
    one-position :class:`Point` objects; a tie or ``reports`` is skipped) and then silent
    traditions (``silent``: tradition ids) give the rest. The verb agrees with the author
    ("Cliff & Harman criticise"). ``group`` is the group's name ("Workers' Opposition", written "the ...");
    ``names`` maps tradition ids to display names (for a tradition without a passage).

    Example:
        >>> docs = pd.DataFrame({"doc_id": ["icc-x", "gaido"], "venue": ["", ""],
        ...     "author": ["International Communist Current", "Daniel Gaido"], "title": ["", ""]})
        >>> p = Point("trade-unions", "Trade unions", "disagree", (
        ...     Position("icc", "criticises", (("criticises", 1),), ("icc-x:054",)),
        ...     Position("academic", "reports", (("reports", 1),), ("gaido:009",))))
        >>> print(discussion_questions([p], "Workers' Opposition", docs, n=1)[0])
        The ICC criticises the Workers' Opposition on “Trade unions” (icc-x:054), while Gaido only reports it (gaido:009): is the judgement in the events, or in the standpoint?
    """
    docs = _documents(documents) if len(documents) else {}
    names = dict(names or {})
    questions: list[str] = []
    candidates = []  # (score, disagreement rank, a, b, theme) for every clear pair
    for k, point in enumerate(disagreements):
        clear = [p for p in point.positions if not p.tie]  # a tie has no one stance to oppose
        for i, a in enumerate(clear):
            for b in clear[i + 1:]:
                score = contrast(a.stance, b.stance)
                if score > 0:
                    candidates.append((score, k, a, b, point))
    used_pairs: set[frozenset] = set()
    used_themes: set[str] = set()
    while len(questions) < n:
        open_ = [c for c in candidates if c[4].theme not in used_themes]
        if not open_:
            break
        score, k, a, b, point = max(open_, key=lambda c: (
            c[0] >= 2 and frozenset({c[2].tradition, c[3].tradition}) not in used_pairs,
            c[0], -c[1]))
        used_themes.add(point.theme)
        used_pairs.add(frozenset({a.tradition, b.tradition}))
        if a.stance == "reports" or (a.stance == "mixed" and b.stance in ("endorses", "criticises")):
            a, b = b, a
        pa, pb = a.passage_ids[0], b.passage_ids[0]
        who_a = _speaker(a.tradition, pa, docs, names)
        who_b = _speaker(b.tradition, pb, docs, names)
        ask = {3: "what evidence would decide between them?",
               2: "what would make the case clear-cut, one way or the other?",
               1: "is the judgement in the events, or in the standpoint?"}[score]
        first = _DOES[a.stance][_plural(who_a)].format(g=group, l=point.label)
        second = _WHILE[b.stance][_plural(who_b)]
        questions.append(f"{_cap(who_a)} {first} ({pa}), while {who_b} {second} ({pb}): {ask}")
    for point in single or []:
        if len(questions) >= n:
            break
        pos = point.positions[0]
        if pos.tie or pos.stance == "reports":
            continue
        pid = pos.passage_ids[0]
        who = _speaker(pos.tradition, pid, docs, names)
        verb = _DOES[pos.stance][_plural(who)].format(g=group, l=point.label)
        questions.append(f"Only {who} ({names.get(pos.tradition, pos.tradition)}) "
                         f"{verb} ({pid}); no other tradition codes the theme: why might the "
                         "others leave it aside?")
    for tradition in silent or []:
        if len(questions) >= n:
            break
        questions.append(f"The {names.get(tradition, tradition)} texts say nothing about the "
                         f"{group}: what does that silence tell us about their account of the period?")
    return questions


# ------------------------------------------------------------------------ assemble ----

def build_handout(comparison, oppositions: pd.DataFrame | None = None,
                  traditions: pd.DataFrame | None = None, codebook=None) -> Handout:
    """The :class:`Handout` of one opposition, from its :class:`standpoint.comparison.Comparison`
    (``oppositions``, ``traditions`` and ``codebook`` default to the project's files).

    Example:
        >>> from standpoint.comparison import compare
        >>> from standpoint.comparison.assemble import toy_inputs
        >>> h = build_handout(compare("workers-opposition", **toy_inputs()))
        >>> h.name, h.years, h.figures[:2]
        ("Workers' Opposition", '1920–1922', ('Shliapnikov', 'Kollontai'))
        >>> [(b.tradition, len(b.quotes)) for b in h.blocks]
        [('icc', 3), ('trotskyist', 0), ('anarchist', 2), ('academic', 0)]
        >>> len(h.questions)
        3
    """
    from standpoint import __version__

    if oppositions is None:
        from standpoint.corpus import load_oppositions

        oppositions = load_oppositions()
    if traditions is None:
        from standpoint.corpus import load_traditions

        traditions = load_traditions()
    if codebook is None:
        from standpoint.corpus import load_codebook

        codebook = load_codebook()
    entry = oppositions.set_index("opposition").loc[comparison.opposition]
    names = dict(zip(traditions["tradition"], traditions["name"]))
    colours = dict(zip(traditions["tradition"], traditions["colour"]))
    labels = dict(zip(codebook.themes["id"], codebook.themes["label"]))
    table = comparison.table
    annotations = comparison.annotations
    selected = comparison.selected
    blocks = []
    for row in table.to_dict("records"):
        t = row["tradition"]
        an = annotations[annotations["tradition"] == t] if len(annotations) else annotations
        sel = selected[selected["tradition"] == t] if len(selected) else selected
        quotes = tradition_quotes(an.reset_index(drop=True), sel, comparison.documents)
        blocks.append(Block(tradition=t, name=names.get(t, t), colour=colours.get(t, "#999999"),
                            passages=int(row["passages"]), words=int(row["words"]),
                            verdict=str(row["verdict"]), note=str(row["verdict_note"]),
                            terms=str(row["distinctive_terms"]),
                            terms_method=str(row["terms_method"]),
                            balance=str(row["evaluative_balance"]), quotes=tuple(quotes)))
    agree, disagree = theme_points(annotations, list(comparison.traditions), labels)
    positions = theme_positions(annotations, list(comparison.traditions)) if len(annotations) else {}
    order = {t: i for i, t in enumerate(labels)}
    single = sorted((Point(th, labels.get(th, th), "single", (ps[0],))
                     for th, ps in positions.items()
                     if len(ps) == 1 and ps[0].stance != "reports"),
                    key=lambda p: (-len(p.positions[0].passage_ids), order.get(p.theme, len(order)),
                                   p.theme))
    silent = [b.tradition for b in blocks if b.silent]
    questions = discussion_questions(disagree, str(entry["name"]), comparison.documents, names,
                                     single=single, silent=silent)
    return Handout(opposition=comparison.opposition, name=str(entry["name"]),
                   years=_years(int(entry["start_year"]), int(entry["end_year"])),
                   figures=tuple(leading_figures(comparison.opposition, oppositions)),
                   description=" ".join(str(entry["description"]).split()),
                   blocks=tuple(blocks), agreements=tuple(agree), disagreements=tuple(disagree),
                   questions=tuple(questions), version=__version__, table=table)


# --------------------------------------------------------------------------- HTML ----

CSS = """
@page { size: A4; margin: 15mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: "DejaVu Serif", "Liberation Serif", Georgia, serif; font-size: 10pt;
       line-height: 1.35; color: #111; margin: 0 auto; max-width: 190mm; padding: 4mm;
       overflow-wrap: break-word; }
h1, h2, h3, th, .meta, .ids, .tag, caption, .terms, footer {
       font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; }
h1 { font-size: 16pt; margin: 0 0 1mm 0; }
h2 { font-size: 11.5pt; margin: 4mm 0 1.5mm 0; border-bottom: 1px solid #bbb; break-after: avoid; }
h3 { font-size: 10.5pt; margin: 0 0 1mm 0; }
p { margin: 0 0 1.5mm 0; }
.lede p { margin: 0 0 0.5mm 0; }
.meta { font-size: 8.5pt; color: #444; }
table { border-collapse: collapse; width: 100%; font-size: 8.5pt; margin: 1mm 0 2mm 0; }
caption { text-align: left; font-weight: bold; font-size: 9pt; padding-bottom: 1mm; }
th, td { border: 1px solid #ccc; padding: 1mm 1.5mm; vertical-align: top; text-align: left;
         overflow-wrap: break-word; }
td.none { color: #999; }
th { background: #f0f0f0; }
tr { break-inside: avoid; }
td.tradition { font-weight: bold; border-left-width: 5px; }
.blocks { display: grid; grid-template-columns: 1fr 1fr; gap: 3mm; }
.block { border: 1px solid #ccc; border-left-width: 5px; padding: 2mm 2.5mm;
         break-inside: avoid; page-break-inside: avoid; }
p.silent { margin-top: 2mm; color: #333; }
.verdict { font-weight: bold; }
blockquote { margin: 1.5mm 0 0 0; padding: 0 0 0 2mm; border-left: 2px solid #ddd; }
blockquote p { margin: 0; font-style: italic; }
.cite { font-size: 8pt; color: #444; margin: 0.5mm 0 0 0; overflow-wrap: anywhere; }
.tag { font-size: 7.5pt; color: #555; }
table.points td:first-child { font-weight: bold; }
.ids { font-size: 7pt; color: #444; }
.id { white-space: nowrap; }
ol.questions li { margin-bottom: 1.5mm; break-inside: avoid; }
section { break-inside: auto; }
footer { margin-top: 4mm; font-size: 7.5pt; color: #555; border-top: 1px solid #ccc; padding-top: 1mm; }
@media (max-width: 640px) { .blocks { grid-template-columns: 1fr; } }
"""

def _e(text) -> str:
    return html.escape(str(text), quote=True)


def compact_ids(ids, limit: int = MAX_IDS) -> str:
    """Passage ids for a table cell: the document written once per run of the same document
    (``doc:012, :015``), at most ``limit`` ids, then ``+N more``. (:func:`render_html` keeps
    each id on one line.)

    Example:
        >>> compact_ids(["afaq:038", "afaq:050", "gaido:009", "gaido:010", "gaido:011"], limit=4)
        'afaq:038, :050, gaido:009, :010 +1 more'
    """
    ids = list(ids)
    parts, last = [], None
    for pid in ids[:limit]:
        doc, _, num = str(pid).rpartition(":")
        parts.append(f":{num}" if doc and doc == last else str(pid))
        last = doc
    more = len(ids) - limit
    return ", ".join(parts) + (f" +{more} more" if more > 0 else "")


_SHARED = {"endorses": "{all} endorse it", "criticises": "{all} criticise it",
           "mixed": "{all} are divided", "reports": "{all} only report it"}


def _ids_html(ids) -> str:
    """:func:`compact_ids`, escaped, each id unbreakable (a cell wraps between ids only)."""
    return ", ".join(f'<span class="id">{_e(part)}</span>'
                     for part in compact_ids(ids).split(", "))


def _agree_table(points: tuple[Point, ...], names: dict[str, str]) -> str:
    if not points:
        return "<p>No theme is coded with the same stance by two traditions.</p>"
    rows = []
    for p in points:
        stance = p.positions[0].stance
        everyone = "both" if len(p.positions) == 2 else "all"
        shared = _SHARED.get(stance, "{all}: " + stance).format(all=everyone)
        who = "<br>".join(
            f"<strong>{_e(names.get(q.tradition, q.tradition))}</strong> "
            f'<span class="ids">{_ids_html(q.passage_ids)}</span>' for q in p.positions)
        rows.append(f"<tr><td>{_e(p.label)}</td><td>{_e(shared)}</td><td>{who}</td></tr>")
    return ("<table class=\"points agree\">\n<thead><tr><th>Theme</th><th>Shared stance</th>"
            "<th>Traditions and passages</th></tr></thead>\n<tbody>\n" + "\n".join(rows)
            + "\n</tbody>\n</table>")


def _disagree_table(points: tuple[Point, ...], names: dict[str, str], order: list[str]) -> str:
    if not points:
        return "<p>No theme is coded with different stances by two traditions.</p>"
    present = {q.tradition for p in points for q in p.positions}
    columns = [t for t in order if t in present]
    head = "".join(f"<th>{_e(names.get(t, t))}</th>" for t in columns)
    rows = []
    for p in points:
        by = {q.tradition: q for q in p.positions}
        cells = []
        for t in columns:
            q = by.get(t)
            if q is None:
                cells.append('<td class="none">—</td>')
                continue
            total = sum(n for _, n in q.counts)
            top = q.counts[0][1]
            share = f"{top} each of {total}" if q.tie else f"{top} of {total}"
            cells.append(f"<td><strong>{_e(q.stance)}</strong> <span class=\"ids\">({_e(share)})"
                         f"<br>{_ids_html(q.passage_ids)}</span></td>")
        rows.append(f"<tr><td>{_e(p.label)}</td>{''.join(cells)}</tr>")
    return ("<table class=\"points disagree\">\n<thead><tr><th>Theme</th>" + head
            + "</tr></thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>")


def _silent_html(h: Handout) -> str:
    silent = [b.name for b in h.blocks if b.silent]
    if not silent:
        return ""
    return ('<p class="silent"><strong>Silent on the group:</strong> '
            f"{_e(', '.join(silent))}: no authorial passage about it, and no coded passage "
            "(a finding in itself).</p>")


def _block_html(block: Block) -> str:
    style = f' style="border-left-color: {_e(block.colour)}"'
    out = [f'<div class="block"{style}>', f"<h3>{_e(block.name)}</h3>"]
    if block.verdict:
        head = block.verdict.split(" (")[0]
        out.append(f'<p><span class="verdict">{_e(_cap(head))}.</span> {_e(block.note)}</p>')
    else:
        out.append("<p><span class=\"verdict\">Not coded.</span> No passage of this tradition "
                   "about the group has a hand annotation.</p>")
    for q in block.quotes:
        tag = ""
        if q.stance:
            tag = f' <span class="tag">[{_e(q.stance)}: {_e(", ".join(q.themes))}]</span>'
        out.append(f"<blockquote><p>“{_e(q.text)}”</p>"
                   f'<p class="cite">{_e(q.citation)}{tag}</p></blockquote>')
    out.append("</div>")
    return "\n".join(out)


def _table_html(h: Handout) -> str:
    rows = []
    for b in h.blocks:
        words = f"{b.passages} ({b.words:,} words)" if b.passages else "0"
        terms = b.terms if b.terms_method != "none" else (b.terms or "—")
        if b.terms_method == "keyness":
            terms += " (keyness)"
        rows.append(
            f'<tr><td class="tradition" style="border-left-color: {_e(b.colour)}">{_e(b.name)}</td>'
            f"<td>{_e(words)}</td><td>{_e(b.verdict or '—')}</td><td>{_e(b.balance)}</td>"
            f'<td class="terms">{_e(terms)}</td></tr>')
    return ("<table class=\"comparison\">\n<caption>At a glance: how each tradition judges the "
            f"{_e(h.name)}</caption>\n<thead><tr><th>Tradition</th><th>Passages</th>"
            "<th>Verdict (coded passages)</th><th>Evaluative balance</th>"
            "<th>Terms it stresses</th></tr></thead>\n<tbody>\n" + "\n".join(rows)
            + "\n</tbody>\n</table>")


def render_html(h: Handout) -> str:
    """The handout as one self-contained HTML page (inline CSS; no script, image, link or font
    file; every text HTML-escaped), laid out for A4 (``@page { size: A4; margin: 15mm }``).

    Example:
        >>> from standpoint.comparison import compare
        >>> from standpoint.comparison.assemble import toy_inputs
        >>> page = render_html(build_handout(compare("workers-opposition", **toy_inputs())))
        >>> "Workers&#x27; Opposition" in page, "<script" in page, "http" in page
        (True, False, False)
    """
    names = {b.tradition: b.name for b in h.blocks}
    order = [b.tradition for b in h.blocks]
    figures = ", ".join(h.figures) if h.figures else "—"
    agree = _agree_table(h.agreements, names)
    disagree = _disagree_table(h.disagreements, names, order)
    questions = "\n".join(f"<li>{_e(q)}</li>" for q in h.questions)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="standpoint {_e(h.version)}">
<title>{_e(h.name)} ({_e(h.years)}): seminar handout</title>
<style>{CSS}</style>
</head>
<body>
<header class="lede">
<h1>{_e(h.name)}, {_e(h.years)}</h1>
<p><strong>Leading figures:</strong> {_e(figures)}.</p>
<p><strong>What it stood for:</strong> {_e(h.description)}</p>
<p class="meta">Seminar handout: how four traditions judge the group, from their own words.</p>
</header>
<section>
{_table_html(h)}
</section>
<section>
<h2>Each tradition in its own words</h2>
<div class="blocks">
{chr(10).join(_block_html(b) for b in h.blocks if not b.silent)}
</div>
{_silent_html(h)}
</section>
<section>
<h2>Where they agree</h2>
<p class="meta">Themes two or more traditions code for the group, each with the same majority
stance.</p>
{agree}
<h2>Where they disagree</h2>
<p class="meta">Themes two or more traditions code with different stances: each tradition's
majority stance (how many of its coded passages on the theme), and the passages behind it;
the sharpest contrast first.</p>
{disagree}
</section>
<section>
<h2>Questions for discussion</h2>
<ol class="questions">
{questions}
</ol>
</section>
<footer>
standpoint {_e(h.version)}. Verdicts, quotations (verbatim anchors; “…” marks a passage cut at a
word boundary), themes and stances: the hand annotations (corpus/annotations.csv). Evaluative
balance: the lexicon heuristic. Terms: what a tradition over-uses against the others writing about
the group (keyness; “tf-idf” when none is significant). A position on a theme is the majority
stance of the coded passages (“a = b” on a tie). Look passages up with <code>standpoint passages</code>.
</footer>
</body>
</html>
"""


# -------------------------------------------------------------------------- all ----

def check_oppositions(requested, comparable: list[str], registry: list[str]) -> list[str]:
    """``requested`` (ids, in registry order, each once), or all of ``comparable`` if None.
    An id not in ``registry``, or one that fewer than two traditions discuss, is a
    :class:`HandoutError` listing the valid ids.

    Example:
        >>> check_oppositions(["b", "a"], ["a", "b"], ["a", "b", "c"])
        ['a', 'b']
        >>> check_oppositions(["x"], ["a", "b"], ["a", "b", "c"])
        Traceback (most recent call last):
        ...
        standpoint.publish.errors.HandoutError: unknown opposition 'x' (valid: a, b)
    """
    if requested is None:
        return list(comparable)
    wanted = set()
    for o in requested:
        if o not in registry:
            raise HandoutError(f"unknown opposition '{o}' (valid: {', '.join(comparable)})")
        if o not in comparable:
            raise HandoutError(f"opposition '{o}' is discussed by fewer than two traditions "
                               f"(valid: {', '.join(comparable)})")
        wanted.add(o)
    return [o for o in comparable if o in wanted]


def write_handouts(out_dir: Path | str, oppositions=None, *, inputs: dict | None = None,
                   pdf: bool | None = None, progress: Callable[[str], None] | None = None,
                   chromium: str | None = None) -> list[Path]:
    """Write ``<out_dir>/<opposition>.html`` (and ``.pdf``) for each of ``oppositions``
    (default: every one of :func:`standpoint.comparison.comparable_oppositions`); return the paths
    written, in that order, each HTML before its PDF.

    ``inputs``: :func:`standpoint.comparison.shared_inputs` (computed if not given). ``pdf``:
    ``True`` requires Chromium, ``False`` writes HTML only, ``None`` prints when Chromium is
    found. ``progress`` receives one message per handout and, when ``pdf`` is ``None`` and
    there is no Chromium, a note saying so first (after the arguments are checked: a mistake is
    reported alone). Each PDF is verified (:func:`check_pdf`, with the group's name as title);
    a broken one is a :class:`PrintError` and is not kept.

    Example (prints PDFs with a browser, so not run as a doctest)::

        write_handouts("reports/handouts", ["workers-opposition"], progress=print)
    """
    from standpoint.comparison import comparable_oppositions, compare, shared_inputs
    from standpoint.corpus import load_codebook

    d = inputs if inputs is not None else shared_inputs()
    registry = list(d["oppositions"]["opposition"])
    chosen = check_oppositions(oppositions, comparable_oppositions(**d), registry)
    exe = chromium or find_chromium()
    if pdf and not exe:
        raise HandoutError("no Chromium found to print the PDF handouts "
                           "(install the Debian packages chromium and fonts-dejavu-core)")
    printing = bool(exe) if pdf is None else pdf
    out = prepare_output_dir(out_dir)
    if pdf is None and not exe and progress is not None:
        progress("note: no Chromium found: handouts are written as HTML only "
                 "(install the Debian package chromium for the PDFs)")
    codebook = load_codebook(d["corpus"].root)
    written: list[Path] = []
    for k, opposition in enumerate(chosen, start=1):
        if progress is not None:
            what = "HTML and PDF" if printing else "HTML"
            progress(f"[{k}/{len(chosen)}] handout {opposition} ({what})")
        comparison = compare(opposition, **d)
        handout = build_handout(comparison, d["oppositions"], d["corpus"].traditions, codebook)
        page = write_file(out / f"{opposition}.html", render_html(handout))
        written.append(page)
        if printing:
            written.append(print_pdf(page, out / f"{opposition}.pdf", chromium=exe,
                                     title=handout.name))
    return written
