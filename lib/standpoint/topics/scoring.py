"""Which oppositions each passage is substantively about: :func:`topics` scores each
(passage, opposition) pair from the mentions (:func:`standpoint.topics.mentions`) with a few
documented weights and keeps those at or above :data:`THRESHOLD`, with a human-readable
``evidence`` string; :func:`topic_lists` turns that into ``passage_id -> sorted list of ids``.

The weights and thresholds are module constants (``W_CONTEXT`` ... ``THRESHOLD``), explained in
the comment above them.
"""

from __future__ import annotations

import re
from typing import NamedTuple

import pandas as pd

from standpoint.text.quotes import normalise
from standpoint.text.references import citation_spans
from standpoint.text.sentences import sentence_spans
from standpoint.topics.spans import SpanIndex

TOPIC_COLUMNS = ["passage_id", "opposition", "score", "evidence"]

# ---------------------------------------------------------------- topic weights ----
# score = W_CONTEXT * [the context says so: the section heading names it (not for footnotes);
#                      or the passage is a quotation whose lead-in ("... argued:") is mainly
#                      about it; or the passage has no group of its own, its first sentence
#                      says "they", "the group", "the manifesto", "Its ..." ..., and the
#                      passage before it (same section) is about exactly one group]
#       + W_SECTION * [it is the group its section names most (>= SECTION_MIN mentions, at least
#                      half of them), and the passage names one of its members]
#       + W_FIRST   * [the passage's first sentence names it (not in passing)]
#       + S + W_SHARE * S / number_of_sentences
# S sums over the passage's sentences: 1 for a sentence that names the group (or a member of
# it, resolved); MINOR for a sentence that mentions it only in passing: in a comparison ("Like
# the Left Communists, ...", "unlike the Workers' Opposition"), as a time marker ("after the
# formation of the United Opposition"), in a list (a sentence naming LIST_MIN or more
# oppositions, for a group whose name appears once in it), by a member in a sentence that names
# another group but not this one ("the left communist Miasnikov said of the Decists"), or
# through a pronoun ("They ...", "Its ...", "He ...": a sentence without a name continues the
# single group of the sentence before it; "Both ..." continues two). S also counts 1 for each
# reference that names the group's own document ("[The Platform of the Opposition, ...]") and,
# in a quotation, for a reference naming a member (the speaker).
# A passage is about a group when score >= THRESHOLD: the context alone suffices; so do two
# sentences; one sentence when it is at least half of the passage, or opens the passage of a
# section about that group.
W_CONTEXT = 2.0
W_SECTION = 1.0
W_FIRST = 0.5
W_SHARE = 2.0
MINOR = 0.5
LIST_MIN = 3
SECTION_MIN = 5
THRESHOLD = 2.0

_LEADIN_END = re.compile(r"(?::|\b(?:that|because|finally|follows|saying|thus|below))[\s*]*$", re.I)
_SENTENCE_ANAPHOR = re.compile(
    r"^\W*(?:(both)|they|their|them|its|he|his|she|her|the group|this group|the grouping|"
    r"this grouping|this opposition|this tendency|the tendency|these groups)\b", re.I)
_TIME_MARKER = re.compile(
    r"(?:\b(?:after|before|since|until|till)\s+(?:the\s+)?(?:formation|creation|emergence|defeat|"
    r"fall|dissolution|banning|birth|rise|appearance|establishment|end)\s+of"
    r"|\bby the time of)\s+(?:the\s+)?(?:former\s+)?[\"'*]*$", re.I)
_COMPARISON = re.compile(
    r"(?:(?:^|[,;:(\u2013\u2014-]\s*|\bjust\s+)(?:unlike|like|as with)\s+the|\bthan\s+the"
    r"|\b(?:in contrast to|contrary to|compared (?:to|with)|similar to)(?:\s+the)?)"
    r"\s+(?:former\s+)?[\"'*]*$", re.I)
_PASSAGE_ANAPHOR = re.compile(
    r"\b(?:they|their|them|the group|this group|the grouping|this grouping|this opposition|"
    r"these groups|the (?:manifesto|platform|programme|program|text|document|pamphlet|brochure))\b"
    r"|^\W*its\b", re.I)


class _Row(NamedTuple):
    """One mention row, as :func:`topics` reads it."""

    where: str
    opposition: str
    matched: str
    offset: int
    kind: str
    member: str
    in_citation: bool


