"""The report's cache: a notebook run (its page) and a printed PDF are reused when nothing they
depend on has changed.

A notebook page is stored under a key made of the notebook's bytes, its parameters, whether
code is shown, the standpoint version and a hash of the package's source
(:func:`package_fingerprint`). With the page, the cache records every corpus file the run read
and its SHA-256: while the notebook runs, the corpus readers
(:func:`standpoint.corpus.files.note_read`) append each file they open to a log named by the
``STANDPOINT_READ_LOG`` environment variable of the kernel. A stored page is used only if every
file it read still has the same checksum, so editing one row of ``annotations.csv`` runs again
exactly the notebooks that read annotations. A PDF handout is stored under the SHA-256 of the
HTML it was printed from (and the Chromium version).

Entries are JSON (never pickle), written atomically, each with the SHA-256 of its content,
checked when read: a damaged or foreign entry is a miss, never an error. The cache lives in
``report/`` of :func:`standpoint.tagger.store.cache_folder` (``$STANDPOINT_CACHE``, else
``~/.cache/standpoint``): outside ``reports/`` and outside the repository. ``standpoint report --no-cache`` ignores it
(and refreshes it).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import tempfile
from pathlib import Path

from standpoint.tagger.store import cache_folder, source_digest

READ_LOG_VARIABLE = "STANDPOINT_READ_LOG"  # mirrors standpoint.corpus.files (kept in step)
FORMAT = 1  # bumped when the layout of an entry changes


def sha256_file(path: Path) -> str | None:
    """The SHA-256 of a file's bytes (``None`` if it cannot be read).

    Example:
        >>> sha256_file(Path("/nonexistent")) is None
        True
    """
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None


def package_fingerprint() -> str:
    """A hash of the standpoint version and of every source file and template of the package
    (:func:`standpoint.tagger.store.source_digest`): an edited library function makes every
    stored page a miss.

    Example:
        >>> len(package_fingerprint())
        64
    """
    from standpoint import __version__

    return hashlib.sha256(f"{__version__}\0{source_digest()}".encode()).hexdigest()


def page_key(notebook: Path, parameters: dict, show_code: bool, package: str) -> str:
    """The key of one notebook run's page.

    Example:
        >>> import tempfile
        >>> with tempfile.NamedTemporaryFile(suffix=".ipynb") as f:
        ...     a = page_key(Path(f.name), {"opposition": "x"}, False, "p")
        ...     b = page_key(Path(f.name), {"opposition": "y"}, False, "p")
        >>> a != b and len(a) == 64
        True
    """
    digest = hashlib.sha256(f"standpoint-page-{FORMAT}\0{package}\0{show_code}\0".encode())
    digest.update(json.dumps(parameters or {}, sort_keys=True).encode() + b"\0")
    digest.update(Path(notebook).read_bytes())
    return digest.hexdigest()


def handouts_key(corpus_root: Path, oppositions: list[str]) -> str:
    """The key of a set of handouts: the package (:func:`package_fingerprint`), the
    oppositions and the SHA-256 of every file of the corpus folder (a handout reads nearly all
    of them, so any change in the corpus builds the handouts again).

    Example:
        >>> from standpoint.corpus import default_root
        >>> a = handouts_key(default_root(), ["workers-opposition"])
        >>> a == handouts_key(default_root(), ["workers-opposition"]) != handouts_key(default_root(), [])
        True
    """
    root = Path(corpus_root).resolve()
    digest = hashlib.sha256(f"standpoint-handouts-{FORMAT}\0{package_fingerprint()}\0".encode())
    digest.update(json.dumps(list(oppositions)).encode() + b"\0" + str(root).encode() + b"\0")
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(root)).encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _entry_path(root: Path, kind: str, key: str) -> Path:
    return root / kind / key[:2] / f"{key}.json"


def _write_entry(path: Path, payload: dict) -> None:
    body = json.dumps(payload, sort_keys=True, ensure_ascii=False)
    record = json.dumps({"sha256": hashlib.sha256(body.encode()).hexdigest(), "body": body})
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(record)
        os.replace(tmp, path)
    except OSError:
        pass  # a cache that cannot be written is only slower


def _read_entry(path: Path) -> dict | None:
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        body = record["body"]
        if hashlib.sha256(body.encode()).hexdigest() != record["sha256"]:
            return None
        return json.loads(body)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def read_log(path: Path) -> dict[str, str | None]:
    """The corpus files a run read (one path per line of the log) with their SHA-256 now.

    Example:
        >>> import tempfile
        >>> with tempfile.NamedTemporaryFile("w", suffix=".log") as f:
        ...     _ = f.write("/nonexistent\\n/nonexistent\\n"); f.flush()
        ...     read_log(Path(f.name))
        {'/nonexistent': None}
    """
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError:
        return {}
    return {p: sha256_file(Path(p)) for p in sorted(set(filter(None, lines)))}


class ReportCache:
    """The pages and PDFs of earlier builds (see the module docstring). ``enabled=False``
    (``--no-cache``): nothing is reused, but what is built is stored.

    Example:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as d:
        ...     cache = ReportCache(Path(d))
        ...     cache.store_page("k" * 64, "<html>", "Title", {})
        ...     cache.page("k" * 64)
        ('<html>', 'Title')
    """

    def __init__(self, root: Path | None = None, enabled: bool = True):
        self.root = Path(root) if root is not None else cache_folder() / "report"
        self.enabled = enabled

    def page(self, key: str) -> tuple[str, str] | None:
        """``(html, title)`` of a stored run whose every corpus file read is unchanged."""
        if not self.enabled:
            return None
        entry = _read_entry(_entry_path(self.root, "pages", key))
        if not entry or entry.get("key") != key:
            return None
        for path, digest in entry["reads"].items():
            if sha256_file(Path(path)) != digest:
                return None
        return entry["html"], entry["title"]

    def store_page(self, key: str, html: str, title: str, reads: dict[str, str | None]) -> None:
        """Store a run's page with the corpus files it read and their checksums."""
        _write_entry(_entry_path(self.root, "pages", key),
                     {"key": key, "html": html, "title": title, "reads": reads})

    def handouts(self, key: str) -> dict[str, tuple[str, str]] | None:
        """``{opposition: (html, name)}`` of handouts built before under ``key``
        (:func:`handouts_key`), or ``None``."""
        if not self.enabled:
            return None
        entry = _read_entry(_entry_path(self.root, "handouts", key))
        if not entry or entry.get("key") != key:
            return None
        return {o: (html, name) for o, (html, name) in entry["pages"].items()}

    def store_handouts(self, key: str, pages: dict[str, tuple[str, str]]) -> None:
        """Store the handouts' HTML (and each group's name) under ``key``."""
        _write_entry(_entry_path(self.root, "handouts", key),
                     {"key": key, "pages": {o: list(v) for o, v in pages.items()}})

    def pdf(self, html: str, printer: str) -> bytes | None:
        """The PDF printed earlier from exactly this HTML by this Chromium, or ``None``."""
        if not self.enabled:
            return None
        key = _pdf_key(html, printer)
        entry = _read_entry(_entry_path(self.root, "pdfs", key))
        if not entry or entry.get("key") != key:
            return None
        return base64.b64decode(entry["pdf"])

    def store_pdf(self, html: str, printer: str, pdf: bytes) -> None:
        """Store a printed PDF under the HTML it was printed from."""
        key = _pdf_key(html, printer)
        _write_entry(_entry_path(self.root, "pdfs", key),
                     {"key": key, "pdf": base64.b64encode(pdf).decode("ascii")})


def _pdf_key(html: str, printer: str) -> str:
    return hashlib.sha256(f"standpoint-pdf-{FORMAT}\0{printer}\0{html}".encode()).hexdigest()


__all__ = ["READ_LOG_VARIABLE", "ReportCache", "handouts_key",
           "package_fingerprint", "page_key", "read_log", "sha256_file"]
