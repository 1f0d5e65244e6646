"""Similarity: profile cosines on constructed vocabularies, closest pairs against a brute-force
computation, blockwise = one-shot, and the heatmap's colours."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.feature_extraction.text import TfidfTransformer

from standpoint.terms import closest_pairs, profile_similarity, term_matrix
from standpoint.terms.similarity import CLOSEST_COLUMNS, similarity_heatmap

ORDER = ["icc", "trotskyist", "anarchist", "academic"]


def frame(rows):
    """rows: (tradition, text) pairs -> a passages-like frame."""
    return pd.DataFrame([{"passage_id": f"{t}:{i:03d}", "tradition": t, "voice": "author",
                          "text": text} for i, (t, text) in enumerate(rows)])


VOCAB = frame([
    ("icc", "Fractions fought the degeneration."),
    ("icc", "The fractions resisted degeneration."),
    ("anarchist", "Fractions resisted the degeneration."),
    ("anarchist", "Fractions fought degeneration bravely."),
    ("academic", "Archives reveal delegates numbers."),
    ("academic", "Delegates archives numbers reveal."),
])


def test_profiles_same_words_give_one_disjoint_words_give_zero():
    sim = profile_similarity(VOCAB)
    assert list(sim.index) == ["icc", "anarchist", "academic"] == list(sim.columns)
    assert sim.index.name == "tradition"
    np.testing.assert_allclose(sim.to_numpy(), sim.to_numpy().T)
    assert (np.diag(sim) == 1.0).all()
    assert sim.loc["icc", "academic"] == pytest.approx(0.0)
    assert sim.loc["icc", "anarchist"] > 0.8
    assert sim.to_numpy().min() >= 0 and sim.to_numpy().max() <= 1


def test_profile_is_the_cosine_of_mean_passage_vectors():
    df = frame([("icc", "party fractions soviets"), ("icc", "party soviets"),
                ("academic", "party archives"), ("academic", "soviets archives delegates"),
                ("anarchist", "fractions delegates")])
    sim = profile_similarity(df, min_docs=1)
    m = term_matrix(df)
    v = TfidfTransformer(sublinear_tf=True).fit_transform(m.counts.astype(float)).toarray()
    icc = v[:2].mean(axis=0)
    aca = v[2:4].mean(axis=0)
    expected = icc @ aca / np.linalg.norm(icc) / np.linalg.norm(aca)
    assert sim.loc["icc", "academic"] == pytest.approx(expected)


def test_profile_similarity_does_not_touch_its_input_and_handles_order():
    df = VOCAB.copy()
    before = df.copy()
    sim = profile_similarity(df, order=["academic", "trotskyist", "icc"])
    pd.testing.assert_frame_equal(df, before)
    assert list(sim.index) == ["academic", "icc", "anarchist"]


def test_closest_pair_finds_the_planted_pair():
    df = frame([
        ("icc", "The soviets decayed under war communism."),
        ("icc", "Shlyapnikov defended trade unions managing industry."),
        ("icc", "The fraction published its platform abroad."),
        ("academic", "Archival sources count the delegates."),
        ("academic", "Trade unions managing industry, Shlyapnikov defended."),
        ("academic", "War communism ended in the spring."),
    ])
    out = closest_pairs(df, min_docs=1)
    assert list(out.columns) == CLOSEST_COLUMNS
    assert len(out) == 1
    row = out.iloc[0]
    assert (row.tradition_a, row.tradition_b) == ("icc", "academic")
    assert (row.passage_a, row.passage_b) == ("icc:001", "academic:004")
    assert row.text_a == df.text[1] and row.text_b == df.text[4]  # full text
    assert 0.5 < row.cosine <= 1.0


def brute_force(df, top):
    m = term_matrix(df)
    v = TfidfTransformer(sublinear_tf=True).fit_transform(m.counts.astype(float)).toarray()
    s = v @ v.T
    rows = []
    trad = m.rows.tradition.to_numpy()
    for ia, a in enumerate(ORDER):
        for b in ORDER[ia + 1:]:
            ra, rb = np.flatnonzero(trad == a), np.flatnonzero(trad == b)
            cands = sorted(((-s[i, j], i, j) for i in ra for j in rb if s[i, j] > 0))[:top]
            rows += [(a, b, m.rows.passage_id[i], m.rows.passage_id[j], -c)
                     for c, i, j in cands]
    return rows


def test_closest_pairs_equal_brute_force_and_blocks_change_nothing(passages):
    df = passages[passages.text.str.contains("Kronstadt")]
    assert df.tradition.nunique() >= 3
    one_shot = closest_pairs(df, top=3, min_docs=1, order=ORDER)
    blocked = closest_pairs(df, top=3, min_docs=1, block_size=2, order=ORDER)
    pd.testing.assert_frame_equal(one_shot, blocked)
    got = [(r.tradition_a, r.tradition_b, r.passage_a, r.passage_b, r.cosine)
           for r in one_shot.itertuples()]
    expected = brute_force(df, 3)
    assert [g[:4] for g in got] == [e[:4] for e in expected]
    np.testing.assert_allclose([g[4] for g in got], [e[4] for e in expected])
    for _, g in one_shot.groupby(["tradition_a", "tradition_b"]):
        assert list(g["rank"]) == list(range(1, len(g) + 1))


def test_no_shared_words_means_no_pair_and_top_must_be_positive():
    df = frame([("icc", "fractions soviets"), ("academic", "archives delegates")])
    assert closest_pairs(df, min_docs=1).empty
    with pytest.raises(ValueError):
        closest_pairs(df, top=0)


def test_heatmap_colours_the_tick_labels():
    sim = profile_similarity(VOCAB)
    colours = {"icc": "#D55E00", "anarchist": "#333333", "academic": "#009E73"}
    fig = similarity_heatmap(sim, colours)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == list(sim.index)
    assert [t.get_color() for t in ax.get_xticklabels()] == [colours[t] for t in sim.columns]
    assert [t.get_color() for t in ax.get_yticklabels()] == [colours[t] for t in sim.index]
    assert len(ax.texts) == 9


def test_real_selection_similarity(passages, corpus):
    sel = passages[passages.text.str.contains("Workers['’] Opposition", regex=True)]
    sim = profile_similarity(sel, order=corpus.tradition_order)
    assert list(sim.index) == corpus.tradition_order
    off = sim.to_numpy()[~np.eye(4, dtype=bool)]
    assert (off > 0).all() and (off < 1).all()
    pairs = closest_pairs(sel)
    assert len(pairs) == 6
    authorial = set(sel[sel.voice == "author"].passage_id)
    assert set(pairs.passage_a) | set(pairs.passage_b) <= authorial
