"""The comparison table, its styling and its exports (standpoint.tables)."""

from __future__ import annotations

import io
import re

import pandas as pd
import pytest

from standpoint.comparison import comparable_oppositions, compare, shared_inputs
from standpoint.comparison.assemble import toy_inputs
from standpoint.comparison.tables import (
    EXPORT_FORMATS,
    MENTION_ONLY,
    TABLE_COLUMNS,
    citation,
    comparison_table,
    export_comparison,
    majority_stances,
    representative_annotation,
    short_source,
    style_comparison,
    table_from_parts,
    to_markdown,
    verdict,
)

EMPTY = pd.DataFrame()
DOCS = pd.DataFrame({"doc_id": ["d"], "author": ["Jo Smith"], "title": ["A Book"], "venue": [""]})


@pytest.fixture(scope="session")
def inputs(corpus, passages):
    return shared_inputs(corpus, passages=passages)


@pytest.fixture(scope="session")
def tables(inputs):
    return {o: compare(o, **inputs) for o in comparable_oppositions(**inputs)}


def build(annotations: pd.DataFrame, **overrides) -> pd.DataFrame:
    parts = dict(opposition="x", name="X & Co", start_year=1920, end_year=1922,
                 traditions=["icc", "academic"],
                 selected=pd.DataFrame({"tradition": ["icc"], "n_words": [10]}),
                 keyness=EMPTY, tfidf=EMPTY, stance=EMPTY, annotations=annotations,
                 documents=DOCS)
    parts.update(overrides)
    return table_from_parts(**parts)


def coded(stances: list[str], anchors: list[str] | None = None, themes=None) -> pd.DataFrame:
    n = len(stances)
    return pd.DataFrame({
        "tradition": ["icc"] * n, "passage_id": [f"d:{k + 1:03d}" for k in range(n)],
        "doc_id": ["d"] * n, "section": ["Sec"] * n, "stance": stances,
        "themes": themes or [["bureaucracy"]] * n,
        "anchor": anchors or [f"anchor {k}" for k in range(n)],
        "note": [f"note {k}" for k in range(n)]})


# -------------------------------------------------------------- every claim is sourced ----
def test_every_quotation_is_verbatim_in_an_authorial_passage_of_its_tradition(tables, passages):
    """For every comparable opposition and every tradition with a verdict: the quotation occurs
    verbatim in the passage the citation names, that passage is authorial and of the row's
    tradition, and the quoted annotation is one of the opposition's with the majority stance."""
    by_id = passages.set_index("passage_id")
    checked = 0
    for oid, c in tables.items():
        for row in c.table.itertuples(index=False):
            if not row.verdict:
                assert row.quotation == row.citation == row.verdict_note == ""
                continue
            pid = row.citation.rsplit(" — ", 1)[-1]
            assert pid in by_id.index, row.citation
            assert row.quotation and row.quotation in by_id.at[pid, "text"], (oid, pid)
            assert by_id.at[pid, "voice"] == "author"
            assert by_id.at[pid, "tradition"] == row.tradition
            mine = c.annotations[c.annotations["tradition"] == row.tradition]
            match = mine[(mine["passage_id"] == pid) & (mine["anchor"] == row.quotation)]
            assert len(match) == 1
            assert match["stance"].iloc[0] in majority_stances(mine["stance"])
            assert match["note"].iloc[0] == row.verdict_note
            checked += 1
    assert checked >= 10


def test_cells_agree_with_the_parts_they_summarise(tables):
    for oid, c in tables.items():
        for row in c.table.itertuples(index=False):
            mine = c.annotations[c.annotations["tradition"] == row.tradition]
            if len(mine):
                m = re.match(r"^[a-z =]+ \((\d+)(?: each)? of (\d+) coded passages?", row.verdict)
                assert m and int(m.group(2)) == len(mine), row.verdict
                assert int(m.group(1)) == mine["stance"].value_counts().max()
                counted = {t: int(n) for t, n in re.findall(r"([a-z-]+) ×(\d+)", row.themes_coded)}
                assert counted == pd.Series([t for ts in mine["themes"] for t in ts]).value_counts().to_dict()
            st = c.stance[c.stance["tradition"] == row.tradition]
            m = re.search(r"\((\d+)\+ / (\d+)- in (\d+) passages?\)", row.evaluative_balance)
            if m:
                assert (int(m.group(1)), int(m.group(2)), int(m.group(3))) == (
                    st["positive"].sum(), st["negative"].sum(), len(st))
            if row.terms_method == "keyness":
                k = c.keyness[(c.keyness["tradition"] == row.tradition) & c.keyness["significant"]]
                assert set(row.distinctive_terms.split("; ")) <= set(k["term"])
            elif row.terms_method == "tf-idf":
                assert row.distinctive_terms.endswith(" (tf-idf)")
                assert not c.keyness[(c.keyness["tradition"] == row.tradition)
                                     & c.keyness["significant"]].shape[0]


