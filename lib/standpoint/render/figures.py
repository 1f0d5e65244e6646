"""Comparison figures: coverage, themes, stance and keyness, in the tradition colours.

Each function takes an already computed table (a DataFrame) and the tradition colours
(``corpus.colours``) and returns a matplotlib ``Figure`` made without pyplot (see
:func:`standpoint.render.plots.new_figure`): in a notebook, make it the cell's last expression.
Nothing is computed here that a table does not already show; the figures only draw it.

- :func:`tradition_heatmap`: a grid whose rows (or columns) are traditions, each cell filled
  from white to *its tradition's colour* in proportion to its value; an empty cell (0) is
  written in grey, a missing one (NaN) is hatched. Used for counts and shares.
- :func:`coverage_heatmap`: traditions x oppositions, passages and words
  (:func:`standpoint.topics.attribution.coverage`), two panels.
- :func:`theme_matrix` and :func:`theme_heatmap`: how often each tradition's hand
  annotations code each theme, as a share of the tradition's annotations.
- :func:`stance_heatmap`: one or more traditions x oppositions panels of a balance in
  [-1, 1] on a diverging scale (blue: praise, red: blame), NaN hatched ("nothing to judge").
- :func:`keyness_figure`: one panel per tradition, its most over-used terms by G2
  (:func:`standpoint.terms.contrast.keyness`), significant terms solid, the others hatched.

Tick labels that are traditions are written bold in the tradition's colour everywhere.
matplotlib is imported when a function is called, not when ``standpoint`` is imported.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd

from standpoint.render.colours import GREY as _GREY
from standpoint.render.colours import MISSING as _MISSING
from standpoint.render.colours import blend, colour_ticks, text_colour
from standpoint.render.keyness_bars import keyness_figure

_DIVERGING = "RdBu"


def _fmt(value: float, fmt: str) -> str:
    return fmt.format(value)


def _draw_tradition_grid(ax, values: pd.DataFrame, colours: dict[str, str], *, axis: str,
                         vmax: float | None, fmt: str, fontsize: float,
                         xticklabels=None, yticklabels=None) -> None:
    """Fill ``ax`` with the cells of ``values`` (see :func:`tradition_heatmap`)."""
    from matplotlib.patches import Rectangle

    data = values.to_numpy(dtype=float)
    n_rows, n_cols = data.shape
    finite = data[np.isfinite(data)]
    top = float(vmax) if vmax is not None else (float(finite.max()) if finite.size else 1.0)
    top = top if top > 0 else 1.0
    for i in range(n_rows):
        for j in range(n_cols):
            v = data[i, j]
            tradition = str(values.index[i] if axis == "rows" else values.columns[j])
            colour = colours.get(tradition, _GREY)
            if not np.isfinite(v):
                ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, facecolor=_MISSING,
                                       edgecolor="white", hatch="///", linewidth=0.5))
                ax.text(j, i, "–", ha="center", va="center", color=_GREY, fontsize=fontsize)
                continue
            fill = blend(colour, 0.12 + 0.88 * v / top) if v > 0 else (1.0, 1.0, 1.0)
            ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, facecolor=fill,
                                   edgecolor="#dddddd", linewidth=0.5))
            ax.text(j, i, _fmt(v, fmt), ha="center", va="center", fontsize=fontsize,
                    color=text_colour(fill) if v > 0 else _GREY)
    ax.set_xlim(-0.5, n_cols - 0.5)
    ax.set_ylim(n_rows - 0.5, -0.5)
    ax.set_xticks(range(n_cols), labels=xticklabels if xticklabels is not None
                  else [str(c) for c in values.columns], rotation=30, ha="right",
                  rotation_mode="anchor")
    ax.set_yticks(range(n_rows), labels=yticklabels if yticklabels is not None
                  else [str(r) for r in values.index])
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    colour_ticks(ax.get_xticklabels() if axis == "columns" else ax.get_yticklabels(), colours)


# ------------------------------------------------------------------ heatmaps ----

def tradition_heatmap(values: pd.DataFrame, colours: dict[str, str], *, axis: str = "rows",
                      title: str = "", xlabel: str = "", ylabel: str = "",
                      fmt: str = "{:,.0f}", vmax: float | None = None,
                      cell_size: tuple[float, float] = (0.9, 0.45), fontsize: float = 9,
                      xticklabels=None, yticklabels=None):
    """A heatmap whose rows (``axis="rows"``) or columns (``axis="columns"``) are traditions:
    each cell is filled from white towards its tradition's colour in proportion to its value
    (``vmax``: the value of a full colour, default the table's maximum), and the value is
    written in it with ``fmt``. A zero is a white cell with a grey ``0`` (silence is
    visible); NaN is a hatched grey cell with a dash. Tradition tick labels are bold, in
    their colour. ``cell_size`` (inches) sets the figure size from the table's shape.

    Example:
        >>> t = pd.DataFrame({"x": [3, 0], "y": [1, float("nan")]}, index=["icc", "academic"])
        >>> fig = tradition_heatmap(t, {"icc": "#D55E00", "academic": "#009E73"}, title="t")
        >>> ax = fig.axes[0]
        >>> [x.get_text() for x in ax.texts], [x.get_color() for x in ax.get_yticklabels()]
        (['3', '1', '0', '–'], ['#D55E00', '#009E73'])
    """
    if axis not in ("rows", "columns"):
        raise ValueError(f"axis must be 'rows' or 'columns', not {axis!r}")
    from standpoint.render.plots import new_figure

    n_rows, n_cols = values.shape
    width = max(3.5, cell_size[0] * n_cols + 2.2)
    height = max(2.0, cell_size[1] * n_rows + 1.6)
    fig, ax = new_figure(width, height)
    _draw_tradition_grid(ax, values, colours, axis=axis, vmax=vmax, fmt=fmt, fontsize=fontsize,
                         xticklabels=xticklabels, yticklabels=yticklabels)
    ax.set_title(title, loc="left", fontsize=11)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    fig.tight_layout()
    return fig


def coverage_heatmap(coverage: pd.DataFrame, colours: dict[str, str], *,
                     names: dict[str, str] | None = None, title: str | None = None):
    """Traditions x oppositions, two panels: authorial passages about each opposition and
    their words. ``coverage``: :func:`standpoint.topics.attribution.coverage` (columns
    ``("passages", opposition)`` and ``("words", opposition)``); ``names``: opposition id ->
    display name for the column labels (default the ids). Each panel is scaled to its own
    maximum; a zero cell (a tradition silent about a group) is white with a grey ``0``.

    Example:
        >>> cols = pd.MultiIndex.from_product([["passages", "words"], ["a", "b"]])
        >>> cov = pd.DataFrame([[2, 0, 300, 0], [1, 4, 90, 700]], index=["icc", "academic"],
        ...                    columns=cols)
        >>> fig = coverage_heatmap(cov, {"icc": "#D55E00", "academic": "#009E73"})
        >>> [ax.get_title(loc="left") for ax in fig.axes]
        ['Authorial passages about each opposition', 'Their words']
        >>> [t.get_text() for t in fig.axes[1].texts]
        ['300', '0', '90', '700']
    """
    from matplotlib.figure import Figure

    passages = coverage["passages"]
    words = coverage["words"]
    labels = [(names or {}).get(str(c), str(c)) for c in passages.columns]
    n_rows, n_cols = passages.shape
    fig = Figure(figsize=(max(6.0, 0.95 * n_cols + 2.4), 2 * (0.42 * n_rows + 0.6) + 1.9), dpi=100)
    axes = fig.subplots(2, 1, sharex=True)
    panels = [(axes[0], passages, "Authorial passages about each opposition", "{:,.0f}"),
              (axes[1], words, "Their words", "{:,.0f}")]
    for ax, table, panel_title, fmt in panels:
        _draw_tradition_grid(ax, table, colours, axis="rows", vmax=None, fmt=fmt, fontsize=8.5,
                             xticklabels=labels)
        ax.set_title(panel_title, loc="left", fontsize=10)
    axes[0].tick_params(axis="x", labelbottom=False)
    fig.suptitle(title or "Who writes about which opposition (topic attribution)",
                 x=0.02, ha="left", fontsize=11)
    fig.tight_layout()
    return fig


def theme_matrix(annotations: pd.DataFrame, traditions: list[str],
                 themes: list[str] | None = None) -> pd.DataFrame:
    """Themes x traditions: in how many of each tradition's hand annotations each theme is
    coded (an annotation with two themes counts for both). ``annotations``:
    :func:`standpoint.corpus.annotations.load_annotations` rows (``tradition``, ``themes`` lists).
    Rows in ``themes`` order (default: most coded first, ties alphabetical), columns in
    ``traditions`` order; zeros included. ``attrs["annotations"]`` holds each tradition's
    number of annotations (the denominator of a share).

    Example:
        >>> a = pd.DataFrame({"tradition": ["icc", "icc", "academic"],
        ...                   "themes": [["bureaucracy", "trade-unions"], ["bureaucracy"],
        ...                              ["trade-unions"]]})
        >>> m = theme_matrix(a, ["icc", "academic"])
        >>> m  # doctest: +NORMALIZE_WHITESPACE
        tradition     icc  academic
        theme
        bureaucracy     2         0
        trade-unions    1         1
        >>> m.attrs["annotations"]
        {'icc': 2, 'academic': 1}
    """
    counts: dict[str, Counter] = {t: Counter() for t in traditions}
    for tradition, codes in zip(annotations["tradition"], annotations["themes"]):
        if tradition in counts:
            counts[tradition].update(codes)
    total = Counter()
    for c in counts.values():
        total.update(c)
    if themes is None:
        themes = sorted(total, key=lambda t: (-total[t], t))
    frame = pd.DataFrame({t: [counts[t].get(th, 0) for th in themes] for t in traditions},
                         index=pd.Index(list(themes), name="theme"), dtype="int64")
    frame.columns.name = "tradition"
    frame.attrs["annotations"] = {t: int((annotations["tradition"] == t).sum()) for t in traditions}
    return frame


def theme_heatmap(matrix: pd.DataFrame, colours: dict[str, str], *, title: str | None = None):
    """A :func:`theme_matrix` as shares: each cell is the share of the tradition's
    annotations that code the theme (colour and label), columns in tradition colours with the
    number of annotations under the name. A tradition without annotations gets NaN cells.

    Example:
        >>> m = pd.DataFrame({"icc": [2, 1], "academic": [0, 1]},
        ...                  index=pd.Index(["bureaucracy", "trade-unions"], name="theme"))
        >>> m.attrs["annotations"] = {"icc": 2, "academic": 1}
        >>> fig = theme_heatmap(m, {"icc": "#D55E00", "academic": "#009E73"})
        >>> [t.get_text() for t in fig.axes[0].texts]
        ['100%', '0%', '50%', '100%']
        >>> [t.get_text() for t in fig.axes[0].get_xticklabels()]
        ['icc\\n(n=2)', 'academic\\n(n=1)']
    """
    n = matrix.attrs.get("annotations") or {t: int(matrix[t].sum()) for t in matrix.columns}
    shares = pd.DataFrame({t: (matrix[t] / n[t] if n.get(t) else np.nan) for t in matrix.columns},
                          index=matrix.index)
    labels = [f"{t}\n(n={n.get(t, 0)})" for t in matrix.columns]
    fig = tradition_heatmap(
        shares * 100, colours, axis="columns", fmt="{:.0f}%", vmax=None,
        cell_size=(1.15, 0.36), fontsize=8.5, xticklabels=labels,
        title=title or "Themes coded, as a share of each tradition's annotations",
        ylabel="codebook theme")
    ax = fig.axes[0]
    ax.set_xticks(range(len(labels)), labels=labels, rotation=0, ha="center")
    ax.xaxis.tick_top()
    ax.set_title(ax.get_title(loc="left"), loc="left", fontsize=10, pad=34)
    colour_ticks(ax.get_xticklabels(), colours)
    fig.tight_layout()
    return fig


def stance_heatmap(panels, colours: dict[str, str], *, counts=None,
                   names: dict[str, str] | None = None, title: str | None = None,
                   count_label: str = "n"):
    """Traditions x oppositions on a diverging scale from -1 (red: criticises) to +1
    (blue: endorses); NaN (nothing judged) is a hatched grey cell with a dash.

    ``panels``: one DataFrame (rows traditions, columns oppositions, values in [-1, 1]) or a
    dict ``panel title -> DataFrame`` (drawn one under the other, same rows and columns).
    ``counts``: matching DataFrame(s) of the number of passages behind each value, written
    under it as ``n=…``. ``names``: opposition id -> column label. One colour bar.

    Example:
        >>> b = pd.DataFrame({"x": [-0.5, float("nan")], "y": [1.0, 0.0]},
        ...                  index=["icc", "anarchist"])
        >>> n = pd.DataFrame({"x": [4, 0], "y": [1, 2]}, index=["icc", "anarchist"])
        >>> fig = stance_heatmap({"lexicon": b}, {"icc": "#D55E00", "anarchist": "#333333"},
        ...                      counts={"lexicon": n})
        >>> [t.get_text() for t in fig.axes[0].texts]
        ['−0.50\\nn=4', '+1.00\\nn=1', '–', '+0.00\\nn=2']
    """
    from matplotlib import colormaps
    from matplotlib.cm import ScalarMappable
    from matplotlib.colors import Normalize
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    if isinstance(panels, pd.DataFrame):
        panels = {"": panels}
        counts = {"": counts} if counts is not None else None
    panels = dict(panels)
    first = next(iter(panels.values()))
    n_rows, n_cols = first.shape
    labels = [(names or {}).get(str(c), str(c)) for c in first.columns]
    cmap = colormaps[_DIVERGING]
    norm = Normalize(-1.0, 1.0)
    panel_h = 0.5 * n_rows + 0.5
    fig = Figure(figsize=(max(6.5, 1.05 * n_cols + 3.4), len(panels) * panel_h + 2.0), dpi=100,
                 layout="constrained")
    axes = fig.subplots(len(panels), 1, sharex=True, squeeze=False)[:, 0]
    for k, (ax, (panel_title, values)) in enumerate(zip(axes, panels.items())):
        data = values.to_numpy(dtype=float)
        cnt = None
        if counts is not None and counts.get(panel_title) is not None:
            cnt = counts[panel_title].reindex(index=values.index, columns=values.columns).to_numpy()
        for i in range(n_rows):
            for j in range(n_cols):
                v = data[i, j]
                if not np.isfinite(v):
                    ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, facecolor=_MISSING,
                                           edgecolor="white", hatch="///", linewidth=0.5))
                    ax.text(j, i, "–", ha="center", va="center", color=_GREY, fontsize=9)
                    continue
                fill = cmap(norm(v))
                ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, facecolor=fill,
                                       edgecolor="white", linewidth=0.5))
                label = f"{v:+.2f}".replace("-", "−")
                if cnt is not None and not pd.isna(cnt[i, j]):
                    label += f"\n{count_label}={int(cnt[i, j])}"
                ax.text(j, i, label, ha="center", va="center", fontsize=7.5,
                        color=text_colour(fill), linespacing=1.1)
        ax.set_xlim(-0.5, n_cols - 0.5)
        ax.set_ylim(n_rows - 0.5, -0.5)
        ax.set_yticks(range(n_rows), labels=[str(r) for r in values.index])
        ax.set_xticks(range(n_cols), labels=labels, rotation=30, ha="right",
                      rotation_mode="anchor")
        ax.tick_params(length=0)
        if k < len(panels) - 1:
            ax.tick_params(axis="x", labelbottom=False)
        for spine in ax.spines.values():
            spine.set_visible(False)
        colour_ticks(ax.get_yticklabels(), colours)
        if panel_title:
            ax.set_title(panel_title, loc="left", fontsize=10)
    bar = fig.colorbar(ScalarMappable(norm=norm, cmap=cmap), ax=list(axes), shrink=0.8,
                       fraction=0.04)
    bar.set_ticks([-1, 0, 1], labels=["−1 criticises", "0", "+1 endorses"])
    fig.suptitle(title or "How each tradition judges each opposition", x=0.02, ha="left",
                 fontsize=11)
    return fig


__all__ = ["blend", "text_colour", "colour_ticks", "tradition_heatmap", "coverage_heatmap",
           "theme_matrix", "theme_heatmap", "stance_heatmap", "keyness_figure"]
