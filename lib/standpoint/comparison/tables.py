"""The comparison table: how the four traditions judge one opposition, side by side.

:func:`comparison_table` (from an opposition id or a :class:`standpoint.comparison.Comparison`)
returns one row per tradition, in the order of ``corpus/traditions.csv``, *every* tradition
included: a tradition that writes no passage about the opposition is a row that says
``no passages`` (its silence is itself a finding). Columns:

===================  ===============================================================
column               meaning
===================  ===============================================================
tradition            the tradition id
passages             authorial passages about the opposition (topic attribution,
                     :func:`standpoint.topics.attribution.topics`)
words                their words (``n_words``)
distinctive_terms    the top :data:`TOP_TERMS` terms that are significantly over-used
                     against the other traditions writing about the same opposition
                     (:func:`standpoint.terms.contrast.keyness`), ``'; '``-joined; when none
                     is significant, the top TF-IDF terms followed by ``(tf-idf)``;
                     ``no passages`` for a silent tradition
terms_method         ``keyness``, ``tf-idf`` or ``none``
evaluative_balance   from the evaluative-lexicon heuristic
                     (:func:`standpoint.stance.passage_stance`: authorial passages that
                     name the opposition or are about it), e.g.
                     ``-0.45 (3+ / 8- in 6 passages)``: balance ``(+ - -) / (+ + -)``
                     of the weighted hits; ``no evaluative words (4 passages)``;
                     ``no passages`` when nothing was scored
themes_coded         the codebook themes of the tradition's hand annotations of the
                     opposition, most frequent first: ``trade-unions ×5; bureaucracy ×3``
verdict              the majority annotated stance with the distribution:
                     ``criticises (7 of 11 coded passages; 2 endorses, 2 reports)``; a tie
                     reads ``criticises = endorses (2 each of 5 coded passages; ...)``;
                     empty without annotations
verdict_note         the note of the quoted annotation (below)
quotation            the verbatim anchor of the most representative annotation with the
                     majority stance (see :func:`representative_annotation`)
citation             ``<short source> — “<section>” — <passage_id>`` of that annotation,
                     e.g. ``ICC, The Communist Left in Russia, Part 1 — “The Workers'
                     Opposition” — icc-communist-left-1:053``
===================  ===============================================================

Hand annotations (themes, verdict, quotation) cover every passage coded for the opposition,
whether or not the topic attribution counts it among the ``passages``: an annotator may code a
passage that names the group in passing. Every cell says what it counts.

The table's ``attrs`` carry ``opposition``, ``name``, ``start_year``, ``end_year`` and
``colours`` (tradition -> colour), which :func:`style_comparison` and
:func:`export_comparison` use for the caption and colours.
"""

from __future__ import annotations

import re
import textwrap
from collections import Counter

import numpy as np
import pandas as pd

from standpoint.text.quotes import normalise

TABLE_COLUMNS = ["tradition", "passages", "words", "distinctive_terms", "terms_method",
                 "evaluative_balance", "themes_coded", "verdict", "verdict_note", "quotation",
                 "citation"]
EXPORT_FORMATS = ("csv", "markdown", "latex", "html", "text")
STANCE_ORDER = ("endorses", "criticises", "mixed", "reports")
TOP_TERMS = 5
SILENT = "no passages"
# a tradition with no passage about the group can still judge it in passing
MENTION_ONLY = "; coded on passages that mention the group without being about it"
_DEFAULT_COLOUR = "#999999"


# ------------------------------------------------------------------- citations ----