def test_silent_traditions_are_rows_that_say_so(tables, corpus):
    seen_silent = 0
    for c in tables.values():
        assert c.table["tradition"].tolist() == corpus.tradition_order  # all four, always
        silent = c.table[c.table["passages"] == 0]
        assert (silent["distinctive_terms"] == "no passages").all()
        assert (silent["terms_method"] == "none").all()
        assert (silent["words"] == 0).all()
        # a verdict on a silent row comes from passages that only mention the group: say so
        judged = silent[silent["verdict"] != ""]
        assert judged["verdict"].str.endswith(MENTION_ONLY).all()
        spoken = c.table[c.table["passages"] > 0]
        assert not spoken["verdict"].str.endswith(MENTION_ONLY).any()
        seen_silent += len(silent)
    assert seen_silent > 0  # e.g. the trotskyists write no passage about the Left Communists


# ------------------------------------------------------------------------ verdicts ----
def test_majority_verdict_arithmetic():
    t = build(coded(["criticises"] * 7 + ["endorses"] * 2 + ["reports"] * 2))
    assert t.loc[0, "verdict"] == "criticises (7 of 11 coded passages; 2 endorses, 2 reports)"
    assert t.loc[1, "verdict"] == "" and t.loc[1, "distinctive_terms"] == "no passages"
    assert verdict(["reports", "endorses", "reports", "endorses"]) == \
        "endorses = reports (2 each of 4 coded passages)"
    assert verdict(["mixed", "mixed", "criticises"]) == "mixed (2 of 3 coded passages; 1 criticises)"


def test_the_quotation_has_the_majority_stance_and_is_chosen_deterministically():
    stances = ["endorses", "criticises", "criticises", "criticises"]
    anchors = ["a very long endorsing anchor indeed", "short", "a longer one", "mid one"]
    themes = [["bureaucracy"], ["kronstadt"], ["bureaucracy"], ["bureaucracy"]]
    a = coded(stances, anchors, themes)
    t = build(a)
    # majority criticises; among those, the bureaucracy ones (the tradition's main theme)
    # beat kronstadt; of them the longest anchor wins
    assert t.loc[0, "quotation"] == "a longer one"
    assert t.loc[0, "citation"] == "Smith, A Book — “Sec” — d:003"
    assert t.loc[0, "verdict_note"] == "note 2"
    shuffled = build(a.sample(frac=1, random_state=3).reset_index(drop=True))
    pd.testing.assert_frame_equal(t, shuffled)
    # equal keys but the passage id: the first passage id wins
    tie = coded(["reports", "reports"], ["same", "same"])
    assert representative_annotation(tie.iloc[::-1])["passage_id"] == "d:001"


def test_evaluative_balance_text():
    st = pd.DataFrame({"tradition": ["icc", "icc"], "positive": [3, 0], "negative": [5, 3]})
    t = build(EMPTY, stance=st)
    assert t.loc[0, "evaluative_balance"] == "-0.45 (3+ / 8- in 2 passages)"
    assert t.loc[1, "evaluative_balance"] == "no passages"
    quiet = pd.DataFrame({"tradition": ["icc"], "positive": [0], "negative": [0]})
    assert build(EMPTY, stance=quiet).loc[0, "evaluative_balance"] == "no evaluative words (1 passage)"


def test_terms_fall_back_to_tfidf_and_say_so():
    keyness = pd.DataFrame({"tradition": ["icc", "icc"], "term": ["party", "fraction"],
                            "direction": ["over", "over"], "significant": [False, False],
                            "rank": [1, 2]})
    tfidf = pd.DataFrame({"tradition": ["icc"] * 2, "term": ["party", "soviet"], "rank": [1, 2]})
    t = build(EMPTY, keyness=keyness, tfidf=tfidf)
    assert (t.loc[0, "distinctive_terms"], t.loc[0, "terms_method"]) == \
        ("party; soviet (tf-idf)", "tf-idf")
    t = build(EMPTY, keyness=keyness.assign(significant=[False, True]), tfidf=tfidf)
    assert (t.loc[0, "distinctive_terms"], t.loc[0, "terms_method"]) == ("fraction", "keyness")


def test_building_the_table_does_not_modify_its_inputs():
    a = coded(["criticises", "reports"])
    before = a.copy(deep=True)
    build(a)
    pd.testing.assert_frame_equal(a, before)


# ----------------------------------------------------------------------- citations ----
def test_short_sources_of_the_real_documents(corpus):
    got = {row["doc_id"]: short_source(row) for row in corpus.documents.to_dict("records")}
    assert got == {
        "icc-communist-left-1": "ICC, The Communist Left in Russia, Part 1",
        "icc-fractions-1922-23": "ICC, 1922-3: The communist fractions against the rising "
                                 "counter-revolution",
        "gaido-review": "Gaido, Losing Power",
        "afaq-oppositions": "An Anarchist FAQ, Were any of the Bolshevik oppositions a real "
                            "alternative?",
        "harman-revolution-lost": "Cliff & Harman, How the revolution was lost",
    }


