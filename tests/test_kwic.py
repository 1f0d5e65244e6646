"""KWIC: whole-word, case- and apostrophe-insensitive matching, windows, filters, order."""

from __future__ import annotations

import pandas as pd
import pytest

from standpoint.terms import KWIC_COLUMNS, keyness, kwic, term_pattern

DF = pd.DataFrame({
    "passage_id": ["a:001", "a:002", "b:001", "c:001"],
    "tradition": ["icc", "icc", "anarchist", "academic"],
    "text": [
        "The Workers’ Opposition demanded that the trade unions run industry.",
        "Counter-revolution, the Party said; the party's line held. Partisan war.",
        "The workers' opposition was crushed. The Workers Opposition was gone.",
        "Trade\nunions and the trade-union question (Workers’ Opposition).",
    ],
})


def test_case_and_apostrophe_insensitive_phrase_match():
    out = kwic(DF, "workers' opposition")
    assert list(out.columns) == KWIC_COLUMNS
    assert list(out.passage_id) == ["a:001", "b:001", "b:001", "c:001"]
    assert list(out.match) == ["Workers’ Opposition", "workers' opposition",
                               "Workers Opposition", "Workers’ Opposition"]
    # the same with curly apostrophe, no apostrophe, upper case
    for term in ["Workers’ Opposition", "workers opposition", "WORKERS OPPOSITION"]:
        pd.testing.assert_frame_equal(kwic(DF, term), out)


def test_whole_words_only():
    party = kwic(DF, "party")
    assert list(party.match) == ["Party", "party's"]  # not "Partisan"
    assert kwic(DF, "revolution").empty  # only inside counter-revolution
    assert list(kwic(DF, "counter-revolution").match) == ["Counter-revolution"]
    assert list(kwic(DF, "union").match) == []  # "trade-union" is one word, "unions" another
    assert list(kwic(DF, "trade-union").match) == ["trade-union"]
    assert list(kwic(DF, "Party's").match) == ["Party", "party's"]


def test_phrase_spans_any_whitespace():
    out = kwic(DF, "trade unions")
    assert list(out.passage_id) == ["a:001", "c:001"]
    assert out.match.iloc[1] == "Trade\nunions"


def test_window_and_offsets_slice_the_text():
    out = kwic(DF, "trade unions", window=10)
    for row in out.itertuples():
        text = DF.set_index("passage_id").text[row.passage_id]
        assert text[row.offset:row.offset + len(row.match)] == row.match
        assert text[max(0, row.offset - 10):row.offset] == row.left
        assert text[row.offset + len(row.match):row.offset + len(row.match) + 10] == row.right
        assert len(row.left) <= 10 and len(row.right) <= 10
    first = out.iloc[0]
    assert first.left == " that the " and first.right == " run indus"
    start = kwic(DF, "counter-revolution", window=60).iloc[0]
    assert start.left == "" and start.offset == 0
    assert len(kwic(DF, "party", window=0).left.iloc[0]) == 0


def test_filters_keep_frame_order():
    assert set(kwic(DF, "workers opposition", tradition="icc").tradition) == {"icc"}
    assert list(kwic(DF, "workers opposition", tradition=["anarchist", "academic"]).passage_id) \
        == ["b:001", "b:001", "c:001"]
    ids = kwic(DF, "workers opposition", passage_ids=["c:001", "a:001"]).passage_id
    assert list(ids) == ["a:001", "c:001"]
    assert kwic(DF, "workers opposition", passage_ids=[]).empty
    assert kwic(DF, "workers opposition", tradition="trotskyist").empty


def test_empty_result_has_columns_and_input_is_untouched():
    before = DF.copy()
    out = kwic(DF, "kronstadt")
    assert out.empty and list(out.columns) == KWIC_COLUMNS
    kwic(DF, "party", tradition="icc")
    pd.testing.assert_frame_equal(DF, before)


def test_bad_terms():
    with pytest.raises(ValueError):
        kwic(DF, "   ")
    with pytest.raises(ValueError):
        kwic(DF, "party", window=-1)
    assert kwic(DF, "Work.rs").empty  # regex characters are literal
    assert list(kwic(DF, "(Workers").match) == ["(Workers’"]
    assert term_pattern("a.b").search("axb") is None


def test_every_keyness_term_is_found_by_kwic(passages):
    """A term of the keyness table is found where it was counted (same tokenisation)."""
    sel = passages[passages.text.str.contains("Workers['’] Opposition", regex=True)]
    k = keyness(sel, strip_quotes=False)
    over = k[(k.direction == "over") & (k["rank"] <= 10)]
    authorial = sel[sel.voice == "author"]
    for row in over.itertuples():
        hits = kwic(authorial, row.term, tradition=row.tradition)
        assert len(hits) >= row.freq, (row.tradition, row.term, len(hits), row.freq)


# ----------------------------------------------------------------- argument checks ----
@pytest.mark.parametrize("args, kwargs, fragment", [
    ((DF, None), {}, "term: expected a word or phrase (a string), got None"),
    ((DF, 42), {}, "term: expected a word or phrase (a string), got int"),
    ((DF, " ' "), {}, "term: empty search term"),
    ((None, "party"), {}, "passages: expected a pandas DataFrame, got None"),
    ((DF["text"], "party"), {}, "passages: expected a pandas DataFrame, got Series"),
    ((DF.drop(columns="text"), "party"), {}, "passages: no 'text' column"),
    ((DF.drop(columns="tradition"), "party"), {}, "passages: no 'tradition' column"),
    ((DF, "party"), {"window": -1}, "window: expected a number of characters"),
    ((DF, "party"), {"window": 2.5}, "window: expected a number of characters"),
    ((DF, "party"), {"window": True}, "window: expected a number of characters"),
    ((DF, "party"), {"window": "60"}, "window: expected a number of characters"),
    ((DF, "party"), {"tradition": 3}, "tradition: expected a string or a list of strings"),
    ((DF, "party"), {"passage_ids": [1, 2]}, "passage_ids: expected a string or a list"),
    ((DF.assign(text=["a", None, "b", "c"]), "party"), {}, "passages: row 1: 'text' is missing"),
])
def test_bad_arguments_are_input_errors_naming_the_argument(args, kwargs, fragment):
    from standpoint.errors import InputError

    with pytest.raises(InputError) as info:
        kwic(*args, **kwargs)
    assert fragment in str(info.value)
    assert isinstance(info.value, ValueError)  # (what kwic raised before, for old callers)


def test_a_window_longer_than_the_text_gives_the_text_not_padding():
    out = kwic(DF, "party", window=10**9)
    text = DF.loc[1, "text"]
    assert out.loc[0, "left"] == text[:out.loc[0, "offset"]]
    assert out.loc[1, "right"] == text[out.loc[1, "offset"] + len(out.loc[1, "match"]):]


def test_filters_accept_any_iterable_of_strings():
    by_list = kwic(DF, "workers opposition", tradition=["icc", "academic"])
    by_tuple = kwic(DF, "workers opposition", tradition=("icc", "academic"),
                    passage_ids=pd.Series(["a:001", "c:001"]))
    pd.testing.assert_frame_equal(by_list, by_tuple)
    assert list(by_list.passage_id) == ["a:001", "c:001"]
