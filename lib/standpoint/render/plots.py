"""Figures. Every figure takes the tradition colours from the corpus (``corpus.colours``), so a
tradition has the same colour everywhere. Functions return a matplotlib ``Figure`` made
without pyplot (in a notebook, make it the cell's last expression to show it).

matplotlib is imported when a function is called, not when ``standpoint`` is imported.
"""

from __future__ import annotations

import pandas as pd


def new_figure(width: float, height: float):
    """A matplotlib ``Figure`` and its axes, made without pyplot: no global figure manager,
    so a notebook cell shows the figure once (as the cell's value) and nothing leaks.

    Example:
        >>> fig, ax = new_figure(4, 3)
        >>> fig.get_size_inches().tolist()
        [4.0, 3.0]
    """
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=100)
    return fig, fig.add_subplot()


def voice_share_figure(documents: pd.DataFrame, colours: dict[str, str]):
    """Horizontal bars, one per document: the share of its passage text in the author's own
    voice (solid, tradition colour) and in other people's words (hatched).

    ``documents`` is :func:`standpoint.segment.describe.document_table`'s output.

    Example:
        >>> from standpoint import load_corpus, passages
        >>> from standpoint.segment.describe import document_table
        >>> c = load_corpus()
        >>> fig = voice_share_figure(document_table(c, passages(c)), c.colours)
        >>> len(fig.axes[0].patches)
        10
    """
    fig, ax = new_figure(8, 0.6 * len(documents) + 1.6)
    labels = list(documents["doc_id"])
    own = 1 - documents["quoted_char_share"]
    other = documents["quoted_char_share"]
    colour = [colours[t] for t in documents["tradition"]]
    ax.barh(labels, own, color=colour, label="author's own voice")
    ax.barh(labels, other, left=own, color=colour, alpha=0.35, hatch="//",
            label="quotations of others")
    for y, (o, q) in enumerate(zip(own, other)):
        ax.text(o / 2, y, f"{o:.0%}", va="center", ha="center", color="white", fontsize=9)
        ax.text(o + q / 2, y, f"{q:.0%}", va="center", ha="center", fontsize=9)
    ax.set_xlim(0, 1)
    ax.invert_yaxis()
    ax.set_xlabel("share of the document's passage characters")
    ax.set_title("Authorial voice vs quotation, per text")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=2, fontsize=8, frameon=False)
    fig.tight_layout()
    return fig


def length_figure(passages: pd.DataFrame, colours: dict[str, str], order: list[str]):
    """Box plot of authorial passage length (words) per tradition, in tradition colours.

    Example:
        >>> import pandas as pd
        >>> p = pd.DataFrame({"tradition": ["icc", "academic"], "voice": ["author"] * 2,
        ...                   "n_words": [100, 200]})
        >>> fig = length_figure(p, {"icc": "#D55E00", "academic": "#009E73"}, ["icc", "academic"])
        >>> fig.axes[0].get_xlabel()
        'words per authorial passage'
    """
    own = passages[passages["voice"] == "author"]
    order = [t for t in order if t in set(own["tradition"])]
    data = [own.loc[own["tradition"] == t, "n_words"].to_numpy() for t in order]
    fig, ax = new_figure(8, 0.55 * len(order) + 1.2)
    box = ax.boxplot(data, orientation="horizontal", patch_artist=True, tick_labels=order, widths=0.6)
    for patch, t in zip(box["boxes"], order):
        patch.set_facecolor(colours[t])
        patch.set_alpha(0.8)
    for median in box["medians"]:
        median.set_color("black")
    ax.invert_yaxis()
    ax.set_xlabel("words per authorial passage")
    ax.set_title("Passage length per tradition")
    fig.tight_layout()
    return fig


def confusion_figure(confusion: pd.DataFrame, colours: dict[str, str], title: str = ""):
    """A confusion matrix (rows true, columns predicted) as a heatmap; row labels in the
    tradition colours. Cells show counts.

    Example:
        >>> import pandas as pd
        >>> cm = pd.DataFrame([[3, 1], [0, 4]], index=["icc", "academic"],
        ...                   columns=["icc", "academic"])
        >>> fig = confusion_figure(cm, {"icc": "#D55E00", "academic": "#009E73"}, "t")
        >>> fig.axes[0].get_title()
        't'
    """
    fig, ax = new_figure(4.2 + 0.4 * len(confusion.columns), 3.6)
    values = confusion.to_numpy()
    totals = values.sum(axis=1, keepdims=True)
    shares = values / totals.clip(min=1)
    ax.imshow(shares, cmap="Greys", vmin=0, vmax=1)
    ax.set_xticks(range(len(confusion.columns)), list(confusion.columns), rotation=30, ha="right")
    ax.set_yticks(range(len(confusion.index)), list(confusion.index))
    for label in ax.get_yticklabels():
        label.set_color(colours.get(label.get_text(), "black"))
        label.set_fontweight("bold")
    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            ax.text(j, i, str(values[i, j]), ha="center", va="center",
                    color="white" if shares[i, j] > 0.5 else "black", fontsize=9)
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    ax.set_title(title)
    fig.tight_layout()
    return fig


def tradeoff_figure(curves: dict[str, pd.DataFrame], default: float | None = None):
    """The abstention's trade-off for each model (``name -> curve``, one row per operating
    point with ``target``, ``false_attribution``, ``recognised``, ``coverage`` and
    ``closed_precision``, as :func:`standpoint.tagger.evaluation.curve` gives it): left,
    recognition of held-out documents of known traditions against false attribution on
    traditions absent from training; right, precision of verdicts on held-out documents of
    known traditions against coverage. ``default``: the target marked on the first model.

    Example:
        >>> c = pd.DataFrame({"target": [0.1, 0.5], "false_attribution": [0.05, 0.3],
        ...                   "recognised": [0.2, 0.4], "coverage": [0.1, 0.4],
        ...                   "closed_precision": [0.9, 0.8]})
        >>> [ax.get_xlabel() for ax in tradeoff_figure({"m": c}, 0.5).axes]
        ['false attribution (absent traditions)', 'coverage (share given a verdict)']
    """
    from matplotlib.figure import Figure

    fig = Figure(figsize=(9, 3.6), dpi=100)
    left, right = fig.subplots(1, 2)
    for i, (name, curve) in enumerate(curves.items()):
        rows = curve.sort_values("coverage")
        style = {"marker": "o", "markersize": 3, "linewidth": 2 if i == 0 else 1, "label": name}
        left.plot(rows["false_attribution"], rows["recognised"], **style)
        right.plot(rows["coverage"], rows["closed_precision"], **style)
        if i == 0 and default is not None and (curve["target"] == default).any():
            point = curve[curve["target"] == default].iloc[0]
            left.plot([point["false_attribution"]], [point["recognised"]], "k*", markersize=12)
            right.plot([point["coverage"]], [point["closed_precision"]], "k*", markersize=12)
    left.set_xlabel("false attribution (absent traditions)")
    left.set_ylabel("recognised (known traditions)")
    right.set_xlabel("coverage (share given a verdict)")
    right.set_ylabel("precision (known traditions)")
    for ax in (left, right):
        ax.set_xlim(0, 1.02)
        ax.set_ylim(0, 1.02)
        ax.grid(alpha=0.3)
    left.legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    return fig
