"""The comparison of one opposition as typed data: verdicts from the position statements,
the spread of the passage codes, exemplary quotations in the author's own words, usable
distinctive terms, disputed facts; on the real corpus."""

from __future__ import annotations

import pandas as pd
import pytest

from standpoint.comparison import (
    CompareError,
    comparable_oppositions,
    compare,
    shared_inputs,
    verdicts,
)
from standpoint.corpus import load_codebook

VERDICTS = {"criticises", "endorses", "mixed", "neutral", "silent"}


@pytest.fixture(scope="module")
def inputs():
    return shared_inputs()


@pytest.fixture(scope="module")
def comparisons(inputs):
    return {o: compare(o, **inputs) for o in inputs["oppositions"]["opposition"]}


def test_every_registry_opposition_compares_with_one_row_per_tradition(comparisons, corpus):
    for o, c in comparisons.items():
        assert [r.tradition for r in c.rows] == corpus.tradition_order
        assert {r.verdict for r in c.rows} <= VERDICTS


def test_verdicts_come_from_the_position_statements(comparisons, inputs):
    stated = {(p.tradition, p.opposition): p for p in inputs["positions"].itertuples()}
    for o, c in comparisons.items():
        for r in c.rows:
            p = stated[(r.tradition, o)]
            assert (r.verdict, r.verdict_source, r.verdict_note) == (p.verdict, "positions", p.statement)
            assert [(e.passage_id, e.anchor) for e in r.evidence] == [(pid, a) for pid, a, _ in p.evidence]


def test_reports_is_never_a_verdict_and_silence_has_no_quotation(comparisons):
    for c in comparisons.values():
        for r in c.rows:
            assert r.verdict != "reports"
            assert (r.quotation is None) == r.silent


def test_the_spread_of_codes_is_counted_from_the_annotations(comparisons, inputs):
    stances = load_codebook().stance_ids
    a = inputs["annotations"]
    for o, c in comparisons.items():
        for r in c.rows:
            mine = a[(a["opposition"] == o) & (a["tradition"] == r.tradition)]
            assert list(r.verdict_counts) == stances
            assert r.verdict_counts == {s: int((mine["stance"] == s).sum()) for s in stances}


def test_the_cases_an_expert_reader_raised(comparisons):
    """The verdicts and quotations the first version got wrong (issue 10)."""
    lo, wo, lc = comparisons["left-opposition"], comparisons["workers-opposition"], comparisons["left-communists"]
    assert lo.row("trotskyist").verdict == "endorses"
    assert lo.row("trotskyist").quotation.passage_id == "harman-revolution-lost:069"
    assert wo.row("academic").verdict == "criticises"
    assert wo.row("academic").quotation.passage_id != "gaido-review:090"
    assert lc.row("icc").quotation.passage_id != "icc-communist-left-1:037"
    assert lo.row("academic").quotation.passage_id != "gaido-review:074"


def test_distinctive_terms_are_usable(comparisons, inputs):
    """No proper name, no word of the group's own name, none mostly inside quote marks, none
    from a reference, each in at least two of the tradition's passages and significant."""
    from standpoint.comparison.emphasis import name_words, quoted_shares

    registry = inputs["oppositions"].set_index("opposition")
    for o, c in comparisons.items():
        names = name_words(list(registry.loc[o, "aliases"]) + [registry.loc[o, "name"]])
        shares = quoted_shares(c.selected) if len(c.selected) else {}
        for r in c.rows:
            for term in r.distinctive_terms:
                k = c.keyness[(c.keyness["tradition"] == r.tradition) & (c.keyness["term"] == term)].iloc[0]
                assert k["significant"] and not k["is_name"] and k["n_passages"] >= 2
                assert not set(term.split()) <= names
                assert shares.get(term, 0) < 0.5
                assert term not in {"see", "cit", "op", "ibid", "quoted", "section"}


def test_comparable_oppositions_are_those_two_traditions_judge(inputs):
    v = verdicts(inputs)
    speaking = v[v["verdict"] != "silent"].groupby("opposition")["tradition"].nunique()
    expected = [o for o in inputs["oppositions"]["opposition"] if speaking.get(o, 0) >= 2]
    assert comparable_oppositions(**inputs) == expected
    assert "military-opposition" not in expected and "left-opposition" in expected


def test_a_tradition_silent_on_a_group_says_so(comparisons):
    mo = comparisons["military-opposition"]
    assert mo.row("icc").verdict != "silent"
    assert mo.silent == ["trotskyist", "anarchist", "academic"]


def test_disputed_facts_include_the_print_run(comparisons):
    d = comparisons["workers-opposition"].disputes.set_index("question_id")
    assert d.loc["wo-platform-print-run", "disagree"]
    assert d.loc["wo-platform-print-run", "values"]["trotskyist"] == "250,000"
    assert d.loc["wo-platform-print-run", "values"]["anarchist"] == "1,500"


def test_unknown_opposition_lists_the_valid_ids(inputs):
    with pytest.raises(CompareError, match=r"^unknown opposition 'workers-oppositoin' \(valid: left-communists, "):
        compare("workers-oppositoin", **inputs)


def test_compare_does_not_modify_its_inputs(inputs):
    before = {k: v.copy() for k, v in inputs.items() if isinstance(v, pd.DataFrame)}
    compare("workers-group", **inputs)
    for k, frame in before.items():
        pd.testing.assert_frame_equal(inputs[k], frame)


def test_comparisons_are_deterministic(inputs, comparisons):
    again = compare("left-opposition", **inputs)
    assert again.rows == comparisons["left-opposition"].rows


@pytest.mark.parametrize("opposition", ["workers-opposition", "left-opposition", "workers-group"])
def test_compare_alone_scores_stance_only_where_needed_and_gives_the_same_result(opposition):
    """compare() without shared inputs scores the stance only in the passages about the group
    (much less work on a large corpus); the comparison is exactly the one made from the whole
    corpus's stance table."""
    from standpoint.comparison import compare, shared_inputs
    from standpoint.render.comparison import render

    inputs = shared_inputs()
    alone = shared_inputs(stance_only=opposition)
    assert len(alone["stance"]) < len(inputs["stance"])
    assert render(compare(opposition), "json") == render(compare(opposition, **inputs), "json")