def short_source(document) -> str:
    """A short form of a document's author and title, for citations.

    ``document``: a mapping (or a row of ``corpus.documents``) with ``author``, ``title`` and
    ``venue``. Author: parenthesised remarks dropped; several authors (``;``) joined with
    ``&``; an author who is the venue kept whole (``An Anarchist FAQ``); a name of three or
    more capitalised words becomes its initials (``ICC``); otherwise the surname. Title: a
    quoted title inside it wins; year ranges (``, 1918-1930``) go; a subtitle after ``. `` goes;
    a long title is cut to its main title before ``:`` when that has at least two words.

    Example:
        >>> short_source({"author": "International Communist Current (unsigned)",
        ...               "title": "The Communist Left in Russia, 1918-1930, Part 1", "venue": ""})
        'ICC, The Communist Left in Russia, Part 1'
        >>> short_source({"author": "Daniel Gaido", "venue": "Historical Materialism",
        ...               "title": "Losing Power: The Workers' Opposition in the Russian "
        ...                        "Communist Party. A Review of Allen (ed.)"})
        'Gaido, Losing Power'
    """
    get = document.get if hasattr(document, "get") else (lambda k, d="": getattr(document, k, d))
    author = str(get("author", "") or "")
    title = str(get("title", "") or "")
    venue = str(get("venue", "") or "")
    names = []
    for part in author.split(";"):
        name = re.sub(r"\s*\([^()]*\)", "", part).strip()
        if not name:
            continue
        words = name.split()
        if name == venue.strip():
            names.append(name)
        elif len(words) >= 3 and all(w[:1].isupper() for w in words):
            names.append("".join(w[0] for w in words))
        else:
            names.append(words[-1])
    quoted = re.search(r"[\"“]([^\"”]+)[\"”]", title)
    if quoted:
        title = quoted.group(1)
    title = re.sub(r",\s*\d{4}\s*[-–]\s*\d{2,4}", "", title).strip()
    if ". " in title:
        title = title.split(". ")[0]
    head, sep, _ = title.partition(": ")
    if sep and len(title) > 40 and len(head.split()) >= 2 and re.search(r"[A-Za-z]{2}", head):
        title = head
    return ", ".join(x for x in (" & ".join(names), title.strip()) if x)


def citation(passage_id: str, section: str, document) -> str:
    """``<short source> — “<section>” — <passage_id>``; the section is left out when it is the
    document's title heading (the passages before the first real heading).

    Example:
        >>> doc = {"author": "Daniel Gaido", "title": "Losing Power", "venue": ""}
        >>> citation("gaido-review:012", "The Tenth Congress (March 1921)", doc)
        'Gaido, Losing Power — “The Tenth Congress (March 1921)” — gaido-review:012'
        >>> citation("gaido-review:001", "Losing Power", doc)
        'Gaido, Losing Power — gaido-review:001'
    """
    title = str(document.get("title", "") if hasattr(document, "get") else "")
    sec, ttl = normalise(str(section or "")).strip(), normalise(title).strip()
    is_title = sec == ttl or (len(sec) >= 40 and ttl[:40] == sec[:40])
    parts = [short_source(document)]
    if sec and not is_title:
        parts.append(f"“{section.strip()}”")
    parts.append(str(passage_id))
    return " — ".join(parts)


# --------------------------------------------------------------------- verdicts ----

def verdict(stances) -> str:
    """The majority stance with its distribution (``''`` for no stances).

    Example:
        >>> verdict(["criticises"] * 7 + ["endorses"] * 2 + ["reports"] * 2)
        'criticises (7 of 11 coded passages; 2 endorses, 2 reports)'
        >>> verdict(["endorses", "criticises", "criticises", "endorses", "reports"])
        'endorses = criticises (2 each of 5 coded passages; 1 reports)'
        >>> verdict(["mixed"]), verdict([])
        ('mixed (1 of 1 coded passage)', '')
    """
    counts = Counter(str(s) for s in stances)
    if not counts:
        return ""
    total = sum(counts.values())
    rank = {s: i for i, s in enumerate(STANCE_ORDER)}
    ordered = sorted(counts, key=lambda s: (-counts[s], rank.get(s, len(rank)), s))
    top = counts[ordered[0]]
    winners = [s for s in ordered if counts[s] == top]
    rest = [s for s in ordered if counts[s] < top]
    noun = "coded passage" if total == 1 else "coded passages"
    if len(winners) == 1:
        head = f"{winners[0]} ({top} of {total} {noun}"
    else:
        head = f"{' = '.join(winners)} ({top} each of {total} {noun}"
    tail = ", ".join(f"{counts[s]} {s}" for s in rest)
    return head + (f"; {tail})" if tail else ")")


def majority_stances(stances) -> list[str]:
    """The most frequent stance(s), in codebook order (several on a tie; ``[]`` for none).

    Example:
        >>> majority_stances(["reports", "criticises", "criticises"])
        ['criticises']
        >>> majority_stances(["reports", "endorses"])
        ['endorses', 'reports']
    """
    counts = Counter(str(s) for s in stances)
    if not counts:
        return []
    top = max(counts.values())
    rank = {s: i for i, s in enumerate(STANCE_ORDER)}
    return sorted((s for s, n in counts.items() if n == top), key=lambda s: (rank.get(s, 99), s))


