"""The explorer's controls (ipywidgets) around its views (:mod:`standpoint.render.explore_views`).

Each explorer shows one view as an ordinary HTML output (a display with an id) for a default
selection; in an interactive session the controls are shown above it and every change of a
control updates that same output in place. A run without a reader (nbclient, nbval,
papermill: the report and the tests) shows the HTML output alone, with a note saying it is a
static view: a notebook file then holds a view that reads without a kernel, and no widget that
would need one (:func:`interactive_frontend` tells the two apart).

Example (outside a notebook nothing is displayed; the explorer still works)::

    data = explore_data()
    explorer = opposition_explorer(data, "left-opposition", interactive=True)
    explorer.controls["opposition"].value = "workers-group"   # explorer.html is updated
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from standpoint.explore import CORPUS_SCOPE, ExploreData
from standpoint.render.explore_views import (
    EXAMPLE_PASSAGE,
    opposition_view,
    tagger_view,
    term_view,
)

#: what a static view says about itself
STATIC_NOTE = ("A static view of a default selection. Run this notebook in JupyterLab "
               "(make lab) to choose the opposition, the traditions, the term or the passage.")


def interactive_frontend() -> bool:
    """Whether the cell running now was sent by a frontend a reader is using: a kernel whose
    current request allows input (``allow_stdin``, which JupyterLab, Notebook and VS Code set
    and the batch runners nbclient, nbval and papermill do not). ``False`` outside a kernel.

    Example:
        >>> interactive_frontend()
        False
    """
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with ipykernel
        return False
    shell = get_ipython()
    kernel = getattr(shell, "kernel", None)
    if kernel is None or not hasattr(kernel, "get_parent"):
        return False
    parent = kernel.get_parent() or {}
    return bool((parent.get("content") or {}).get("allow_stdin", False))


@dataclass(eq=False)
class Explorer:
    """One explorer: its controls (by name), the function from their values to the view's
    HTML, and the HTML shown now.

    Attributes:
        controls: control name -> ipywidgets widget.
        render: ``render(**values) -> html``.
        html: the HTML shown now (updated on every change).
        interactive: whether the controls are shown (see :func:`interactive_frontend`).
    """

    controls: dict[str, Any]
    render: Callable[..., str]
    html: str = ""
    interactive: bool = False
    _handle: Any = field(default=None, repr=False)

    def values(self) -> dict[str, Any]:
        """The controls' current values (buttons have none)."""
        return {name: w.value for name, w in self.controls.items() if hasattr(w, "value")}

    def refresh(self, *_: Any) -> str:
        """Render the view for the current values and show it in place; return its HTML."""
        self.html = self.render(**self.values())
        if self._handle is not None:
            from IPython.display import HTML

            self._handle.update(HTML(self.html))
        return self.html

    def show(self, layout: Any) -> Explorer:
        """Display ``layout`` (the controls) when interactive, then the view; each change of
        a control (or a click of a button) refreshes the view."""
        from IPython import get_ipython
        from IPython.display import HTML, display

        self.html = self.render(**self.values())
        if get_ipython() is not None:  # outside IPython there is nowhere to show it
            if self.interactive:
                display(layout)
            self._handle = display(HTML(self.html), display_id=True)
        for w in self.controls.values():
            if hasattr(w, "on_click"):
                w.on_click(self.refresh)
            else:
                w.observe(self.refresh, names="value")
        return self


def _interactive(interactive: bool | None) -> bool:
    return interactive_frontend() if interactive is None else bool(interactive)


def opposition_explorer(data: ExploreData, opposition: str = "workers-opposition",
                        traditions=None, *, limit: int = 5,
                        interactive: bool | None = None) -> Explorer:
    """Choose an opposition and traditions (and how many passages of each), see the comparison
    rows and the passages about it (:func:`~standpoint.render.explore_views.opposition_view`).

    Example:
        >>> from standpoint.explore import explore_data
        >>> e = opposition_explorer(explore_data(), "workers-group", interactive=False)
        >>> before = e.html
        >>> e.controls["opposition"].value = "left-communists"
        >>> e.html != before and 'data-selection="left-communists"' in e.html
        True
    """
    import ipywidgets as w

    interactive = _interactive(interactive)
    names = data.opposition_names
    controls = {
        "opposition": w.Dropdown(options=[(names[o], o) for o in data.oppositions],
                                 value=opposition, description="opposition"),
        "traditions": w.SelectMultiple(
            options=[(data.tradition_names[t], t) for t in data.traditions],
            value=tuple(data.check_traditions(traditions)), description="traditions",
            rows=len(data.traditions)),
        "limit": w.BoundedIntText(value=limit, min=1, max=200, description="passages",
                                  tooltip="passages shown per tradition"),
        "quotations": w.Checkbox(value=True, description="quotations and notes too"),
    }

    def render(opposition, traditions, limit, quotations):
        return opposition_view(data, opposition, list(traditions), limit=limit,
                               voices=None if quotations else ["author"],
                               note="" if interactive else STATIC_NOTE)

    layout = w.VBox([w.HBox([controls["opposition"], controls["traditions"]]),
                     w.HBox([controls["limit"], controls["quotations"]])])
    return Explorer(controls, render, interactive=interactive).show(layout)


def term_explorer(data: ExploreData, term: str = "bureaucracy", scope: str = CORPUS_SCOPE, *,
                  limit: int = 8, interactive: bool | None = None) -> Explorer:
    """Type a term (and choose where to count it), see its keyness by tradition and its lines
    in context (:func:`~standpoint.render.explore_views.term_view`).

    Example:
        >>> from standpoint.explore import explore_data
        >>> e = term_explorer(explore_data(), "soviets", interactive=False)
        >>> e.controls["term"].value = "fraction"
        >>> 'data-selection="fraction"' in e.html
        True
    """
    import ipywidgets as w

    interactive = _interactive(interactive)
    names = data.opposition_names
    controls = {
        "term": w.Text(value=term, description="term", continuous_update=False),
        "scope": w.Dropdown(options=[("the whole corpus", CORPUS_SCOPE)]
                            + [(f"passages about the {names[o]}", o) for o in data.oppositions],
                            value=scope, description="counted in"),
        "limit": w.BoundedIntText(value=limit, min=1, max=500, description="lines"),
    }

    def render(term, scope, limit):
        return term_view(data, term, scope, limit=limit, note="" if interactive else STATIC_NOTE)

    layout = w.HBox([controls["term"], controls["scope"], controls["limit"]])
    return Explorer(controls, render, interactive=interactive).show(layout)


def tagger_explorer(data: ExploreData, text: str = EXAMPLE_PASSAGE, *, top: int = 8,
                    interactive: bool | None = None) -> Explorer:
    """Paste a passage and press the button: the tagger's verdict on each of its passages and
    the terms behind it (:func:`~standpoint.render.explore_views.tagger_view`).

    Example:
        >>> from standpoint.explore import explore_data
        >>> e = tagger_explorer(explore_data(), "   ", interactive=False)
        >>> "Paste a passage" in e.html
        True
    """
    import ipywidgets as w

    interactive = _interactive(interactive)
    controls = {
        "text": w.Textarea(value=text, description="passage", continuous_update=False,
                           layout=w.Layout(width="90%", height="8em")),
        "tag": w.Button(description="Tag it", button_style="primary"),
    }

    def render(text):
        return tagger_view(data, text, top=top, note="" if interactive else STATIC_NOTE)

    layout = w.VBox([controls["text"], controls["tag"]])
    return Explorer(controls, render, interactive=interactive).show(layout)
