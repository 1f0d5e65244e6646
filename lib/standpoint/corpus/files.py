"""Reading the corpus folder's files: UTF-8 text, CSV rows with their line numbers, YAML.

Every reader raises the error type it is given (``CorpusError``, ``AnnotationError`` ...) with
one line naming the file (and the row or line) and the problem.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path


def read_csv_rows(path: Path, required: list[str],
                  error: type[ValueError]) -> list[tuple[int, dict[str, str]]]:
    """Rows of a CSV file as ``(line number, row)``; a short row's missing fields are '';
    raises ``error`` for a missing file, non-UTF-8 bytes, a missing column, a row with more
    fields than columns, or no rows.

    Example:
        >>> from standpoint.corpus import CorpusError, default_root
        >>> rows = read_csv_rows(default_root() / "traditions.csv", ["tradition"], CorpusError)
        >>> rows[0][0], rows[0][1]["tradition"]
        (2, 'icc')
    """
    text = read_utf8(path, error)
    reader = csv.DictReader(io.StringIO(text, newline=""), restval="")
    header = reader.fieldnames or []
    missing = [c for c in required if c not in header]
    if missing:
        raise error(f"{path}: missing column(s) {', '.join(missing)}")
    rows = []
    for row in reader:
        if None in row:  # more fields than columns
            raise error(f"{path}: row {reader.line_num}: more fields than columns")
        rows.append((reader.line_num, {k: (v or "").strip() for k, v in row.items()}))
    if not rows:
        raise error(f"{path}: no rows")
    return rows


def read_utf8(path: Path, error: type[ValueError]) -> str:
    """The text of a corpus file (a BOM is tolerated), raising ``error`` (one line naming the
    file) for a missing file or non-UTF-8 bytes.

    Example:
        >>> from standpoint.corpus import CorpusError, default_root
        >>> read_utf8(default_root() / "traditions.csv", CorpusError).splitlines()[0]
        'tradition,name,colour,description'
    """
    if not path.is_file():
        raise error(f"{path}: file not found")
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise error(f"{path}: not valid UTF-8 (byte {exc.start})") from None


def read_yaml(path: Path, error: type[ValueError]):
    """Parse a YAML file of the corpus, raising ``error`` (one line naming the file, and the
    line for a syntax error) for a missing file, non-UTF-8 bytes or invalid YAML.

    Example:
        >>> from standpoint.corpus import CorpusError, default_root
        >>> data = read_yaml(default_root() / "codebook.yaml", CorpusError)
        >>> sorted(data)[:2]
        ['stances', 'themes']
    """
    import yaml

    if not path.is_file():
        raise error(f"{path}: file not found")
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise error(f"{path}: not valid UTF-8 (byte {exc.start})") from None
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        at = f" at line {line + 1}" if line is not None else ""
        raise error(f"{path}: not valid YAML{at}") from None
