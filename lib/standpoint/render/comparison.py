"""A comparison, rendered: the one place where a :class:`~standpoint.comparison.Comparison`
becomes text. Every format reads the same typed rows:

- :func:`records` (and ``json``): one object per tradition, the typed fields (numbers, lists,
  objects, ``null``), the contract of ``standpoint compare --format json``;
- :func:`cells`: the same rows flattened to strings (``csv``, ``markdown``, ``latex``, the
  terminal ``table`` and the HTML table all show these cells);
- :func:`to_html`: an HTML table from a Jinja2 template (one escaping rule: autoescape).

Example:
    >>> from standpoint.comparison import compare
    >>> print(render(compare("workers-opposition"), "table").splitlines()[0])
    Workers' Opposition (1920–1922): how each tradition judges it
"""

from __future__ import annotations

import csv
import io
import json
import textwrap

from standpoint.comparison import Citation, Comparison, TraditionRow
from standpoint.render.formats import FormatError
from standpoint.render.html import environment

COMPARE_FORMATS = ("table", "csv", "json", "markdown", "latex", "html")
#: the columns of the flat table (csv, markdown, latex, html), in order
CELL_COLUMNS = ["tradition", "passages", "words", "verdict", "verdict_note", "coded_passages",
                "quotation", "citation", "distinctive_terms", "evaluative_balance",
                "themes_coded"]
#: the keys of each JSON object, in order (the first twelve are the documented contract)
RECORD_KEYS = ["tradition", "passages", "words", "verdict", "verdict_note", "verdict_counts",
               "quotation", "citation", "passage_id", "distinctive_terms", "evaluative_balance",
               "themes_coded", "verdict_source", "evidence", "evaluative_words"]


def citation_text(citation: Citation | None) -> str:
    """``source — “section” — passage_id`` (no section for the title heading).

    Example:
        >>> citation_text(Citation("gaido-review:012", "Gaido, Losing Power", "The Tenth Congress"))
        'Gaido, Losing Power — “The Tenth Congress” — gaido-review:012'
    """
    if citation is None:
        return ""
    parts = [citation.source] + ([f"“{citation.section}”"] if citation.section else [])
    return " — ".join(parts + [citation.passage_id])


def counts_text(counts: dict[str, int]) -> str:
    """The spread of the passage codes: ``7 criticises, 3 mixed, 4 reports of 14; 1 not
    about it`` (zero counts left out; ``''`` for none).

    Example:
        >>> counts_text({"endorses": 0, "criticises": 7, "reports": 4, "not-about": 1})
        '7 criticises, 4 reports of 11; 1 not about it'
    """
    coded = {s: n for s, n in counts.items() if n and s != "not-about"}
    text = ", ".join(f"{n} {s}" for s, n in coded.items())
    if text:
        text += f" of {sum(coded.values())}"
    if counts.get("not-about"):
        text += ("; " if text else "") + f"{counts['not-about']} not about it"
    return text


def balance_text(row: TraditionRow) -> str:
    """``-0.35 (3+ / 8- in 6 passages)``; ``no evaluative words (n passages)``; ``''``.

    Example:
        >>> from standpoint.comparison import compare
        >>> balance_text(compare("left-communists").row("academic"))
        ''
    """
    pos, neg, n = row.evaluative_words
    if n == 0:
        return ""
    noun = "passage" if n == 1 else "passages"
    if row.evaluative_balance is None:
        return f"no evaluative words ({n} {noun})"
    b = row.evaluative_balance
    return f"{'0.00' if b == 0 else f'{b:+.2f}'} ({pos}+ / {neg}- in {n} {noun})"


