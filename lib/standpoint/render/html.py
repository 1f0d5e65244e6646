"""HTML pages from Jinja2 templates, with one escaping rule.

Every page standpoint writes itself (the report's index; the comparison table and the handouts
as they move here) is a template in ``standpoint/render/templates/`` rendered through
:func:`environment`. It autoescapes everything a template prints, always the same way:
:func:`escape`, which is the standard library's ``html.escape(text, quote=True)`` (``&``, ``<``,
``>``, ``"`` and ``'`` become ``&amp;``, ``&lt;``, ``&gt;``, ``&quot;`` and ``&#x27;``), whether
the value is printed with ``{{ value }}``, the ``e``/``escape`` filter or ``join``. A value that
is already HTML (it has ``__html__``, e.g. a :class:`markupsafe.Markup`) is printed as it is. A
name the template uses but the caller did not give is an error, never an empty string.
"""

from __future__ import annotations

import functools
import html
from pathlib import Path
from typing import Any, Iterable

import jinja2
from markupsafe import Markup

#: The folder of the templates (shipped with the package).
TEMPLATES = Path(__file__).resolve().parent / "templates"


def escape(value: Any) -> Markup:
    """``value`` as HTML text: ``str(value)`` with ``&``, ``<``, ``>``, ``"`` and ``'`` escaped
    (``html.escape`` with ``quote=True``), or unchanged if it is already HTML (``__html__``).

    Example:
        >>> str(escape("Workers' <Opposition> & \\"Truth\\""))
        'Workers&#x27; &lt;Opposition&gt; &amp; &quot;Truth&quot;'
        >>> str(escape(Markup("<br>"))), str(escape(None))
        ('<br>', 'None')
    """
    if hasattr(value, "__html__"):
        return Markup(value.__html__())
    return Markup(html.escape(str(value), quote=True))


def join(values: Iterable[Any], separator: str = "") -> Markup:
    """The ``join`` filter: each value and the separator escaped (:func:`escape`), then joined.

    Example:
        >>> str(join(["Workers' Truth", "<b>"], ", "))
        'Workers&#x27; Truth, &lt;b&gt;'
    """
    return Markup(escape(separator).join(escape(v) for v in values))


@functools.cache
def environment() -> jinja2.Environment:
    """The Jinja2 environment of standpoint's templates (one, shared): templates from
    :data:`TEMPLATES`, autoescaped with :func:`escape`, undefined names an error, block tags
    taking their own line with them (``trim_blocks``, ``lstrip_blocks``) and a template's final
    newline kept.

    Example:
        >>> page = environment().from_string("<p>{{ who }} · {{ names | join(', ') }}</p>")
        >>> page.render(who="Workers' Opposition", names=["Shlyapnikov", "<Kollontai>"])
        '<p>Workers&#x27; Opposition · Shlyapnikov, &lt;Kollontai&gt;</p>'
        >>> environment().from_string("{{ missing }}").render()
        Traceback (most recent call last):
        ...
        jinja2.exceptions.UndefinedError: 'missing' is undefined
    """
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        finalize=escape,  # every {{ value }}: escaped here, so autoescape leaves it as it is
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["e"] = env.filters["escape"] = escape
    env.filters["join"] = join
    return env