def _sentence_weights(text: str, rows, quotation: bool = False):
    """Per opposition: the weighted sum S of sentences naming it, the plain number of those
    sentences; the number of sentences of the passage; the groups its first sentence names
    (not in passing) (see the weights above). A reference that names a group's document
    ("[The Platform of the Opposition, ...]") counts like a sentence; in a quotation, so does a
    reference naming a member (the speaker)."""
    citations = SpanIndex(citation_spans(text))  # sorted, not overlapping
    pieces, last = [], 0
    for a, b in citations.spans:  # the text with its references blanked out
        pieces += [text[last:a], " " * (b - a)]
        last = b
    blanked = "".join(pieces) + text[last:]
    spans = [s for s in sentence_spans(text) if blanked[s[0]:s[1]].strip(" .,;:'\"")]
    sentences = SpanIndex(spans or [(0, len(text))])
    # per sentence: opposition -> list of (kind, in passing)
    found: list[dict[str, list[tuple[str, bool]]]] = [{} for _ in sentences.spans]
    cited: dict[str, set[int]] = {}
    for offset, opp, kind in rows:
        where = citations.position(offset)
        if where is not None:
            if kind == "name" or quotation:
                cited.setdefault(opp, set()).add(where)
            continue
        k = sentences.position(offset)
        if k is not None:
            a = sentences.spans[k][0]
            before = normalise(text[max(a, offset - 40):offset])
            passing = bool(_COMPARISON.search(before) or _TIME_MARKER.search(before))
            found[k].setdefault(opp, []).append((kind, passing))
    weights: dict[str, float] = {}
    counts: dict[str, int] = {}
    previous: list[str] = []
    first: set[str] = set()
    for k, (a, b) in enumerate(sentences.spans):
        here = found[k]
        sentence_weights: dict[str, float] = {}
        named = {o for o, ev in here.items() if any(kind == "name" and not cmp for kind, cmp in ev)}
        for opp, ev in here.items():
            main = [(kind, cmp) for kind, cmp in ev if not cmp]
            if not main:
                w = MINOR  # only in comparisons or as a time marker
            elif not any(kind == "name" for kind, _ in main) and named - {opp}:
                w = MINOR  # a member named aside, in a sentence about another group
            elif len(here) >= LIST_MIN and sum(kind == "name" for kind, _ in ev) <= 1:
                w = MINOR  # one name in a list of oppositions
            else:
                w = 1.0
            sentence_weights[opp] = w
        subjects = [o for o, w in sentence_weights.items() if w == 1.0]
        if not here and previous:
            m = _SENTENCE_ANAPHOR.match(text[a:b])
            if m and (len(previous) == 1 or (m.group(1) and len(previous) == 2)):
                sentence_weights = {o: MINOR for o in previous}
                subjects = list(previous)
        for opp, w in sentence_weights.items():
            weights[opp] = weights.get(opp, 0.0) + w
            counts[opp] = counts.get(opp, 0) + 1
        if k == 0:
            first = set(subjects)
        previous = subjects
    for opp, where in cited.items():
        weights[opp] = weights.get(opp, 0.0) + len(where)
        counts.setdefault(opp, 0)
    return weights, counts, len(sentences.spans), first, {o: len(w) for o, w in cited.items()}


def _ends_with_leadin(text: str) -> bool:
    """``_LEADIN_END.search(text)``, looking only at the end: the match is a lead-in word (at
    most 7 letters) or ":" right before the trailing run of whitespace and ``*``."""
    p = len(text)
    while p and (text[p - 1].isspace() or text[p - 1] == "*"):
        p -= 1
    return _LEADIN_END.search(text, max(0, p - 16)) is not None


def _section_dominant(mentions_df: pd.DataFrame, passages: pd.DataFrame) -> dict[tuple[str, str], str]:
    """(doc_id, section) -> the opposition named most in that section's text, if it has at
    least SECTION_MIN mentions and at least half of all the section's mentions."""
    rows = mentions_df[(mentions_df["where"] == "text") & ~mentions_df["in_citation"].astype(bool)
                       & (mentions_df["opposition"].astype(str) != "")]
    key_of = {pid: (doc, sec) for pid, doc, sec in
              zip(passages["passage_id"], passages["doc_id"], passages["section"])}
    tallies: dict[tuple[str, str], dict[str, int]] = {}
    for pid, opp in zip(rows["passage_id"], rows["opposition"]):
        if pid in key_of:
            t = tallies.setdefault(key_of[pid], {})
            t[opp] = t.get(opp, 0) + 1
    out = {}
    for key, t in tallies.items():
        best = sorted(t.items(), key=lambda kv: (-kv[1], kv[0]))
        total = sum(t.values())
        if best[0][1] >= SECTION_MIN and 2 * best[0][1] >= total and (
            len(best) == 1 or best[0][1] > best[1][1]
        ):
            out[key] = best[0][0]
    return out


