"""standpoint.figures: the comparison figures draw what their tables hold, in the tradition
colours, without pyplot. (The examples in the docstrings run in tests/test_docs.py.)"""

from __future__ import annotations

import io
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from standpoint.render import figures as F


@pytest.fixture(scope="module")
def colours(corpus):
    return corpus.colours


@pytest.fixture(scope="module")
def inputs(corpus, passages):
    from standpoint.comparison import shared_inputs

    return shared_inputs(corpus, passages=passages)


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


def _tick_colours(labels) -> dict[str, str]:
    return {t.get_text().split("\n")[0]: t.get_color() for t in labels}


# ---------------------------------------------------------------- helpers ----

def test_blend_runs_from_white_to_the_colour_and_clips():
    assert F.blend("#0072B2", 0) == (1.0, 1.0, 1.0)
    assert F.blend("#0072B2", 5) == F.blend("#0072B2", 1)
    assert F.blend("#0072B2", -1) == (1.0, 1.0, 1.0)
    r, g, b = F.blend("#000000", 0.5)
    assert r == g == b == pytest.approx(0.5)


def test_text_is_white_on_dark_fills_only(colours):
    assert F.text_colour(F.blend(colours["anarchist"], 1.0)) == "white"
    assert F.text_colour(F.blend(colours["anarchist"], 0.1)) == "black"
    assert F.text_colour((1.0, 1.0, 0.0)) == "black"  # bright yellow


# --------------------------------------------------------------- heatmaps ----

def test_tradition_heatmap_fills_each_row_with_its_tradition_colour(colours):
    order = ["icc", "trotskyist", "anarchist", "academic"]
    values = pd.DataFrame({"a": [4, 4, 4, 4], "b": [0, 2, np.nan, 1]}, index=order)
    fig = F.tradition_heatmap(values, colours)
    ax = fig.axes[0]
    full = [p for p in ax.patches][0::2]  # column "a": every tradition at the maximum
    for patch, t in zip(full, order):
        assert patch.get_facecolor()[:3] == pytest.approx(F.blend(colours[t], 1.0))
    assert _tick_colours(ax.get_yticklabels()) == {t: colours[t] for t in order}
    texts = [t.get_text() for t in ax.texts]
    assert texts == ["4", "0", "4", "2", "4", "–", "4", "1"]
    zero = ax.texts[1]
    assert zero.get_color() == "#999999"  # silence is written, in grey
    hatched = [p for p in ax.patches if p.get_hatch()]
    assert len(hatched) == 1  # the NaN cell
    assert _png(fig)[:4] == b"\x89PNG"


def test_tradition_heatmap_with_traditions_as_columns(colours):
    values = pd.DataFrame({"icc": [1, 2], "academic": [3, 0]}, index=["x", "y"])
    fig = F.tradition_heatmap(values, colours, axis="columns")
    ax = fig.axes[0]
    assert _tick_colours(ax.get_xticklabels()) == {"icc": colours["icc"], "academic": colours["academic"]}
    assert [t.get_color() for t in ax.get_yticklabels()] == ["black", "black"]
    with pytest.raises(ValueError, match="axis must be"):
        F.tradition_heatmap(values, colours, axis="diagonal")


def test_coverage_heatmap_draws_the_real_coverage(inputs, corpus, colours):
    from standpoint.topics import coverage

    registry = inputs["oppositions"]
    order = list(registry["opposition"])
    cov = coverage(inputs["passages"], inputs["topics"], order, traditions=corpus.tradition_order)
    fig = F.coverage_heatmap(cov, colours, names=dict(zip(registry["opposition"], registry["name"])))
    top, bottom = fig.axes
    n = cov["passages"].size
    assert [t.get_text() for t in top.texts] == [f"{v:,}" for v in cov["passages"].to_numpy().ravel()]
    assert [t.get_text() for t in bottom.texts] == [f"{v:,}" for v in cov["words"].to_numpy().ravel()]
    assert len(top.texts) == n
    zeros = int((cov["passages"] == 0).to_numpy().sum())
    assert sum(t.get_color() == "#999999" for t in top.texts) == zeros > 0
    assert [t.get_text() for t in bottom.get_xticklabels()][0] == "Left Communists"
    assert _tick_colours(top.get_yticklabels()) == {t: colours[t] for t in corpus.tradition_order}
    _png(fig)


def test_theme_matrix_counts_every_coded_theme(inputs, corpus):
    a = inputs["annotations"]
    m = F.theme_matrix(a, corpus.tradition_order)
    assert list(m.columns) == corpus.tradition_order
    assert int(m.to_numpy().sum()) == sum(len(t) for t in a["themes"])
    totals = m.sum(axis=1).tolist()
    assert totals == sorted(totals, reverse=True)
    assert m.attrs["annotations"] == a["tradition"].value_counts().reindex(corpus.tradition_order).to_dict()
    from standpoint.corpus import load_codebook

    fixed = F.theme_matrix(a, corpus.tradition_order, themes=load_codebook().theme_ids)
    assert list(fixed.index) == load_codebook().theme_ids
    assert fixed.loc["militarisation", "anarchist"] == m.loc["militarisation", "anarchist"]


