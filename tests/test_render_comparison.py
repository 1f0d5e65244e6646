"""One rendering layer for the comparison: every format from the same typed rows; the JSON
contract of ``standpoint compare --format json``; escaping in CSV, Markdown, LaTeX and HTML."""

from __future__ import annotations

import csv
import io
import json

import pytest

from standpoint.comparison import compare, shared_inputs
from standpoint.render.comparison import (
    CELL_COLUMNS,
    COMPARE_FORMATS,
    RECORD_KEYS,
    cells,
    latex_escape,
    records,
    render,
)
from standpoint.render.formats import FormatError

CONTRACT = ["tradition", "passages", "words", "verdict", "verdict_note", "verdict_counts",
            "quotation", "citation", "passage_id", "distinctive_terms", "evaluative_balance",
            "themes_coded"]


@pytest.fixture(scope="module")
def comparisons():
    d = shared_inputs()
    return [compare(o, **d) for o in d["oppositions"]["opposition"]]


def test_the_json_contract(comparisons):
    assert RECORD_KEYS[:12] == CONTRACT
    for c in comparisons:
        rows = json.loads(render(c, "json"))
        assert [r["tradition"] for r in rows] == c.traditions
        for r, row in zip(rows, c.rows):
            assert list(r)[:12] == CONTRACT
            assert r["verdict"] in {"criticises", "endorses", "mixed", "neutral", "silent"}
            assert isinstance(r["verdict_counts"], dict) and isinstance(r["themes_coded"], dict)
            assert isinstance(r["distinctive_terms"], list)
            assert r["evaluative_balance"] is None or -1 <= r["evaluative_balance"] <= 1
            assert r["passage_id"] == (row.quotation.passage_id if row.quotation else "")
            assert r["quotation"] == (row.quotation.anchor if row.quotation else "")
            assert r["citation"].endswith(r["passage_id"])


def test_every_format_reads_the_same_cells(comparisons):
    for c in comparisons:
        flat = cells(c)
        parsed = list(csv.DictReader(io.StringIO(render(c, "csv"))))
        assert [list(p.values()) for p in parsed] == [[str(f[k]) for k in CELL_COLUMNS] for f in flat]
        md = render(c, "markdown").splitlines()
        assert len([line for line in md if line.startswith("| ")]) == 2 + len(flat)
        for f in flat:
            assert f["verdict"] in render(c, "table")


def test_latex_escapes_specials():
    assert latex_escape("A & B: 50% of #1_x {y} ~z^") == r"A \& B: 50\% of \#1\_x \{y\} \textasciitilde{}z\textasciicircum{}"
    assert latex_escape("a\nb") == "a b"


def test_html_escapes_and_links_terms_to_their_contexts(comparisons):
    for c in comparisons:
        html = render(c, "html")
        assert "<script" not in html and html.count("<tr") == 1 + len(c.rows)
        for r in c.rows:
            assert r.colour in html
            for term in r.distinctive_terms:
                assert f"<summary>{term}</summary>" in html
                assert c.contexts[(r.tradition, term)], (r.tradition, term)
        if c.rows and c.rows[0].quotation:
            assert "“" in html


def test_records_are_typed_data(comparisons):
    r = records(comparisons[0])[0]
    assert isinstance(r["passages"], int) and isinstance(r["evidence"], list)


@pytest.mark.parametrize("fmt", COMPARE_FORMATS)
def test_renders_are_deterministic(comparisons, fmt):
    c = comparisons[2]
    assert render(c, fmt) == render(c, fmt)


def test_unknown_format_is_a_format_error(comparisons):
    with pytest.raises(FormatError, match="unknown format 'xml'"):
        render(comparisons[0], "xml")
