"""One opposition, everything computed once (standpoint.compare)."""

from __future__ import annotations

import pandas as pd
import pytest

from standpoint.comparison import (
    CompareError,
    Comparison,
    comparable_oppositions,
    compare,
    shared_inputs,
)
from standpoint.comparison.assemble import toy_inputs
from standpoint.comparison.tables import TABLE_COLUMNS
from standpoint.topics import coverage


@pytest.fixture(scope="session")
def inputs(corpus, passages):
    return shared_inputs(corpus, passages=passages)


@pytest.fixture(scope="session")
def comparable(inputs):
    return comparable_oppositions(**inputs)


@pytest.fixture(scope="session")
def comparisons(inputs, comparable):
    return {o: compare(o, **inputs) for o in comparable}


def frames(d: dict) -> dict:
    return {k: v.copy(deep=True) for k, v in d.items() if isinstance(v, pd.DataFrame)}


# ------------------------------------------------------------------ comparable ids ----
def test_comparable_oppositions_agree_with_coverage(inputs, comparable, corpus):
    order = list(inputs["oppositions"]["opposition"])
    cov = coverage(inputs["passages"], inputs["topics"], order,
                   traditions=corpus.tradition_order)["passages"]
    expected = [o for o in order if int((cov[o] > 0).sum()) >= 2]
    assert comparable == expected
    assert comparable == [o for o in order if o in comparable]  # registry order
    # the two oppositions every account discusses
    assert {"workers-opposition", "left-opposition"} <= set(comparable)
    assert len(comparable) < len(order)  # some groups only one tradition writes about


def test_unknown_opposition_lists_the_valid_ids(inputs):
    with pytest.raises(CompareError) as info:
        compare("workers-oppositon", **inputs)
    message = str(info.value)
    assert isinstance(info.value, ValueError)
    assert "workers-oppositon" in message and "\n" not in message
    for oid in inputs["oppositions"]["opposition"]:
        assert oid in message


# ------------------------------------------------------------------- the comparison ----
def test_a_comparison_holds_every_part_for_its_opposition(comparisons, inputs, corpus):
    for oid, c in comparisons.items():
        assert isinstance(c, Comparison) and c.opposition == oid
        assert c.traditions == corpus.tradition_order
        about = set(inputs["topics"].loc[inputs["topics"]["opposition"] == oid, "passage_id"])
        assert set(c.topics["opposition"]) == {oid}
        assert set(c.selected["passage_id"]) == {
            p for p, v in zip(inputs["passages"]["passage_id"], inputs["passages"]["voice"])
            if p in about and v == "author"}
        assert (c.selected["voice"] == "author").all()
        assert c.stance.empty or set(c.stance["opposition"]) == {oid}
        assert c.annotations.empty or set(c.annotations["opposition"]) == {oid}
        assert list(c.table.columns) == TABLE_COLUMNS
        assert c.table["tradition"].tolist() == corpus.tradition_order
        assert c.table["passages"].tolist() == c.coverage["passages"].tolist()
        assert c.table["words"].tolist() == c.coverage["words"].tolist()
        assert c.silent == [t for t, n in zip(c.traditions, c.coverage["passages"]) if n == 0]


def test_keyness_is_each_tradition_against_the_others_on_the_same_opposition(comparisons):
    c = comparisons["left-opposition"]
    present = [t for t in c.traditions if t not in c.silent]
    assert list(pd.unique(c.keyness["tradition"])) == present
    # every tradition's counts plus the others' make the same total for a term:
    # the reference corpus is the other traditions' passages about this opposition only
    totals = c.keyness.assign(total=c.keyness["freq"] + c.keyness["freq_other"])
    assert (totals.groupby("term")["total"].nunique() == 1).all()
    per_term = c.keyness.groupby("term")["freq"].sum()
    assert (per_term == totals.groupby("term")["total"].first()).all()
    assert set(c.similarity.index) == set(present)
    assert set(c.closest_pairs["tradition_a"]) | set(c.closest_pairs["tradition_b"]) <= set(present)
    assert set(c.method_agreement["tradition"]) == set(present)


def test_an_opposition_one_tradition_discusses_still_compares(inputs, comparable, corpus):
    lonely = [o for o in inputs["oppositions"]["opposition"] if o not in comparable]
    assert lonely
    c = compare(lonely[0], **inputs)
    assert c.keyness.empty and c.closest_pairs.empty
    assert c.table["tradition"].tolist() == corpus.tradition_order
    assert len(c.silent) >= 3
    silent_rows = c.table[c.table["passages"] == 0]
    assert (silent_rows["distinctive_terms"] == "no passages").all()


def test_compare_does_not_modify_its_inputs(inputs):
    before = frames(inputs)
    compare("workers-opposition", **inputs)
    comparable_oppositions(**inputs)
    for key, frame in before.items():
        pd.testing.assert_frame_equal(inputs[key], frame)


def test_precomputed_inputs_give_the_same_comparison():
    toy = toy_inputs()
    full = compare("workers-opposition", **toy)
    partial = compare("workers-opposition", corpus=toy["corpus"], passages=toy["passages"],
                      oppositions=toy["oppositions"], annotations=toy["annotations"])
    pd.testing.assert_frame_equal(full.table, partial.table)
    pd.testing.assert_frame_equal(full.keyness, partial.keyness)
    pd.testing.assert_frame_equal(full.stance, partial.stance)


def test_comparisons_are_deterministic(inputs):
    a = compare("left-opposition", **inputs)
    b = compare("left-opposition", **inputs)
    for name in ["table", "keyness", "tfidf", "closest_pairs", "similarity", "stance"]:
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name))


def test_options_reach_the_table(inputs):
    c = compare("workers-opposition", **inputs, top_terms=2)
    terms = c.table.loc[c.table["terms_method"] == "keyness", "distinctive_terms"]
    assert len(terms) and all(len(t.split("; ")) <= 2 for t in terms)
    assert c.title == "Workers' Opposition (1920–1922)"


def test_toy_inputs_compare_quickly():
    toy = toy_inputs()
    c = compare("workers-opposition", **toy)
    assert c.silent == ["trotskyist", "academic"]
    assert comparable_oppositions(**toy) == ["workers-opposition"]
