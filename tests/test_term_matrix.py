"""The term matrix: counted once, then trimmed, grouped and handed to every statistic, with the
same results as counting the passages inside each statistic."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from standpoint.errors import InputError
from standpoint.terms import (
    STOP_WORDS,
    TermMatrix,
    closest_pairs,
    group_order,
    keyness,
    profile_similarity,
    term_matrix,
    tfidf_terms,
    tokenize,
)

ORDER = ["icc", "trotskyist", "anarchist", "academic"]

FRAME = pd.DataFrame({
    "passage_id": ["i:1", "i:2", "a:1", "a:2", "q:1"],
    "tradition": ["icc", "icc", "anarchist", "anarchist", "icc"],
    "voice": ["author", "author", "author", "author", "quotation"],
    "text": [
        'The "Left Communists" fought the party bureaucracy in 1918.',
        "Bukharin and the Left Communists fought the trade unions.",
        'The FAQ quotes Osinsky: "the party bureaucracy must go, comrades." Then Osinsky left.',
        "The trade unions fought (see section H.3) the bureaucracy.",
        "A quoted party bureaucracy.",
    ],
})


def cell(m: TermMatrix, term: str, attribute: str = "counts") -> list[int]:
    j = list(m.terms).index(term)
    return getattr(m, attribute)[:, j].toarray().ravel().tolist()


def test_the_matrix_counts_terms_per_passage_with_running_words():
    m = term_matrix(FRAME)
    assert list(m.rows.passage_id) == ["i:1", "i:2", "a:1", "a:2"]  # authorial only
    assert list(m.terms) == sorted(m.terms)
    assert cell(m, "bureaucracy") == [1, 0, 0, 1]  # the quotation in a:1 is not counted
    assert cell(m, "trade unions") == [0, 1, 0, 1]
    assert cell(m, "party bureaucracy") == [1, 0, 0, 0]
    assert cell(m, "bureaucracy", "passages_with") == [1, 0, 0, 1]
    assert not {"see", "section", "see section"} & set(m.terms)  # a cross-reference
    assert not any(w in STOP_WORDS for t in m.terms for w in t.split())
    # running words: stop words and names in, the number, the quotation, the reference out
    assert m.n_words.tolist() == [8, 9, 7, 6]
    assert m.counts.dtype == np.int64 and m.counts.shape == (4, len(m.terms))
    # every passage's terms are those tokenize gives for its text
    for i, text in enumerate(m.rows.text):
        expected = pd.Series(tokenize(text)).value_counts()
        got = pd.Series(m.counts[i].toarray().ravel(), index=m.terms)
        assert got[got > 0].sort_index().to_dict() == expected.sort_index().to_dict()


def test_terms_inside_quotation_marks_and_names_are_recorded():
    table = term_matrix(FRAME).term_table().set_index("term")
    assert list(table.columns) == ["freq", "n_passages", "in_quotes", "is_name"]
    # "Left Communists" once in scare quotes, once not
    assert table.loc["left communists", ["freq", "in_quotes"]].tolist() == [2, 1]
    assert table.loc["communists", "in_quotes"] == 1 and table.loc["bureaucracy", "in_quotes"] == 0
    assert table.loc["osinsky", "is_name"] and table.loc["left communists", "is_name"]
    assert not table.loc["bureaucracy", "is_name"]
    # no quotation stripped: the quoted party bureaucracy counts, inside quotation marks
    everything = term_matrix(FRAME, strip_quotes=False).term_table().set_index("term")
    assert everything.loc["party bureaucracy", ["freq", "in_quotes"]].tolist() == [2, 1]
    # every quotation stripped: nothing left inside quotation marks
    none = term_matrix(FRAME, strip_quotes="all").term_table()
    assert (none.in_quotes == 0).all() and none.set_index("term").loc["communists", "freq"] == 1


def test_names_dropped_before_counting_and_voice_filter():
    dropped = term_matrix(FRAME, names="drop")
    assert not {"osinsky", "communists", "left communists"} & set(dropped.terms)
    # "Bukharin" only opens a sentence (not judged); "left" is also written in lower case
    assert {"bukharin", "left", "party bureaucracy"} <= set(dropped.terms)
    assert not dropped.is_name.any()
    assert dropped.n_words.tolist() == term_matrix(FRAME).n_words.tolist()
    every = term_matrix(FRAME, voice=None)
    assert len(every.rows) == 5 and cell(every, "bureaucracy")[-1] == 1
    assert len(term_matrix(FRAME, voice=["quotation"]).rows) == 1


def test_trim_group_and_drop_derive_without_counting_again():
    m = term_matrix(FRAME)
    trimmed = m.trim(min_freq=2, min_docs=2)
    assert set(trimmed.terms) == {"bureaucracy", "fought", "left communists", "communists", "left",
                                  "trade", "unions", "trade unions"}
    assert (trimmed.n_words == m.n_words).all()
    g = m.group(order=["anarchist", "icc"])
    assert g.rows.to_dict("list") == {"tradition": ["anarchist", "icc"], "n_passages": [2, 2]}
    assert g.by == "tradition" and g.n_words.tolist() == [13, 17]
    assert cell(g, "fought") == [1, 2] and cell(g, "fought", "passages_with") == [1, 2]
    assert cell(g, "left communists", "quoted") == [0, 1]
    # grouping and trimming commute (trimming counts passages, not groups)
    a = m.group().trim(2, 2)
    b = m.trim(2, 2).group()
    assert list(a.terms) == list(b.terms) and (a.counts != b.counts).nnz == 0
    regrouped = g.group(order=["icc", "anarchist"])
    assert regrouped.rows.n_passages.tolist() == [2, 2] and regrouped.n_words.tolist() == [17, 13]
    fewer = m.drop(["bureaucracy", "osinsky"])
    assert not {"bureaucracy", "osinsky"} & set(fewer.terms)
    assert len(fewer.terms) == len(m.terms) - 2 and (fewer.n_words == m.n_words).all()
    with pytest.raises(InputError, match="no column 'doc_id'"):
        m.group("doc_id")
    with pytest.raises(InputError):
        m.drop("bureaucracy")


def test_group_order_default_is_first_appearance_and_order_is_kept():
    m = term_matrix(FRAME)
    assert m.group().rows.tradition.tolist() == ["icc", "anarchist"]
    assert m.group(order=ORDER).rows.tradition.tolist() == ["icc", "anarchist"]
    cat = FRAME.assign(tradition=pd.Categorical(FRAME.tradition, categories=["anarchist", "icc"]))
    assert term_matrix(cat).group().rows.tradition.tolist() == ["anarchist", "icc"]
    assert group_order(["b", "a", "b"]) == ["b", "a"]
    with pytest.raises(InputError, match="missing values"):
        term_matrix(FRAME.assign(tradition=["icc", None, "icc", "anarchist", "icc"])).group()


@pytest.fixture(scope="module")
def selection(passages):
    return passages[passages.text.str.contains("Workers['’] Opposition", regex=True)]


def test_statistics_give_the_same_results_from_the_matrix_or_the_passages(selection):
    m = term_matrix(selection)
    pd.testing.assert_frame_equal(keyness(m, order=ORDER), keyness(selection, order=ORDER))
    pd.testing.assert_frame_equal(tfidf_terms(m, order=ORDER), tfidf_terms(selection, order=ORDER))
    pd.testing.assert_frame_equal(profile_similarity(m, order=ORDER),
                                  profile_similarity(selection, order=ORDER))
    pd.testing.assert_frame_equal(closest_pairs(m, top=2, order=ORDER),
                                  closest_pairs(selection, top=2, order=ORDER))
    # a grouped matrix serves keyness and tf-idf too
    grouped = m.group(order=ORDER)
    pd.testing.assert_frame_equal(keyness(grouped), keyness(m, order=ORDER))
    pd.testing.assert_frame_equal(tfidf_terms(grouped), tfidf_terms(m, order=ORDER))
    with pytest.raises(InputError, match="one row per passage"):
        profile_similarity(grouped)
    # other options: the same whichever way the counting was asked for
    options = dict(strip_quotes="all", names="drop", ngram_range=(1, 1))
    pd.testing.assert_frame_equal(keyness(term_matrix(selection, **options), order=ORDER),
                                  keyness(selection, order=ORDER, **options))


def test_statistics_read_the_matrix_and_never_the_text(selection):
    m = term_matrix(selection)
    textless = replace(m, rows=m.rows.drop(columns=["text"]))
    pd.testing.assert_frame_equal(keyness(textless, order=ORDER), keyness(m, order=ORDER))
    pd.testing.assert_frame_equal(tfidf_terms(textless, order=ORDER), tfidf_terms(m, order=ORDER))
    pd.testing.assert_frame_equal(profile_similarity(textless, order=ORDER),
                                  profile_similarity(m, order=ORDER))


def test_counting_options_given_with_a_matrix_must_be_those_it_was_built_with():
    m = term_matrix(FRAME, ngram_range=(1, 1), voice=["author"])
    keyness(m, ngram_range=(1, 1), voice="author", strip_quotes=True, names="keep", min_freq=1,
            min_docs=1)
    for option in [{"ngram_range": (1, 2)}, {"strip_quotes": "all"}, {"names": "drop"},
                   {"voice": None}, {"strip_quotes": 1}]:
        with pytest.raises(InputError, match="the matrix was built with"):
            keyness(m, min_freq=1, min_docs=1, **option)
        with pytest.raises(InputError, match="the matrix was built with"):
            profile_similarity(m, **option)
    with pytest.raises(InputError):
        keyness(FRAME.text)


@pytest.mark.parametrize("kwargs, fragment", [
    ({"names": "mask"}, "names must be"),
    ({"strip_quotes": "some"}, "strip_quotes must be"),
    ({"ngram_range": (2, 1)}, "ngram_range must be"),
    ({"ngram_range": "ab"}, "ngram_range must be"),
    ({"voice": [1]}, "voice: expected"),
])
def test_bad_options_are_input_errors(kwargs, fragment):
    with pytest.raises(InputError, match=fragment):
        term_matrix(FRAME, **kwargs)


def test_bad_frames_are_input_errors():
    with pytest.raises(InputError, match="'text' column"):
        term_matrix(FRAME.drop(columns="text"))
    with pytest.raises(InputError, match="no 'voice' column"):
        term_matrix(FRAME.drop(columns="voice"))
    assert len(term_matrix(FRAME.drop(columns="voice"), voice=None).rows) == 5
    with pytest.raises(InputError, match="DataFrame"):
        term_matrix(None)


def test_an_empty_selection_gives_an_empty_matrix():
    m = term_matrix(FRAME.iloc[:0])
    assert m.counts.shape == (0, 0) and m.term_table().empty
    assert tfidf_terms(m).empty
    with pytest.raises(ValueError, match="two groups"):
        keyness(m)