def theme_counts(annotations: pd.DataFrame) -> list[tuple[str, int]]:
    """``(theme, count)`` over the annotations' ``themes`` lists, most frequent first, ties
    alphabetical.

    Example:
        >>> a = pd.DataFrame({"themes": [["bureaucracy", "trade-unions"], ["trade-unions"]]})
        >>> theme_counts(a)
        [('trade-unions', 2), ('bureaucracy', 1)]
    """
    counts = Counter(t for themes in annotations["themes"] for t in themes)
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def representative_annotation(annotations: pd.DataFrame):
    """The annotation a table quotes for a tradition (a row of ``annotations``, or None).

    Among the annotations with a majority stance: the one whose themes are most typical of
    the tradition (the highest sum of its themes' counts over all the tradition's annotations
    of the opposition), then the longest anchor, then the first passage id, then the anchor.

    Example:
        >>> a = pd.DataFrame({"passage_id": ["x:1", "x:2", "x:3"],
        ...                   "stance": ["criticises", "criticises", "endorses"],
        ...                   "themes": [["bureaucracy"], ["trade-unions"], ["trade-unions"]],
        ...                   "anchor": ["a long anchor here", "short", "praise"]})
        >>> representative_annotation(a)["passage_id"]
        'x:2'
    """
    if annotations.empty:
        return None
    counts = dict(theme_counts(annotations))
    winners = set(majority_stances(annotations["stance"]))
    best = None
    for _, row in annotations.iterrows():
        if row["stance"] not in winners:
            continue
        key = (-sum(counts[t] for t in row["themes"]), -len(row["anchor"]),
               str(row["passage_id"]), str(row["anchor"]))
        if best is None or key < best[0]:
            best = (key, row)
    return best[1]


# ---------------------------------------------------------------------- the table ----

def _balance(stance: pd.DataFrame, passages: int) -> str:
    if stance.empty:
        return SILENT if passages == 0 else "not scored"
    pos, neg, n = int(stance["positive"].sum()), int(stance["negative"].sum()), len(stance)
    noun = "passage" if n == 1 else "passages"
    if pos + neg == 0:
        return f"no evaluative words ({n} {noun})"
    b = (pos - neg) / (pos + neg)
    text = "0.00" if b == 0 else f"{b:+.2f}"
    return f"{text} ({pos}+ / {neg}- in {n} {noun})"


def _terms(tradition: str, keyness_df: pd.DataFrame, tfidf_df: pd.DataFrame,
           top: int) -> tuple[str, str]:
    if not keyness_df.empty:
        k = keyness_df[(keyness_df["tradition"] == tradition) & keyness_df["significant"].astype(bool)
                       & (keyness_df["direction"] == "over")]
        k = k.sort_values(["rank", "term"], kind="stable").head(top)
        if len(k):
            return "; ".join(k["term"]), "keyness"
    if not tfidf_df.empty:
        t = tfidf_df[tfidf_df["tradition"] == tradition].sort_values(["rank", "term"]).head(top)
        if len(t):
            return "; ".join(t["term"]) + " (tf-idf)", "tf-idf"
    return "", "none"