def test_citation_leaves_out_the_title_heading(corpus):
    docs = corpus.documents.set_index("doc_id")
    gaido = docs.loc["gaido-review"].to_dict()
    long_heading = ("Losing Power: The Workers' Opposition in the Russian Communist Party. "
                    "A Review of The Workers' Opposition in the Russian Communist Party")
    assert citation("gaido-review:001", long_heading, gaido) == "Gaido, Losing Power — gaido-review:001"
    icc = docs.loc["icc-communist-left-1"].to_dict()
    assert citation("icc-communist-left-1:053", "The Workers' Opposition", icc) == (
        "ICC, The Communist Left in Russia, Part 1 — “The Workers' Opposition” — "
        "icc-communist-left-1:053")


# ------------------------------------------------------------------------- exports ----
NASTY = pd.DataFrame({"tradition": ["icc"], "passages": [2], "words": [300],
                      "verdict_note": ["Unions & soviets: 50% of #1_a | b {c} $d"],
                      "quotation": ["a|b\nc"]})
NASTY.attrs.update(opposition="x", name="Workers' Opposition & Co", start_year=1920,
                   end_year=1922, colours={"icc": "#D55E00"})


def test_latex_escapes_special_characters():
    latex = export_comparison(NASTY, "latex")
    assert r"Unions \& soviets: 50\% of \#1\_a | b \{c\} \$d" in latex
    assert r"verdict\_note" in latex
    assert r"\caption{Workers' Opposition \& Co (1920–1922)" in latex
    body = latex.replace("\\&", "").replace("\\%", "")
    # the only bare & are the column separators; no bare % (a LaTeX comment) at all
    assert "%" not in body
    assert all(line.count("&") == 4 for line in body.splitlines() if line.endswith("\\\\"))


def test_latex_of_real_tables_has_no_bare_specials(tables):
    for c in tables.values():
        latex = export_comparison(c.table, "latex")
        rows = [line for line in latex.splitlines() if line.endswith("\\\\")]
        assert len(rows) == 1 + len(c.table)
        for line in rows:
            assert len(re.findall(r"(?<!\\)&", line)) == len(c.table.columns) - 1, line
            assert not re.search(r"(?<!\\)[%#_$]", line), line
        assert "×" not in latex


def test_markdown_escapes_pipes_and_flattens_lines():
    md = to_markdown(NASTY)
    lines = md.splitlines()
    assert len(lines) == 3
    assert lines[1] == "| --- | ---: | ---: | --- | --- |"
    assert "a\\|b c" in lines[2] and "#1_a \\| b" in lines[2]
    assert len(re.findall(r"(?<!\\)\|", lines[2])) == 6  # 5 cells -> 6 unescaped pipes


def test_markdown_of_a_real_table_has_one_line_per_tradition(tables, corpus):
    md = export_comparison(tables["workers-opposition"].table, "markdown")
    lines = md.splitlines()
    assert len(lines) == 2 + len(corpus.tradition_order)
    cells = [len(re.findall(r"(?<!\\)\|", line)) for line in lines]
    assert set(cells) == {len(TABLE_COLUMNS) + 1}


def test_csv_round_trips(tables):
    table = tables["left-opposition"].table
    back = pd.read_csv(io.StringIO(export_comparison(table, "csv")), keep_default_na=False)
    assert back.columns.tolist() == TABLE_COLUMNS
    pd.testing.assert_frame_equal(back, table, check_dtype=False)


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_exports_are_deterministic(tables, inputs, fmt):
    """The same table exports to the same text, and so does a comparison computed afresh."""
    table = tables["workers-opposition"].table
    first = export_comparison(table, fmt)
    assert export_comparison(table, fmt) == first
    assert export_comparison(compare("workers-opposition", **inputs).table, fmt) == first
    assert first.endswith("\n")


def test_unknown_export_format():
    with pytest.raises(ValueError, match="unknown format 'docx'"):
        export_comparison(NASTY, "docx")


def test_html_is_styled_with_colours_caption_and_no_index(tables, corpus):
    c = tables["left-opposition"]
    html = export_comparison(c.table, "html")
    for tradition, colour in corpus.colours.items():
        assert f"border-left: 6px solid {colour}" in html
    assert "Left Opposition (1923–1927)" in html
    assert "row_heading" not in html  # the index is hidden
    assert html.count("<tr>") == 1 + len(c.table)
    styled = style_comparison(NASTY, {"icc": "#123456"}).to_html()
    assert "#123456" in styled and "a|b" in styled and "&amp;" in styled


def test_comparison_table_from_an_id_or_a_comparison():
    toy = toy_inputs()
    c = compare("workers-opposition", **toy)
    pd.testing.assert_frame_equal(comparison_table(c), c.table)
    pd.testing.assert_frame_equal(comparison_table("workers-opposition", **toy), c.table)
    assert comparison_table(c, top_terms=1).loc[2, "distinctive_terms"] == "soviet"
    with pytest.raises(TypeError):
        comparison_table(c, corpus=toy["corpus"])
