"""PDF files: verified before they count, and with fixed dates.

Chromium can exit 0 after writing a truncated PDF (on a full disk, for example), so every PDF
is verified completely before it is kept (:func:`check_pdf`: it ends with ``%%EOF``, parses
strictly, has pages, its text can be read and contains the expected title). Chromium stamps the
print time into the PDF's ``/CreationDate`` and ``/ModDate``; :func:`fix_pdf_dates` replaces
those digits (same length, so the cross-reference table stays valid) with a fixed date, so the
same page prints to the same bytes.
"""

from __future__ import annotations

import os
import re

from standpoint.publish.errors import PrintError

#: The date written into every PDF (reproducible builds' convention: ``SOURCE_DATE_EPOCH``
#: wins when it is set).
FIXED_PDF_DATE = "19800101000000"


def _pdf_date() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        import datetime as _dt

        return _dt.datetime.fromtimestamp(int(epoch), _dt.timezone.utc).strftime("%Y%m%d%H%M%S")
    return FIXED_PDF_DATE


_PDF_DATE = re.compile(rb"(/(?:CreationDate|ModDate)\s*\(D:)(\d{14})((?:[+\-]\d\d'\d\d'?|Z)?)\)")


def fix_pdf_dates(data: bytes, date: str | None = None) -> bytes:
    """``data`` (a PDF) with the digits of ``/CreationDate`` and ``/ModDate`` replaced by
    ``date`` (``YYYYMMDDHHMMSS``; default ``SOURCE_DATE_EPOCH`` or :data:`FIXED_PDF_DATE`) and
    the time zone by ``+00'00'``. Only same-length replacements are made, so every byte offset
    (the cross-reference table) stays valid.

    Example:
        >>> fix_pdf_dates(b"<</CreationDate (D:20261122025805+01'00')>>", "19800101000000")
        b"<</CreationDate (D:19800101000000+00'00')>>"
    """
    fixed = (date or _pdf_date()).encode("ascii")
    if len(fixed) != 14 or not fixed.isdigit():
        raise ValueError(f"date must be 14 digits YYYYMMDDHHMMSS, not {date!r}")

    def sub(m: re.Match) -> bytes:
        zone = m.group(3)
        new_zone = b"+00'00'" if len(zone) == 7 else zone
        return m.group(1) + fixed + new_zone + b")"

    return _PDF_DATE.sub(sub, data)


def _flat(text: str) -> str:
    """Text for comparing a title with a PDF's text: NFKC, typographic quotes and dashes as
    ASCII, whitespace runs as one space, case folded."""
    import unicodedata

    text = unicodedata.normalize("NFKC", text)
    text = text.translate(str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"',
                                         "\u201d": '"', "\u2013": "-", "\u2014": "-",
                                         "\u00ad": None}))
    return " ".join(text.split()).casefold()


def check_pdf(data: bytes, title: str | None = None, name: str = "PDF") -> int:
    """Verify a PDF completely and return its number of pages: it ends with the ``%%EOF``
    marker and parses strictly with pypdf (header, trailer, cross-references: a truncated file
    fails), it has at
    least one page, the text of every page can be read, and, if ``title`` is given, the text
    contains it (quotes, dashes and spacing normalised). Raises :class:`PrintError` naming
    ``name`` and what is wrong.

    Example:
        >>> check_pdf(b"%PDF-1.4\\n1 0 obj", name="x.pdf")
        Traceback (most recent call last):
        ...
        standpoint.publish.errors.PrintError: x.pdf: Chromium wrote a broken PDF (it does not end with %%EOF: cut short); nothing was kept
    """
    import io
    import logging

    from pypdf import PdfReader

    if not data.startswith(b"%PDF-"):
        raise PrintError(f"{name}: Chromium wrote a broken PDF (no PDF header); nothing was kept")
    if not data.rstrip(b"\r\n\t ").endswith(b"%%EOF"):  # pypdf accepts a cut-off marker
        raise PrintError(f"{name}: Chromium wrote a broken PDF (it does not end with %%EOF: "
                         "cut short); nothing was kept")
    log = logging.getLogger("pypdf")
    level = log.level
    log.setLevel(logging.CRITICAL)  # pypdf logs its doubts; the exception says what matters
    try:
        reader = PdfReader(io.BytesIO(data), strict=True)
        pages = len(reader.pages)
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
    except Exception as exc:  # noqa: BLE001 - whatever pypdf cannot read is a broken PDF
        why = " ".join(str(exc).split()) or type(exc).__name__
        raise PrintError(f"{name}: Chromium wrote a broken PDF ({why}); nothing was kept") from None
    finally:
        log.setLevel(level)
    if pages < 1:
        raise PrintError(f"{name}: Chromium wrote a PDF without pages; nothing was kept")
    if title and _flat(title) not in _flat(text):
        raise PrintError(f"{name}: the PDF Chromium wrote does not contain the title "
                         f"{title!r}; nothing was kept")
    return pages