def records(comparison: Comparison) -> list[dict]:
    """The rows as typed JSON objects (keys :data:`RECORD_KEYS`).

    Example:
        >>> from standpoint.comparison import compare
        >>> r = records(compare("left-opposition"))[1]
        >>> r["tradition"], r["verdict"], r["passage_id"], type(r["verdict_counts"]).__name__
        ('trotskyist', 'endorses', 'harman-revolution-lost:069', 'dict')
    """
    out = []
    for row in comparison.rows:
        q = row.quotation
        out.append({
            "tradition": row.tradition, "passages": row.passages, "words": row.words,
            "verdict": row.verdict, "verdict_note": row.verdict_note,
            "verdict_counts": dict(row.verdict_counts),
            "quotation": q.anchor if q else "", "citation": citation_text(q.citation) if q else "",
            "passage_id": q.passage_id if q else "",
            "distinctive_terms": list(row.distinctive_terms),
            "evaluative_balance": row.evaluative_balance, "themes_coded": dict(row.themes_coded),
            "verdict_source": row.verdict_source,
            "evidence": [{"passage_id": e.passage_id, "anchor": e.anchor,
                          "citation": citation_text(e.citation)} for e in row.evidence],
            "evaluative_words": {"positive": row.evaluative_words[0],
                                 "negative": row.evaluative_words[1],
                                 "passages": row.evaluative_words[2]},
        })
    return out


def cells(comparison: Comparison) -> list[dict[str, str | int]]:
    """The rows flattened to cells (columns :data:`CELL_COLUMNS`): what a table shows.

    Example:
        >>> from standpoint.comparison import compare
        >>> c = cells(compare("left-communists"))
        >>> c[1]["tradition"], c[1]["verdict"], c[1]["passages"]
        ('trotskyist', 'silent', 0)
    """
    out = []
    for row in comparison.rows:
        q = row.quotation
        verdict = row.verdict + ("" if row.verdict_source != "codes" else
                                 " (no position statement, no coded passage yet)"
                                 if row.verdict == "uncoded" else
                                 " (from the codes: no position statement)")
        out.append({
            "tradition": row.tradition, "passages": row.passages, "words": row.words,
            "verdict": verdict, "verdict_note": row.verdict_note,
            "coded_passages": counts_text(row.verdict_counts),
            "quotation": q.anchor if q else "", "citation": citation_text(q.citation) if q else "",
            "distinctive_terms": ("; ".join(row.distinctive_terms) if row.distinctive_terms
                                  else ("no distinctive terms" if row.passages else "")),
            "evaluative_balance": balance_text(row),
            "themes_coded": "; ".join(f"{t} ×{n}" for t, n in row.themes_coded.items()),
        })
    return out


def caption(comparison: Comparison) -> str:
    """``Name (years): how each tradition judges it``."""
    return f"{comparison.title}: how each tradition judges it"


def to_text(comparison: Comparison, width: int = 100) -> str:
    """The comparison for a terminal: one block per tradition, one wrapped line per field."""
    lines = [caption(comparison), ""]
    for k, cell in enumerate(cells(comparison)):
        n = int(cell["passages"])
        lines.append(f"{cell['tradition']}: " + (
            f"{n} passage{'s' if n != 1 else ''} about it, {int(cell['words']):,} words"
            if n else "no passage about it"))
        for field in CELL_COLUMNS[3:]:
            value = cell[field]
            if not value:
                continue
            value = f"“{value}”" if field == "quotation" else value
            lines.extend(textwrap.wrap(f"{field.replace('_', ' ')}: {value}", width=width,
                                       initial_indent="  ", subsequent_indent="    ",
                                       break_on_hyphens=False, break_long_words=False))
        if k < len(comparison.rows) - 1:
            lines.append("")
    disputed = comparison.disputes[comparison.disputes["disagree"]] if len(comparison.disputes) else []
    if len(disputed):
        lines += ["", "Where the accounts disagree on facts:"]
        for d in disputed.itertuples():
            answers = "; ".join(f"{t}: {v}" for t, v in d.values.items())
            lines.extend(textwrap.wrap(f"{d.question} ({answers})", width=width,
                                       initial_indent="  ", subsequent_indent="    "))
    return "\n".join(lines) + "\n"