def test_theme_heatmap_shows_shares_and_marks_a_tradition_without_annotations(colours):
    a = pd.DataFrame({"tradition": ["icc", "icc", "icc", "anarchist"],
                      "themes": [["bureaucracy"], ["bureaucracy", "kronstadt"], ["kronstadt"],
                                 ["kronstadt"]]})
    m = F.theme_matrix(a, ["icc", "trotskyist", "anarchist"])
    fig = F.theme_heatmap(m, colours)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == [
        "icc\n(n=3)", "trotskyist\n(n=0)", "anarchist\n(n=1)"]
    assert [t.get_text() for t in ax.texts] == ["67%", "–", "100%", "67%", "–", "0%"]
    assert _tick_colours(ax.get_xticklabels())["trotskyist"] == colours["trotskyist"]
    _png(fig)


def test_stance_heatmap_panels_counts_and_colour_scale(colours):
    idx = ["icc", "academic"]
    net = pd.DataFrame({"x": [-1.0, 0.5], "y": [np.nan, 1.0]}, index=idx)
    lex = pd.DataFrame({"x": [-0.2, np.nan], "y": [0.0, -1.0]}, index=idx)
    n = pd.DataFrame({"x": [3, 2], "y": [0, 1]}, index=idx)
    fig = F.stance_heatmap({"annotations": net, "lexicon": lex}, colours,
                           counts={"annotations": n}, names={"x": "Group X"})
    assert len(fig.axes) == 3  # two panels and the colour bar
    first, second, bar = fig.axes
    assert [t.get_text() for t in first.texts] == ["−1.00\nn=3", "–", "+0.50\nn=2", "+1.00\nn=1"]
    assert [t.get_text() for t in second.texts] == ["−0.20", "+0.00", "–", "−1.00"]
    assert first.get_title(loc="left") == "annotations"
    assert [t.get_text() for t in second.get_xticklabels()] == ["Group X", "y"]
    assert _tick_colours(second.get_yticklabels()) == {t: colours[t] for t in idx}
    # -1 is red, +1 blue
    red, blue = first.patches[0].get_facecolor(), first.patches[3].get_facecolor()
    assert red[0] > red[2] and blue[2] > blue[0]
    _png(fig)


def test_stance_heatmap_accepts_a_single_frame(colours):
    b = pd.DataFrame({"x": [0.25]}, index=["anarchist"])
    fig = F.stance_heatmap(b, colours, counts=pd.DataFrame({"x": [4]}, index=["anarchist"]))
    assert [t.get_text() for t in fig.axes[0].texts] == ["+0.25\nn=4"]


# ---------------------------------------------------------------- keyness ----

def test_keyness_figure_on_a_real_comparison(inputs, colours, corpus):
    from standpoint.comparison import compare

    c = compare("workers-opposition", **inputs)
    fig = F.keyness_figure(c.keyness, colours, order=corpus.tradition_order, top=6)
    present = [r.tradition for r in c.rows if r.passages]  # traditions with passages about it
    axes = fig.axes
    assert [ax.get_title() for ax in axes] == present
    for ax, t in zip(axes, present):
        rows = c.keyness[(c.keyness.tradition == t) & (c.keyness.direction == "over")].head(6)
        assert [x.get_text() for x in ax.get_yticklabels()] == rows["term"].tolist()
        assert ax.title.get_color() == colours[t]
        for bar, sig in zip(ax.patches, rows["significant"]):
            assert (bar.get_hatch() is None) == bool(sig)
        assert [b.get_width() for b in ax.patches] == pytest.approx(rows["g2"].tolist())
    _png(fig)


def test_keyness_figure_without_over_used_terms_is_an_error(colours):
    k = pd.DataFrame({"tradition": ["icc"], "term": ["a"], "direction": ["under"], "rank": [1],
                      "g2": [1.0], "log_ratio": [-1.0], "significant": [False]})
    with pytest.raises(ValueError, match="no over-used terms"):
        F.keyness_figure(k, colours)


# ------------------------------------------------------------------ pyplot ----

def test_no_figure_touches_pyplot():
    """Every figure is made without pyplot: nothing global is registered, so a notebook cell
    shows a figure once, as its value."""
    code = """
import sys
import pandas as pd
from standpoint.render import figures as F
c = {"icc": "#D55E00", "academic": "#009E73"}
t = pd.DataFrame({"x": [1, 0]}, index=["icc", "academic"])
cols = pd.MultiIndex.from_product([["passages", "words"], ["x"]])
F.tradition_heatmap(t, c).savefig(__import__("io").BytesIO())
F.coverage_heatmap(pd.DataFrame([[1, 9], [0, 0]], index=["icc", "academic"], columns=cols), c)
m = F.theme_matrix(pd.DataFrame({"tradition": ["icc"], "themes": [["a"]]}), ["icc", "academic"])
F.theme_heatmap(m, c)
F.stance_heatmap(t - 0.5, c).savefig(__import__("io").BytesIO())
k = pd.DataFrame({"tradition": ["icc"], "term": ["a"], "direction": ["over"], "rank": [1],
                  "g2": [3.0], "log_ratio": [1.0], "significant": [True]})
F.keyness_figure(k, c).savefig(__import__("io").BytesIO())
assert "matplotlib.pyplot" not in sys.modules, "pyplot was imported"
print("ok")
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"
