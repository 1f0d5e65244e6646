"""Printable seminar handouts: one page per opposition on which at least two traditions take a
position (:func:`standpoint.comparison.comparable_oppositions`).

The content is data (:func:`standpoint.comparison.handout.build_handout`: each tradition's
verdict, central judgement and the passages that state it; where they agree and disagree, from
the position statements and the passage codes; the disputed facts; questions for discussion);
the page is a template (:func:`standpoint.render.handout.to_html`: self-contained, no script,
every text escaped). This module writes the pages and prints each to an A4 PDF with headless
Chromium (:func:`standpoint.publish.chromium.print_pdf`: fixed dates, verified completely before
it counts, :mod:`standpoint.publish.pdf`).

Errors (:mod:`standpoint.publish.errors`, also importable from here): :class:`HandoutError` (a
``ValueError``): an unknown or not comparable opposition id (the message lists the valid ids),
or no Chromium when a PDF is required; its subclass :class:`PrintError`: Chromium failed, timed
out or wrote a broken PDF (none is left behind).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Callable

from standpoint.publish.cache import handouts_key
from standpoint.publish.chromium import chromium_version, find_chromium, print_pdf
from standpoint.publish.errors import HandoutError, PrintError  # noqa: F401
from standpoint.publish.files import prepare_output_dir, write_bytes, write_file
from standpoint.publish.pdf import check_pdf, fix_pdf_dates  # noqa: F401


def check_oppositions(requested, comparable: list[str], registry: list[str]) -> list[str]:
    """``requested`` (ids, in registry order, each once), or all of ``comparable`` if None.
    An id not in ``registry``, or one that fewer than two traditions discuss (take a position on), is a
    :class:`HandoutError` listing the valid ids.

    Example:
        >>> check_oppositions(["b", "a"], ["a", "b"], ["a", "b", "c"])
        ['a', 'b']
        >>> check_oppositions(["x"], ["a", "b"], ["a", "b", "c"])
        Traceback (most recent call last):
        ...
        standpoint.publish.errors.HandoutError: unknown opposition 'x' (valid: a, b)
    """
    if requested is None:
        return list(comparable)
    wanted = set()
    for o in requested:
        if o not in registry:
            raise HandoutError(f"unknown opposition '{o}' (valid: {', '.join(comparable)})")
        if o not in comparable:
            raise HandoutError(f"opposition '{o}' is discussed by fewer than two traditions "
                               f"(valid: {', '.join(comparable)})")
        wanted.add(o)
    return [o for o in comparable if o in wanted]


def write_handouts(out_dir: Path | str, oppositions=None, *, inputs: dict | None = None,
                   pdf: bool | None = None, progress: Callable[[str], None] | None = None,
                   chromium: str | None = None, cache=None) -> list[Path]:
    """Write ``<out_dir>/<opposition>.html`` (and ``.pdf``) for each of ``oppositions``
    (default: every one of :func:`standpoint.comparison.comparable_oppositions`); return the paths
    written, in that order, each HTML before its PDF.

    ``inputs``: :func:`standpoint.comparison.shared_inputs` (computed if not given). ``pdf``:
    ``True`` requires Chromium, ``False`` writes HTML only, ``None`` prints when Chromium is
    found. ``progress`` receives one message per handout and, when ``pdf`` is ``None`` and
    there is no Chromium, a note saying so first (after the arguments are checked: a mistake is
    reported alone). Each PDF is verified (:func:`check_pdf`, with the group's name as title);
    a broken one is a :class:`PrintError` and is not kept. ``cache``: a
    :class:`~standpoint.publish.cache.ReportCache`; a PDF printed before from exactly the same
    HTML by the same Chromium is reused from it.

    Example (prints PDFs with a browser, so not run as a doctest)::

        write_handouts("reports/handouts", ["workers-opposition"], progress=print)
    """
    from standpoint import __version__
    from standpoint.comparison import comparable_oppositions, compare, shared_inputs
    from standpoint.comparison.handout import build_handout
    from standpoint.quotations import quotations, shared_for, shared_quotations, sources_relied_on
    from standpoint.render.handout import to_html

    d = inputs if inputs is not None else shared_inputs()
    registry = list(d["oppositions"]["opposition"])
    chosen = check_oppositions(oppositions, comparable_oppositions(**d), registry)
    exe = chromium or find_chromium()
    if pdf and not exe:
        raise HandoutError("no Chromium found to print the PDF handouts "
                           "(install the Debian packages chromium and fonts-dejavu-core)")
    printing = bool(exe) if pdf is None else pdf
    out = prepare_output_dir(out_dir)
    if pdf is None and not exe and progress is not None:
        progress("note: no Chromium found: handouts are written as HTML only "
                 "(install the Debian package chromium for the PDFs)")
    codebook = d["codebook"]
    labels = dict(zip(codebook.themes["id"], codebook.themes["label"]))
    printer = f"{exe}\0{chromium_version(exe)}" if printing and cache is not None else ""
    key = handouts_key(Path(d["corpus"].root), chosen) if cache is not None else ""
    pages = cache.handouts(key) if cache is not None else None
    if pages is None:  # build them: {opposition: (html, the group's name)}
        ledger = quotations(d["corpus"], d["passages"])
        links = shared_quotations(ledger)
        pages = {}
        for opposition in chosen:
            comparison = compare(opposition, **d)
            handout = replace(build_handout(comparison, d["oppositions"], labels),
                              sources=sources_relied_on(ledger, opposition),
                              shared=shared_for(ledger, opposition, links=links,
                                                across_traditions=True))
            pages[opposition] = (to_html(handout, __version__), comparison.name)
        if cache is not None:
            cache.store_handouts(key, pages)
    written: list[Path] = []
    for k, opposition in enumerate(chosen, start=1):
        if progress is not None:
            what = "HTML and PDF" if printing else "HTML"
            progress(f"[{k}/{len(chosen)}] handout {opposition} ({what})")
        html, name = pages[opposition]
        page = write_file(out / f"{opposition}.html", html)
        written.append(page)
        if printing:
            stored = cache.pdf(html, printer) if cache is not None else None
            if stored is not None:  # printed before from exactly this HTML
                written.append(write_bytes(out / f"{opposition}.pdf", stored))
                continue
            pdf_path = print_pdf(page, out / f"{opposition}.pdf", chromium=exe, title=name)
            if cache is not None:
                cache.store_pdf(html, printer, pdf_path.read_bytes())
            written.append(pdf_path)
    return written