def to_csv(comparison: Comparison) -> str:
    """The flat cells as CSV (``\\n`` line ends)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, CELL_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(cells(comparison))
    return out.getvalue()


def _md(value) -> str:
    return " ".join(str(value).split()).replace("\\", "\\\\").replace("|", "\\|")


def to_markdown(comparison: Comparison) -> str:
    """A GitHub pipe table of the cells, under a bold caption (``|`` and ``\\`` escaped)."""
    numeric = {"passages", "words"}
    lines = [f"**{_md(caption(comparison))}**", "",
             "| " + " | ".join(CELL_COLUMNS) + " |",
             "| " + " | ".join("---:" if c in numeric else "---" for c in CELL_COLUMNS) + " |"]
    lines += ["| " + " | ".join(_md(cell[c]) for c in CELL_COLUMNS) + " |"
              for cell in cells(comparison)]
    return "\n".join(lines) + "\n"


_LATEX = {"&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "{": r"\{", "}": r"\}",
          "~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "\\": r"\textbackslash{}",
          "×": r"\texttimes{}"}


def latex_escape(text) -> str:
    """LaTeX's special characters escaped, line breaks flattened.

    Example:
        >>> latex_escape("A & B: 50% of #1_x")
        'A \\\\& B: 50\\\\% of \\\\#1\\\\_x'
    """
    return "".join(_LATEX.get(ch, ch) for ch in " ".join(str(text).split()))


def to_latex(comparison: Comparison) -> str:
    """A LaTeX ``table`` of the cells: every cell, header and the caption escaped."""
    fmt = "".join("r" if c in ("passages", "words") else
                  ("p{2.2cm}" if c == "tradition" else "p{3.2cm}") for c in CELL_COLUMNS)
    lines = [r"\begin{table}", rf"\caption{{{latex_escape(caption(comparison))}}}",
             rf"\label{{tab:comparison-{comparison.opposition}}}",
             rf"\begin{{tabular}}{{{fmt}}}",
             " & ".join(latex_escape(c) for c in CELL_COLUMNS) + r" \\"]
    lines += [" & ".join(latex_escape(cell[c]) for c in CELL_COLUMNS) + r" \\"
              for cell in cells(comparison)]
    lines += [r"\end{tabular}", r"\end{table}"]
    return "\n".join(lines) + "\n"


def to_html(comparison: Comparison) -> str:
    """The comparison as an HTML fragment (``comparison.html.j2``): a table with the
    tradition's colour beside its name, the exemplary quotation in italics with its citation,
    each distinctive term a link to its lines in context (``#kwic-<tradition>-<term>``), and
    the disputed facts below. Every text is escaped by the template engine.

    Example:
        >>> from standpoint.comparison import compare
        >>> html = to_html(compare("workers-opposition"))
        >>> "<table" in html and "workers-opposition" in html and "&lt;" not in html[:0]
        True
    """
    template = environment().get_template("comparison.html.j2")
    return template.render(c=comparison, caption=caption(comparison), cells=cells(comparison),
                           citation_text=citation_text)


def render(comparison: Comparison, fmt: str) -> str:
    """The comparison in one of :data:`COMPARE_FORMATS` (``table``: :func:`to_text`).

    Example:
        >>> from standpoint.comparison import compare
        >>> render(compare("workers-group"), "xml")
        Traceback (most recent call last):
        ...
        standpoint.render.formats.FormatError: unknown format 'xml' (valid: table, csv, json, markdown, latex, html)
    """
    if fmt not in COMPARE_FORMATS:
        raise FormatError(f"unknown format {fmt!r} (valid: {', '.join(COMPARE_FORMATS)})")
    if fmt == "json":
        return json.dumps(records(comparison), ensure_ascii=False, indent=2) + "\n"
    return {"table": to_text, "csv": to_csv, "markdown": to_markdown, "latex": to_latex,
            "html": to_html}[fmt](comparison)
