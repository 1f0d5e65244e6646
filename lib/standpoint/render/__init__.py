"""Rendering: results to text, CSV, JSON, JSON lines (and the comparison to Markdown, LaTeX
and HTML), figures in the project's colours."""

from standpoint.render.formats import (
    FORMATS,
    FormatError,
    check_format,
    render,
    render_chunks,
    to_jsonable,
)

__all__ = ["FORMATS", "FormatError", "check_format", "render", "render_chunks", "to_jsonable"]