def topics(passages: pd.DataFrame, mentions_df: pd.DataFrame, oppositions: pd.DataFrame, *,
           threshold: float = THRESHOLD, keep_all: bool = False) -> pd.DataFrame:
    """The oppositions each passage is substantively about.

    Columns: ``passage_id``, ``opposition``, ``score`` (float, see the weights at the top of
    this module), ``evidence`` (what counted, e.g. ``"heading: Workers' Opposition; name×3;
    member: Kollontai; 3/5 sentences"``). One row per (passage, opposition) with
    ``score >= threshold``, in passage then registry order. ``keep_all=True`` returns every
    scored pair with an extra boolean column ``is_topic``.

    Rules (weights in the module constants): a section heading naming the group makes every
    passage under it about the group, even one that only says "the group" or "they" (not
    footnotes, which merely follow the last heading); otherwise the group must be named (or a
    member of it, resolved) in two sentences, or in a sentence that is at least half of the
    passage or opens a passage in a section about the group. Mentions in passing count half: in
    a list of three or more oppositions, in a comparison ("unlike the Left Communists"), as a
    time marker ("after the formation of the United Opposition"), a member named aside in a
    sentence about another group, a pronoun sentence. A quotation is about what its lead-in
    passage ("... argued:") is mainly about, and about the group whose document (or, for a
    member, whose words) its reference names; a passage without a group of its own that opens
    with "they", "the group", "the manifesto" ... continues the single group of the passage
    before it.

    Example:
        >>> from standpoint.segment import split_text
        >>> from standpoint.corpus import load_oppositions
        >>> from standpoint.topics import mentions
        >>> opp = load_oppositions()
        >>> p = split_text("The Workers' Opposition\\n\\nThe group wanted union management. "
        ...                "Lenin refused. Even the Decists and the Left Communists, like the "
        ...                "Workers' Group, were ignored.")
        >>> t = topics(p, mentions(p, opp), opp)
        >>> t[["opposition", "score"]].values.tolist()
        [['workers-opposition', 2.0]]
    """
    reg_order = list(oppositions["opposition"])
    rank = {oid: i for i, oid in enumerate(reg_order)}
    m = mentions_df[mentions_df["opposition"].astype(str) != ""]
    # each passage's mention rows as plain tuples, in row order (per-passage DataFrame
    # filtering cost more than everything else here)
    by_passage: dict[str, list[_Row]] = {}
    for pid, *values in zip(m["passage_id"], *(m[c] for c in _Row._fields)):
        by_passage.setdefault(pid, []).append(_Row(*values))
    dominant = _section_dominant(m, passages)
    out = []
    chain: set[str] | None = None
    prev_key = None
    prev_topics: set[str] = set()
    for row in passages.itertuples(index=False):
        key = (row.doc_id, row.section)
        if key != prev_key:
            chain, prev_topics = None, set()
        rows = by_passage.get(row.passage_id)
        heading: dict[str, list[str]] = {}
        text_rows: list[_Row] = []
        if rows is not None:
            if row.voice != "note":  # footnotes sit after the last heading but belong to the text
                for r in rows:
                    if r.where == "section":
                        heading.setdefault(r.opposition, [])
                        if r.matched not in heading[r.opposition]:
                            heading[r.opposition].append(r.matched)
            text_rows = [r for r in rows if r.where == "text"]
        text = "" if pd.isna(row.text) else str(row.text)
        weights, counts, n_sent, first_groups, cited_here = _sentence_weights(
            text, [(r.offset, r.opposition, r.kind) for r in text_rows], row.voice == "quotation")
        text_rows = [r for r in text_rows if not bool(r.in_citation)]
        leadin = chain if (row.voice == "quotation" and chain) else set()
        section_group = dominant.get(key)
        scores: dict[str, float] = {}
        evidence: dict[str, list[str]] = {}
        for opp in set(heading) | set(weights) | leadin:
            s = weights.get(opp, 0.0)
            sub = [r for r in text_rows if r.opposition == opp]
            in_section = (opp == section_group and opp not in heading
                          and any(r.kind == "member" for r in sub))
            opens = opp in first_groups and n_sent > 1
            context = opp in heading or opp in leadin
            score = (W_CONTEXT * context + W_SECTION * in_section + W_FIRST * opens
                     + s + W_SHARE * s / n_sent)
            scores[opp] = score
            parts = []
            if opp in heading:
                parts.append("heading: " + ", ".join(heading[opp]))
            if opp in leadin:
                parts.append("quoted after a lead-in about it")
            if in_section:
                parts.append("member of the section's main group")
            if opens:
                parts.append("opens the passage")
            if opp in weights:
                n_names = sum(r.kind == "name" for r in sub)
                if n_names:
                    parts.append(f"name×{n_names}")
                members = [r.member for r in sub if r.kind == "member"]
                if members:
                    tally = {mm: members.count(mm) for mm in dict.fromkeys(members)}
                    parts.append("member: " + ", ".join(
                        f"{mm}×{c}" if c > 1 else mm for mm, c in tally.items()))
                if counts[opp]:
                    parts.append(f"{counts[opp]}/{n_sent} sentences")
            if opp in cited_here:
                parts.append(f"cited×{cited_here[opp]}")
            if s < counts.get(opp, 0) + cited_here.get(opp, 0):
                parts.append("partly in passing")
            evidence[opp] = parts
        mine = {o for o, sc in scores.items() if sc >= threshold}
        # a pronoun passage continues the single group of the passage before it
        if not mine and len(prev_topics) == 1:
            first = sentence_spans(text)[:1]
            if first and _PASSAGE_ANAPHOR.search(text[first[0][0]:first[0][1]]):
                opp = next(iter(prev_topics))
                scores[opp] = scores.get(opp, 0.0) + W_CONTEXT
                evidence.setdefault(opp, []).append("continues the previous passage (pronoun)")
                mine = {o for o, sc in scores.items() if sc >= threshold}
        for opp in sorted(scores, key=lambda o: (rank.get(o, len(rank)), o)):
            is_topic = opp in mine
            if is_topic or keep_all:
                record = {"passage_id": row.passage_id, "opposition": opp,
                          "score": round(scores[opp], 2), "evidence": "; ".join(evidence[opp])}
                if keep_all:
                    record["is_topic"] = is_topic
                out.append(record)
        # quotations after a lead-in ("... argued:") are about the lead-in's main group(s)
        if row.voice == "quotation" and chain:
            pass
        elif mine and _ends_with_leadin(text):
            top = max(scores[o] for o in mine)
            chain = {o for o in mine if scores[o] == top}
        else:
            chain = None
        prev_key, prev_topics = key, mine
    columns = TOPIC_COLUMNS + (["is_topic"] if keep_all else [])
    frame = pd.DataFrame(out, columns=columns)
    return frame.astype({"score": "float64"}).reset_index(drop=True)


def topic_lists(passages: pd.DataFrame, topics_df: pd.DataFrame) -> pd.Series:
    """``passage_id -> sorted list of opposition ids`` for every passage (``[]`` if none), in
    passage order. Used by ``standpoint passages --format jsonl`` for its ``topics`` field.

    Example:
        >>> import pandas as pd
        >>> p = pd.DataFrame({"passage_id": ["a:001", "a:002"]})
        >>> t = pd.DataFrame({"passage_id": ["a:001", "a:001"], "opposition": ["x", "b"]})
        >>> topic_lists(p, t).to_dict()
        {'a:001': ['b', 'x'], 'a:002': []}
    """
    grouped: dict[str, set[str]] = {}
    if "is_topic" in topics_df.columns:
        topics_df = topics_df[topics_df["is_topic"].astype(bool)]
    for pid, opp in zip(topics_df["passage_id"], topics_df["opposition"]):
        grouped.setdefault(pid, set()).add(opp)
    ids = list(passages["passage_id"])
    return pd.Series([sorted(grouped.get(pid, ())) for pid in ids],
                     index=pd.Index(ids, name="passage_id"),
                     name="topics", dtype=object)


