"""The explorer (``standpoint.explore``): the three questions answered for every opposition,
the marking of mentions and voices, the term statistics agreeing with the comparison's, the
tagger's verdict carried over, the widgets following their controls, and the notebook's static
view (what the report shows without a kernel)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import standpoint.explore.tagging as tagging
from standpoint.comparison import KEYNESS_OPTIONS, CompareError, Citation
from standpoint.explore import (
    CORPUS_SCOPE,
    READING_COLUMNS,
    TAGGED_COLUMNS,
    TERM_COLUMNS,
    Mention,
    counted_term,
    explain_text,
    explore_data,
    passages_about,
    runs,
    select_traditions,
    tag_text,
    term_keyness,
    term_lines,
)
from standpoint.render.explore_html import comparison_records, comparison_table, passages_html
from standpoint.render.explore_views import EXAMPLE_PASSAGE, opposition_view, tagger_view, term_view
from standpoint.render.explore_widgets import (
    STATIC_NOTE,
    interactive_frontend,
    opposition_explorer,
    tagger_explorer,
    term_explorer,
)
from standpoint.terms import keyness, term_matrix

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "00-explore.ipynb"


@pytest.fixture(scope="module")
def data():
    return explore_data()


@pytest.fixture(scope="module")
def tagger(data):
    return data.tagger()


# ------------------------------------------------------------------------ marking ----
@given(st.text(max_size=40), st.lists(st.tuples(st.integers(0, 45), st.integers(0, 10)), max_size=4),
       st.lists(st.tuples(st.integers(0, 45), st.integers(0, 10)), max_size=3))
def test_runs_cover_the_text_and_mark_each_character_once(text, mentions, quoted):
    marks = [Mention(a, a + n, f"g{k}") for k, (a, n) in enumerate(mentions)]
    spans = [(a, a + n) for a, n in quoted]
    out = runs(text, marks, spans)
    assert "".join(r.text for r in out) == text
    assert all(r.text for r in out)
    position = 0
    for r in out:
        for i in range(position, position + len(r.text)):
            assert r.quoted == any(a <= i < b for a, b in spans)
            covering = [m for m in marks if m.start <= i < m.end]
            if covering:  # the first to start (then the longer) owns the character
                first = min(covering, key=lambda m: (m.start, -(m.end - m.start)))
                assert r.mention == first
            else:
                assert r.mention is None
        position += len(r.text)


# ---------------------------------------------------- an opposition, every one of them ----
def test_every_opposition_gets_its_comparison_and_its_passages(data):
    for o in data.oppositions:
        c = data.comparison(o)
        about = passages_about(data.inputs, o)
        assert list(about.columns) == READING_COLUMNS
        topics = c.topics[c.topics["passage_id"].isin(set(data.passages["passage_id"]))]
        assert set(about["passage_id"]) == set(topics["passage_id"])  # every voice, no more
        assert set(about.loc[about["voice"] == "author", "passage_id"]) == set(c.selected["passage_id"])
        ranks = about["tradition"].map(data.traditions.index)
        assert ranks.is_monotonic_increasing
        for r in about.itertuples():
            assert isinstance(r.citation, Citation) and r.citation.passage_id == r.passage_id
            for m in r.mentions:  # every offset points at the words it highlights
                assert r.text[m.start:m.end].strip() and m.opposition in data.oppositions
            for m in r.section_mentions:
                assert r.section[m.start:m.end].strip()
        page = opposition_view(data, o)
        assert f'data-selection="{o}"' in page and 'class="error"' not in page
        for row in c.rows:  # the comparison row of every tradition
            assert html.escape(row.name, quote=True) in page
        if len(about):
            assert '<mark class="this"' in page
            first = about.iloc[0]
            assert first["passage_id"] in page
            assert html.escape(first["citation"].source, quote=True) in page


def test_the_mentions_of_the_group_are_highlighted_and_others_underlined(data):
    about = passages_about(data.inputs, "workers-opposition", traditions=["academic"])
    row = next(r for r in about.itertuples()
               if {m.opposition for m in r.mentions} - {"workers-opposition"})
    page = passages_html(about[about["passage_id"] == row.passage_id], "workers-opposition",
                         names=data.tradition_names, colours=data.colours)
    for m in row.mentions:
        kind = "this" if m.opposition == "workers-opposition" else "other"
        written = html.escape(row.text[m.start:m.end], quote=True)
        assert re.search(rf'<mark class="{kind}" title="[^"]*">{re.escape(written)}</mark>', page)


def test_the_voice_is_marked(data):
    about = passages_about(data.inputs, "workers-opposition", traditions=["academic"])
    assert {"author", "quotation"} <= set(about["voice"])
    page = passages_html(about, "workers-opposition", names=data.tradition_names,
                         colours=data.colours, limit=None)
    for r in about.itertuples():
        block = page[page.index(f'id="passage-{r.passage_id}"'):]
        assert block.startswith(f'id="passage-{r.passage_id}"')
        assert f'<span class="voice voice-{r.voice}"' in block[:400]
    assert page.count('class="passage quotation-passage"') == (about["voice"] == "quotation").sum()
    quoted = about[(about["voice"] == "author") & about["quoted_spans"].map(bool)]
    if len(quoted):  # someone else's words inside an authorial passage
        assert '<span class="quoted">' in page


def test_only_the_voices_and_traditions_asked_for(data):
    about = passages_about(data.inputs, "left-opposition", traditions=["anarchist", "icc"],
                           voices=["author"])
    assert set(about["voice"]) == {"author"}
    assert list(dict.fromkeys(about["tradition"])) == ["icc", "anarchist"]
    page = opposition_view(data, "left-opposition", ["trotskyist"], limit=2)
    assert "Trotskyist" in page and "Anarchist" not in page
    assert page.count('class="passage ') <= 2


def test_text_is_escaped(data):
    hostile = '<script>alert("x")</script> & the Workers’ Opposition'
    start = hostile.index("Workers")
    about = pd.DataFrame([{"passage_id": "x:001", "doc_id": "x", "tradition": "icc",
                           "section": "<b>s</b>", "voice": "author", "score": 2.0,
                           "evidence": "<i>e</i>", "text": hostile, "quoted_spans": [],
                           "mentions": [Mention(start, len(hostile), "workers-opposition", '"><x>')],
                           "section_mentions": [], "citation": Citation("x:001", "<src>", "")}])
    page = passages_html(about, "workers-opposition", names={"icc": "<ICC>"},
                         colours={"icc": '"red'})
    assert "<script" not in page and "<b>s" not in page and "<x>" not in page
    assert "&lt;script&gt;" in page and "&lt;ICC&gt;" in page and "&lt;src&gt;" in page
    assert ">Workers’ Opposition</mark>" in page
    assert "<script" not in term_view(data, "<script>")


def test_a_wrong_selection_is_shown_not_raised(data):
    assert "unknown opposition &#x27;workers-grup&#x27;" in opposition_view(data, "workers-grup")
    assert 'class="error"' in opposition_view(data, "workers-group", ["trotskist"])
    assert 'class="error"' in term_view(data, "")
    with pytest.raises(CompareError):
        passages_about(data.inputs, "workers-grup")


# ------------------------------------------------------------- comparison rows ----
def test_the_rows_of_the_traditions_chosen(data):
    c = data.comparison("left-opposition")
    two = select_traditions(c, ["academic", "trotskyist"])
    assert [r.tradition for r in two.rows] == ["trotskyist", "academic"]
    assert [r.tradition for r in c.rows] == data.traditions  # the cached one is untouched
    table = comparison_table(c, ["trotskyist"])
    record = comparison_records(c, ["trotskyist"])[0]
    assert table.loc[0, "verdict"] == record["verdict"] == c.row("trotskyist").verdict
    assert record["passage_id"] == c.row("trotskyist").quotation.passage_id
    with pytest.raises(CompareError, match="unknown tradition"):
        select_traditions(c, ["trotskist"])


# ------------------------------------------------------------------------ a term ----
def test_counted_term():
    assert counted_term("Bureaucracy") == "bureaucracy"
    assert counted_term("trade unions") == "trade unions"
    assert counted_term("Lenin's party") == "lenin party"
    assert counted_term("the") is None and counted_term("1921") is None
    assert counted_term("one-man management of industry") is None


def test_term_keyness_is_the_comparisons_keyness(data):
    c = data.comparison("workers-opposition")
    tested = c.keyness[c.keyness["direction"] == "over"].groupby("tradition").head(1)
    for row in tested.itertuples():
        mine = term_keyness(c.selected, row.term, order=data.traditions).set_index("tradition")
        theirs = c.keyness[c.keyness["term"] == row.term].set_index("tradition")
        assert list(mine.columns) == TERM_COLUMNS[1:]
        assert mine["tested"].all()
        for column in ("freq", "freq_other", "n_passages", "g2", "log_ratio", "p_adj",
                       "direction", "significant"):
            assert mine.loc[theirs.index, column].tolist() == theirs[column].tolist(), column


def test_an_untested_term_still_has_its_frequencies(data):
    selected, _ = data.scope("workers-opposition")
    m = term_matrix(selected).group("tradition", data.traditions)
    rare = [t for t, f in zip(m.terms, m.counts.sum(axis=0).A1) if f == 1][0]
    k = term_keyness(selected, rare, order=data.traditions)
    assert not k["tested"].any() and k["freq"].sum() == 1 and k["g2"].isna().all()
    assert (k["per_10k"] >= 0).all()
    assert term_keyness(selected, "of the").empty


def test_the_whole_corpus_scope(data):
    k = term_keyness(data.passages, "bureaucracy", order=data.traditions)
    direct = keyness(data.passages, order=data.traditions, **KEYNESS_OPTIONS)
    direct = direct[direct["term"] == "bureaucracy"]
    assert k["freq"].tolist() == direct["freq"].tolist()
    page = term_view(data, "bureaucracy", CORPUS_SCOPE, limit=None)
    assert "the whole corpus" in page and page.count("<mark class=\"this\">") >= k["freq"].sum()


def test_term_lines_say_whose_words(data):
    lines = term_lines(data.passages, "dictatorship")
    assert {"author", "quotation", "quoted"} <= set(lines["voice"])
    spans = dict(zip(data.passages["passage_id"], data.passages["quoted_spans"]))
    for r in lines[lines["voice"] == "quoted"].itertuples():
        assert any(a <= r.offset < b for a, b in spans[r.passage_id])


# --------------------------------------------------------------------- the tagger ----
def test_the_tagger_verdict_and_its_explanation(data, tagger):
    passage = data.passages[data.passages["voice"] == "author"].iloc[0]
    tagged = tag_text(tagger, passage["text"] + '\n\n"All power to the soviets," said Lenin.')
    assert list(tagged.columns)[:len(TAGGED_COLUMNS)] == TAGGED_COLUMNS
    assert tagged["voice"].tolist() == ["author", "quotation"]
    direct = tagger.verdict([passage["text"]])[0]
    assert tagged.loc[0, "verdict"] == direct
    probabilities = [c for c in tagged.columns if c.startswith("p_")]
    assert tagged.loc[0, "top_probability"] == tagged.loc[0, probabilities].max()
    why = explain_text(tagger, tagged)
    assert set(why["passage_id"]) <= set(tagged["passage_id"])
    first = why[why["passage_id"] == tagged.loc[0, "passage_id"]]
    assert set(first["tradition"]) == {tagged.loc[0, "top_tradition"]} and (first["weight"] > 0).all()
    page = tagger_view(data, EXAMPLE_PASSAGE)
    assert "Verdict:" in page and "What pushed it towards" in page


def test_extra_columns_of_the_tagger_are_carried(monkeypatch, tagger):
    real = tagging.tag_passages

    def with_extra(t, frame):
        return real(t, frame).assign(margin=0.5)

    monkeypatch.setattr(tagging, "tag_passages", with_extra)
    assert tag_text(tagger, "The proletariat.")["margin"].tolist() == [0.5]
    assert tag_text(tagger, "  \n ").empty


# ---------------------------------------------------------------------- widgets ----
def test_the_widgets_follow_their_controls(data):
    assert interactive_frontend() is False  # no kernel here: a batch run
    e = opposition_explorer(data, "workers-group")
    assert e.interactive is False and STATIC_NOTE in e.html
    e.controls["opposition"].value = "left-communists"
    assert 'data-selection="left-communists"' in e.html
    e.controls["traditions"].value = ("icc",)
    assert "Trotskyist" not in e.html
    e.controls["quotations"].value = False
    assert 'voice-quotation"' not in e.html.split("The passages about it")[1]
    live = opposition_explorer(data, interactive=True)
    assert STATIC_NOTE not in live.html
    t = term_explorer(data, "soviets")
    t.controls["scope"].value = "workers-opposition"
    assert "about the Workers" in t.html
    tg = tagger_explorer(data, "  ")
    assert "Paste a passage" in tg.html
    tg.controls["text"].value = EXAMPLE_PASSAGE
    tg.controls["tag"].click()
    assert "Verdict:" in tg.html


# --------------------------------------------------------- the committed notebook ----
def test_the_notebook_is_a_few_calls_with_a_static_view():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert len(code) <= 6 and all(len(c.source.splitlines()) <= 3 for c in code)  # (with parameters)
    outputs = [o for c in code for o in c.outputs]
    assert all("application/vnd.jupyter.widget-view+json" not in o.get("data", {}) for o in outputs)
    views = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    assert [re.search(r'data-view="(\w+)"', v).group(1) for v in views] == ["opposition", "term", "tagger"]
    assert all(STATIC_NOTE.split(".")[0] in v for v in views)


def test_the_report_page_of_the_notebook_is_static():
    from standpoint.publish.pages import export_html

    page = export_html(nbformat.read(NOTEBOOK, as_version=4), "00-explore")
    assert "<script" not in page and "data-view=\"opposition\"" in page
    assert "how each tradition judges it" in page and "Verdict:" in page
