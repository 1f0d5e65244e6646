"""The keyness figure: what each tradition over-uses, as bars of G2 in its colour
(significant terms solid, the others hatched and pale).

matplotlib is imported when the function is called, not when ``standpoint`` is imported.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from standpoint.render.colours import GREY as _GREY
from standpoint.render.colours import blend


def keyness_figure(keyness_df: pd.DataFrame, colours: dict[str, str], *, top: int = 8,
                   order: list[str] | None = None, title: str | None = None):
    """What each tradition over-uses: one panel per tradition in ``keyness_df``
    (:func:`standpoint.terms.contrast.keyness`), its ``top`` over-used terms (``direction ==
    "over"``, by rank) as bars of G2 in the tradition's colour; a significant term (after
    correction and the dispersion rule) is solid, a term that is not is hatched and pale.
    The log ratio is written at the end of each bar. ``order``: the traditions (default the
    order of ``keyness_df``); a tradition without rows is left out.

    Example:
        >>> k = pd.DataFrame({"tradition": ["icc", "icc", "academic"], "term": ["a", "b", "c"],
        ...                   "direction": "over", "rank": [1, 2, 1], "g2": [12.0, 3.0, 9.0],
        ...                   "log_ratio": [2.5, 1.0, 3.0], "significant": [True, False, True]})
        >>> fig = keyness_figure(k, {"icc": "#D55E00", "academic": "#009E73"})
        >>> [ax.get_title() for ax in fig.axes], [p.get_hatch() for p in fig.axes[0].patches]
        (['icc', 'academic'], [None, '///'])
    """
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    by = keyness_df.columns[0]
    groups = [g for g in (order or list(pd.unique(keyness_df[by])))
              if ((keyness_df[by] == g) & (keyness_df["direction"] == "over")).any()]
    if not groups:
        raise ValueError("keyness_figure: no over-used terms to draw")
    fig = Figure(figsize=(max(7.0, 3.1 * len(groups)), 0.32 * top + 2.0), dpi=100)
    axes = fig.subplots(1, len(groups), squeeze=False)[0]
    gmax = float(keyness_df.loc[keyness_df["direction"] == "over", "g2"].max())
    for ax, g in zip(axes, groups):
        rows = keyness_df[(keyness_df[by] == g) & (keyness_df["direction"] == "over")]
        rows = rows.sort_values(["rank", "term"]).head(top)
        colour = colours.get(g, _GREY)
        y = np.arange(len(rows))
        sig = rows["significant"].astype(bool).to_numpy()
        ax.barh(y, rows["g2"], color=[colour if s else blend(colour, 0.3) for s in sig],
                hatch=None, edgecolor=colour, linewidth=0.6)
        for bar, s in zip(ax.patches, sig):
            if not s:
                bar.set_hatch("///")
        for yy, (g2, lr) in enumerate(zip(rows["g2"], rows["log_ratio"])):
            ax.text(g2 + gmax * 0.02, yy, f"{lr:.1f}", va="center", fontsize=7.5, color="#444444")
        ax.set_yticks(y, labels=list(rows["term"]), fontsize=8.5)
        ax.set_ylim(top - 0.5, -0.5)
        ax.set_xlim(0, gmax * 1.25)
        ax.set_title(str(g), color=colour, fontweight="bold", fontsize=10)
        ax.set_xlabel("G2", fontsize=8.5)
        ax.tick_params(axis="x", labelsize=8)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
    handles = [Patch(facecolor="#777777", edgecolor="#777777", label="significant"),
               Patch(facecolor=blend("#777777", 0.3), edgecolor="#777777", hatch="///",
                     label="not significant")]
    fig.legend(handles=handles, loc="lower center", ncol=2, fontsize=8, frameon=False,
               bbox_to_anchor=(0.5, 0.0))
    fig.suptitle(title or "Over-used terms (bars: G2; number: log ratio)", x=0.02, ha="left",
                 fontsize=11)
    fig.tight_layout(rect=(0, 0.06, 1, 1))
    return fig



__all__ = ["keyness_figure"]