def table_from_parts(*, opposition: str, name: str, start_year: int, end_year: int,
                     traditions: list[str], selected: pd.DataFrame, keyness: pd.DataFrame,
                     tfidf: pd.DataFrame, stance: pd.DataFrame, annotations: pd.DataFrame,
                     documents: pd.DataFrame, colours: dict[str, str] | None = None,
                     top_terms: int = TOP_TERMS) -> pd.DataFrame:
    """Build the comparison table (columns: :data:`TABLE_COLUMNS`, see the module docstring)
    from the pieces of a :class:`standpoint.comparison.Comparison`, all for one opposition:
    ``selected`` (authorial passages about it), ``keyness`` and ``tfidf`` (by tradition),
    ``stance`` (:func:`standpoint.stance.passage_stance` rows), ``annotations``
    (:func:`standpoint.corpus.annotations.load_annotations` rows) and ``documents`` (the registry,
    for citations). One row per tradition of ``traditions``, in that order. No input is
    modified.

    Example:
        >>> empty = pd.DataFrame()
        >>> sel = pd.DataFrame({"tradition": ["icc"], "n_words": [120]})
        >>> st = pd.DataFrame({"tradition": ["icc"], "positive": [1], "negative": [3]})
        >>> an = pd.DataFrame({"tradition": ["icc"], "passage_id": ["d:001"], "section": ["S"],
        ...     "doc_id": ["d"], "stance": ["criticises"], "themes": [["bureaucracy"]],
        ...     "anchor": ["too timid"], "note": ["Timid."]})
        >>> docs = pd.DataFrame({"doc_id": ["d"], "author": ["Jo Smith"], "title": ["T"],
        ...                      "venue": [""]})
        >>> t = table_from_parts(opposition="x", name="X", start_year=1920, end_year=1921,
        ...     traditions=["icc", "academic"], selected=sel, keyness=empty, tfidf=empty,
        ...     stance=st, annotations=an, documents=docs)
        >>> t[["tradition", "passages", "distinctive_terms", "evaluative_balance"]]
          tradition  passages distinctive_terms            evaluative_balance
        0       icc         1                    -0.50 (1+ / 3- in 1 passage)
        1  academic         0       no passages                   no passages
        >>> t.loc[0, "verdict"], t.loc[0, "quotation"], t.loc[0, "citation"]
        ('criticises (1 of 1 coded passage)', 'too timid', 'Smith, T — “S” — d:001')
    """
    docs = {row["doc_id"]: row for row in documents.to_dict("records")} if len(documents) else {}
    rows = []
    for tradition in traditions:
        sel = selected[selected["tradition"] == tradition] if len(selected) else selected
        n = int(len(sel))
        words = int(sel["n_words"].sum()) if n else 0
        if n == 0:
            terms, method = SILENT, "none"
        else:
            terms, method = _terms(tradition, keyness, tfidf, top_terms)
        st = stance[stance["tradition"] == tradition] if len(stance) else stance
        an = (annotations[annotations["tradition"] == tradition].reset_index(drop=True)
              if len(annotations) else pd.DataFrame())
        row = {"tradition": tradition, "passages": n, "words": words,
               "distinctive_terms": terms, "terms_method": method,
               "evaluative_balance": _balance(st, n),
               "themes_coded": "; ".join(f"{t} ×{c}" for t, c in theme_counts(an)) if len(an) else "",
               "verdict": (verdict(an["stance"]) + (MENTION_ONLY if n == 0 else "")) if len(an) else "",
               "verdict_note": "", "quotation": "", "citation": ""}
        chosen = representative_annotation(an) if len(an) else None
        if chosen is not None:
            row["verdict_note"] = str(chosen["note"])
            row["quotation"] = str(chosen["anchor"])
            row["citation"] = citation(chosen["passage_id"], chosen["section"],
                                       docs.get(chosen["doc_id"], {}))
        rows.append(row)
    table = pd.DataFrame(rows, columns=TABLE_COLUMNS).astype({"passages": "int64", "words": "int64"})
    table.attrs.update({"opposition": opposition, "name": name, "start_year": int(start_year),
                        "end_year": int(end_year), "colours": dict(colours or {})})
    return table


def comparison_table(source, *, top_terms: int = TOP_TERMS, **compare_options) -> pd.DataFrame:
    """The comparison table for one opposition (see the module docstring).

    ``source``: an opposition id (the pipeline is run by :func:`standpoint.comparison.assemble`,
    with ``compare_options`` passed on: ``corpus=``, ``passages=``, ``topics=`` ...) or a
    :class:`~standpoint.comparison.Comparison` (its parts are reused, nothing is recomputed).

    Example:
        >>> from standpoint.comparison import compare
        >>> from standpoint.comparison.assemble import toy_inputs
        >>> c = compare("workers-opposition", **toy_inputs())
        >>> comparison_table(c, top_terms=1)[["tradition", "passages", "distinctive_terms"]]
            tradition  passages distinctive_terms
        0         icc         3    party (tf-idf)
        1  trotskyist         0       no passages
        2   anarchist         3            soviet
        3    academic         0       no passages
    """
    from standpoint.comparison.assemble import Comparison, compare

    comparison = source if isinstance(source, Comparison) else compare(source, **compare_options)
    if isinstance(source, Comparison) and compare_options:
        raise TypeError(f"options {sorted(compare_options)} apply only to an opposition id")
    return comparison.rebuild_table(top_terms=top_terms)


# ------------------------------------------------------------------ presentation ----

