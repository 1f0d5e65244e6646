"""Colour helpers shared by the figures: blends towards a tradition's colour, readable text on
a fill, tradition tick labels in their colour."""

from __future__ import annotations

import numpy as np

GREY = "#999999"  # a tradition without a colour
MISSING = "#eeeeee"  # a missing cell


def _rgb(colour: str) -> np.ndarray:
    from matplotlib.colors import to_rgb

    return np.array(to_rgb(colour))


def blend(colour: str, intensity: float) -> tuple[float, float, float]:
    """White blended towards ``colour``: ``intensity`` 0 is white, 1 the colour itself
    (clipped to [0, 1]).

    Example:
        >>> blend("#D55E00", 0.0), tuple(round(x, 3) for x in blend("#D55E00", 1.0))
        ((1.0, 1.0, 1.0), (0.835, 0.369, 0.0))
    """
    t = min(max(float(intensity), 0.0), 1.0)
    white = np.ones(3)
    return tuple(float(x) for x in white + t * (_rgb(colour) - white))


def text_colour(rgb) -> str:
    """``'white'`` on a dark fill, ``'black'`` on a light one (relative luminance < 0.45).

    Example:
        >>> text_colour((0.2, 0.2, 0.2)), text_colour((1.0, 1.0, 1.0))
        ('white', 'black')
    """
    r, g, b = (float(x) for x in list(rgb)[:3])
    return "white" if 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.45 else "black"


def colour_ticks(labels, colours: dict[str, str]) -> None:
    """Write tick labels that are traditions bold in their colour (others stay as they are).

    Example:
        >>> from standpoint.render.plots import new_figure
        >>> fig, ax = new_figure(3, 2)
        >>> ax.set_xticks([0, 1], labels=["icc", "other"])  # doctest: +ELLIPSIS
        [...]
        >>> colour_ticks(ax.get_xticklabels(), {"icc": "#D55E00"})
        >>> [(t.get_color(), t.get_fontweight()) for t in ax.get_xticklabels()]
        [('#D55E00', 'bold'), ('black', 'normal')]
    """
    for tick in labels:
        key = tick.get_text().split("\n")[0]
        if key in colours:
            tick.set_color(colours[key])
            tick.set_fontweight("bold")


__all__ = ["GREY", "MISSING", "blend", "colour_ticks", "text_colour"]
