"""HTML from templates: one Jinja2 environment for every page and fragment the project writes
(the comparison table, the handouts, the report's index), with one escaping rule: every value
is escaped on output (autoescape), so no template or caller escapes by hand.
"""

from __future__ import annotations

import functools


@functools.lru_cache(maxsize=1)
def environment():
    """The Jinja2 environment of ``standpoint/render/templates`` (autoescaped, strict about
    undefined names, no trailing newline added or removed).

    Example:
        >>> environment().from_string("<p>{{ x }}</p>").render(x="a < b")
        '<p>a &lt; b</p>'
    """
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("standpoint.render", "templates"),
        autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
        trim_blocks=True, lstrip_blocks=True)