def caption(table: pd.DataFrame) -> str:
    """The caption of a comparison table, from its ``attrs``.

    Example:
        >>> t = pd.DataFrame()
        >>> t.attrs.update(name="Workers' Opposition", start_year=1920, end_year=1922)
        >>> caption(t)
        "Workers' Opposition (1920–1922): how each tradition judges it"
    """
    a = table.attrs
    name = a.get("name") or a.get("opposition") or "Comparison"
    years = ""
    if a.get("start_year") is not None and a.get("end_year") is not None:
        y0, y1 = a["start_year"], a["end_year"]
        years = f" ({y0})" if y0 == y1 else f" ({y0}–{y1})"
    return f"{name}{years}: how each tradition judges it"


def _uuid(table: pd.DataFrame) -> str:
    return "comparison-" + re.sub(r"[^a-z0-9-]", "-", str(table.attrs.get("opposition") or "table"))


def style_comparison(table: pd.DataFrame, colours: dict[str, str] | None = None):
    """A pandas ``Styler`` for notebooks and HTML: the tradition cell in bold with a left
    border in the tradition's colour (``colours``, default the table's ``attrs["colours"]``),
    text wrapped and top-aligned, the quotation in italics, a caption with the opposition's
    name and years, no index. Cell text is HTML-escaped. Deterministic (fixed table id).

    Example:
        >>> t = pd.DataFrame({"tradition": ["icc"], "passages": [2], "quotation": ["a < b"]})
        >>> t.attrs.update(opposition="x", name="X", start_year=1920, end_year=1920)
        >>> html = style_comparison(t, {"icc": "#D55E00"}).to_html()
        >>> "border-left: 6px solid #D55E00" in html, "a &lt; b" in html, "X (1920)" in html
        (True, True, True)
    """
    colours = dict(colours if colours is not None else table.attrs.get("colours", {}))

    def border(value):
        return f"border-left: 6px solid {colours.get(value, _DEFAULT_COLOUR)}; font-weight: bold"

    styler = table.style.hide(axis="index").format(escape="html").set_uuid(_uuid(table))
    styler = styler.set_caption(caption(table))
    if "tradition" in table.columns:
        styler = styler.map(border, subset=["tradition"])
    if "quotation" in table.columns:
        styler = styler.map(lambda v: "font-style: italic" if v else "", subset=["quotation"])
    return styler.set_table_styles([
        {"selector": "td", "props": "white-space: normal; vertical-align: top; text-align: left; "
                                    "max-width: 24em; padding: 4px 8px;"},
        {"selector": "th", "props": "text-align: left; vertical-align: bottom;"},
        {"selector": "caption", "props": "caption-side: top; font-weight: bold; text-align: left;"},
    ])


def _markdown_cell(value) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    text = " ".join(str(value).split())
    return text.replace("\\", "\\\\").replace("|", "\\|")


def to_markdown(table: pd.DataFrame) -> str:
    """A GitHub pipe table (numbers right-aligned; ``|`` and ``\\`` escaped, line breaks
    flattened). No caption: the caller writes a heading.

    Example:
        >>> print(to_markdown(pd.DataFrame({"a": ["x|y"], "n": [3]})), end="")
        | a | n |
        | --- | ---: |
        | x\\|y | 3 |
    """
    numeric = [table[c].dtype.kind in "iuf" for c in table.columns]
    lines = ["| " + " | ".join(_markdown_cell(c) for c in table.columns) + " |",
             "| " + " | ".join("---:" if n else "---" for n in numeric) + " |"]
    for row in table.itertuples(index=False, name=None):
        lines.append("| " + " | ".join(_markdown_cell(v) for v in row) + " |")
    return "\n".join(lines) + "\n"


def _latex_escape(text: str) -> str:
    out = []
    for ch in text:
        out.append({"&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "{": r"\{",
                    "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
                    "\\": r"\textbackslash{}"}.get(ch, ch))
    return "".join(out)


def to_latex(table: pd.DataFrame) -> str:
    """A LaTeX ``table`` (``Styler.to_latex``): every cell, header and the caption escaped
    (``& % $ # _ { } ~ ^ \\``), ``×`` as ``\\texttimes{}``, line breaks inside a cell
    flattened; number columns right-aligned, text columns as wrapping ``p{}`` columns.

    Example:
        >>> t = pd.DataFrame({"tradition": ["icc"], "verdict_note": ["A & B: 50% of #1"]})
        >>> t.attrs.update(opposition="x", name="X", start_year=1920, end_year=1921)
        >>> print(to_latex(t), end="")  # doctest: +NORMALIZE_WHITESPACE
        \\begin{table}
        \\caption{X (1920–1921): how each tradition judges it}
        \\label{tab:comparison-x}
        \\begin{tabular}{p{2.2cm}p{3.2cm}}
        tradition & verdict\\_note \\\\
        icc & A \\& B: 50\\% of \\#1 \\\\
        \\end{tabular}
        \\end{table}
    """
    fmt = "".join("r" if table[c].dtype.kind in "iuf"
                  else ("p{2.2cm}" if c == "tradition" else "p{3.2cm}") for c in table.columns)
    flat = table.copy()  # a line break inside a cell would end the row for a reader
    for c in flat.columns:
        if flat[c].dtype.kind not in "iufb":
            flat[c] = ["" if v is None else " ".join(str(v).split()) for v in flat[c]]
    styler = (flat.style.hide(axis="index").format(escape="latex")
              .format_index(escape="latex", axis=1)
              .set_caption(_latex_escape(caption(table))))
    latex = styler.to_latex(column_format=fmt, position_float=None, hrules=False,
                            label=f"tab:{_uuid(table)}")
    return latex.replace("×", r"\texttimes{}")


def to_text(table: pd.DataFrame, width: int = 100) -> str:
    """A plain-text reading of the table for the terminal: one block per tradition, each
    field on its own wrapped line.

    Example:
        >>> t = pd.DataFrame({"tradition": ["icc", "academic"], "passages": [2, 0],
        ...                   "words": [300, 0], "verdict": ["criticises (2 of 2 coded passages)", ""]})
        >>> print(to_text(t), end="")
        : how each tradition judges it
        <BLANKLINE>
        icc: 2 passages about it, 300 words
          verdict: criticises (2 of 2 coded passages)
        <BLANKLINE>
        academic: no passages about it
    """
    lines = [caption(table) if table.attrs else ": how each tradition judges it", ""]
    fields = [c for c in table.columns if c not in ("tradition", "passages", "words")]
    for k, row in enumerate(table.to_dict("records")):
        n = int(row.get("passages", 0))
        head = f"{row['tradition']}: " + (
            f"{n} passage{'s' if n != 1 else ''} about it, {int(row.get('words', 0)):,} words"
            if n else f"{SILENT} about it")
        lines.append(head)
        for field in fields:
            value = row[field]
            if value in ("", None, SILENT) or field == "terms_method":
                continue
            label = field.replace("_", " ")
            if field == "distinctive_terms":
                label += f" ({row.get('terms_method', '')})"
            if field == "quotation":
                value = f"“{value}”"
            lines.extend(textwrap.wrap(f"{label}: {value}", width=width, initial_indent="  ",
                                       subsequent_indent="    ", break_on_hyphens=False,
                                       break_long_words=False))
        if k < len(table) - 1:
            lines.append("")
    return "\n".join(lines) + "\n"


def export_comparison(table: pd.DataFrame, fmt: str, colours: dict[str, str] | None = None) -> str:
    """The table as text in one of :data:`EXPORT_FORMATS`: ``csv`` (every column, ``\\n``
    line ends), ``markdown`` (:func:`to_markdown`), ``latex`` (:func:`to_latex`), ``html``
    (the :func:`style_comparison` table), ``text`` (:func:`to_text`). The same table gives the
    same bytes. An unknown format raises ``ValueError`` naming the valid ones.

    Example:
        >>> t = pd.DataFrame({"tradition": ["icc"], "passages": [1]})
        >>> export_comparison(t, "csv")
        'tradition,passages\\nicc,1\\n'
        >>> export_comparison(t, "pdf")
        Traceback (most recent call last):
        ...
        ValueError: unknown format 'pdf' (valid: csv, markdown, latex, html, text)
    """
    if fmt == "csv":
        return table.to_csv(index=False, lineterminator="\n")
    if fmt == "markdown":
        return to_markdown(table)
    if fmt == "latex":
        return to_latex(table)
    if fmt == "html":
        html = style_comparison(table, colours).to_html()
        return html if html.endswith("\n") else html + "\n"
    if fmt == "text":
        return to_text(table)
    raise ValueError(f"unknown format {fmt!r} (valid: {', '.join(EXPORT_FORMATS)})")
