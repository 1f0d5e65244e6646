"""The hand annotations: how each tradition judges each opposition, passage by passage.

Two files in ``corpus/``, both meant to be read and edited by a scholar:

- ``codebook.yaml``: the ``themes`` (what a passage judges a group on), the ``stances`` (how:
  ``endorses``, ``criticises``, ``mixed``, ``reports``, ``not-about``) and the coding
  ``rules`` (:mod:`standpoint.corpus.codebook`).
- ``annotations.csv``: one row per authorial passage x opposition, with the columns
  ``passage_id, anchor, opposition, themes, stance, note``. ``anchor`` is a verbatim excerpt
  (at most :data:`MAX_ANCHOR` characters) of the passage's cleaned ``text`` that carries the
  judgement, at least :data:`MIN_AUTHORIAL` of it in the author's own words (outside the
  passage's ``quoted_spans``); ``themes`` holds 1 to :data:`MAX_THEMES` theme ids separated by
  ``;`` (none for ``not-about``: the passage does not really discuss the group); ``note``
  says in one sentence what the passage says of the group. :func:`load_annotations` reads it
  and checks every row against the passages, the codebook and the opposition registry.

:func:`load_annotations` returns one row per annotation, in file order:

=============  =======================================================================
column         meaning
=============  =======================================================================
passage_id     the annotated passage (an authorial passage: ``voice == "author"``)
anchor         the verbatim excerpt (exactly as in the file)
opposition     the opposition id (``corpus/oppositions.yaml``)
themes         list of theme ids, in the order written
stance         ``endorses`` | ``criticises`` | ``mixed`` | ``reports`` | ``not-about``
note           the annotator's one-line summary
tradition      the passage's tradition
doc_id         the passage's document
section        the passage's section heading
anchor_start   character offset of the anchor in the passage's ``text`` (first occurrence):
               ``text[anchor_start:anchor_start + len(anchor)] == anchor``
line           the line of ``annotations.csv`` where the row starts (the header is line 1)
=============  =======================================================================

Every problem is an :class:`AnnotationError` (a ``ValueError``) naming the file, the row (its
line number) and the problem; the command line turns it into one line on stderr, exit code 2.
Columns beyond the six are ignored.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from standpoint.corpus.anchors import locate_anchor
from standpoint.corpus.codebook import NOT_ABOUT, AnnotationError, Codebook, load_codebook
from standpoint.corpus.documents import default_root
from standpoint.corpus.files import read_csv_rows

ANNOTATIONS_FILE = "annotations.csv"
ANNOTATION_FIELDS = ["passage_id", "anchor", "opposition", "themes", "stance", "note"]
ANNOTATION_COLUMNS = ANNOTATION_FIELDS + ["tradition", "doc_id", "section", "anchor_start", "line"]
MAX_THEMES = 3
#: an anchor of a passage code is at least this much the author's own words
MIN_AUTHORIAL = 0.5


def load_annotations(passages: pd.DataFrame, codebook: Codebook | None = None,
                     oppositions: pd.DataFrame | None = None,
                     root: Path | str | None = None) -> pd.DataFrame:
    """Read ``<root>/annotations.csv`` and check every row; one row per annotation.

    ``passages``: the passages frame of the corpus (:func:`standpoint.segment.passages`).
    ``codebook`` (default :func:`load_codebook` of ``root``) and ``oppositions`` (default
    :func:`standpoint.corpus.registry.load_oppositions` of ``root``) give the valid codes.
    Columns: see the module docstring. ``passages`` is not modified.

    Raises :class:`AnnotationError` naming the file, the row (line number) and the problem
    for: a missing file or column; an empty or unknown ``passage_id``; a passage that is not
    authorial (a quotation or a footnote is someone else's voice, not the tradition's); an
    empty anchor, an anchor over :data:`MAX_ANCHOR` characters, one mostly inside a quotation, or one not found verbatim in
    the passage's ``text``; an unknown opposition, theme or stance; no theme, a repeated
    theme or more than :data:`MAX_THEMES`; an empty note; the same passage and opposition
    annotated twice (the codebook: one row per passage x opposition).

    Example:
        >>> import tempfile
        >>> from pathlib import Path
        >>> P = pd.DataFrame({"passage_id": ["d:001"], "doc_id": ["d"], "tradition": ["icc"],
        ...                   "section": ["S"], "voice": ["author"],
        ...                   "text": ["The Workers' Group was resolute and clear."]})
        >>> opp = pd.DataFrame({"opposition": ["workers-group"]})
        >>> csv_text = ("passage_id,anchor,opposition,themes,stance,note\\n"
        ...             "d:001,was resolute,workers-group,internationalism,endorses,Praised.\\n")
        >>> with tempfile.TemporaryDirectory() as d:
        ...     _ = (Path(d) / "annotations.csv").write_text(csv_text, encoding="utf-8")
        ...     a = load_annotations(P, load_codebook(), opp, root=d)
        >>> a[["passage_id", "themes", "stance", "tradition", "anchor_start", "line"]]
          passage_id              themes    stance tradition  anchor_start  line
        0      d:001  [internationalism]  endorses       icc            19     2
        >>> with tempfile.TemporaryDirectory() as d:
        ...     _ = (Path(d) / "annotations.csv").write_text(
        ...         csv_text.replace("was resolute", "was timid"), encoding="utf-8")
        ...     load_annotations(P, load_codebook(), opp, root=d)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        standpoint.corpus.codebook.AnnotationError: .../annotations.csv: row 2: anchor not found verbatim in passage 'd:001': 'was timid'
    """
    root = Path(root) if root is not None else default_root()
    if codebook is None:
        codebook = load_codebook(root)
    if oppositions is None:
        from standpoint.corpus.registry import load_oppositions

        oppositions = load_oppositions(root)
    path = root / ANNOTATIONS_FILE
    rows = read_csv_rows(path, ANNOTATION_FIELDS, AnnotationError, allow_empty=True, strip=False)

    needed = ["passage_id", "doc_id", "tradition", "section", "voice", "text"]
    missing = [c for c in needed if c not in passages.columns]
    if missing:
        raise ValueError(f"load_annotations: the passages frame lacks column(s) {', '.join(missing)}")
    quoted = (passages["quoted_spans"].tolist() if "quoted_spans" in passages.columns
              else [None] * len(passages))
    info = {pid: (doc, trad, sec, voice, text, spans) for pid, doc, trad, sec, voice, text, spans
            in zip(*(passages[c].tolist() for c in needed), quoted)}
    themes_ok = codebook.theme_ids
    stances_ok = codebook.stance_ids
    opps_ok = list(oppositions["opposition"])
    seen: dict[tuple[str, str], int] = {}
    out = []
    for line, row in rows:
        where = f"{path}: row {line}"
        pid = row["passage_id"].strip()
        anchor = row["anchor"]
        opposition = row["opposition"].strip()
        stance = row["stance"].strip()
        note = " ".join(row["note"].split())
        if not pid:
            raise AnnotationError(f"{where}: empty passage_id")
        if pid not in info:
            doc = pid.split(":")[0]
            known = sorted({p.split(":")[0] for p in info})
            hint = "" if doc in known else f" (documents: {', '.join(known)})"
            raise AnnotationError(f"{where}: unknown passage '{pid}'{hint}")
        doc_id, tradition, section, voice, text, spans = info[pid]
        if voice != "author":
            raise AnnotationError(
                f"{where}: passage '{pid}' is a {voice} passage, not the author's voice "
                "(annotate authorial passages only: a quotation speaks for the person quoted)")
        start = locate_anchor(anchor, pid, str(text), spans, min_authorial=MIN_AUTHORIAL,
                              where=where, error=AnnotationError)
        if opposition not in opps_ok:
            raise AnnotationError(f"{where}: unknown opposition '{opposition}' "
                                  f"(valid: {', '.join(opps_ok)})")
        if stance not in stances_ok:
            raise AnnotationError(f"{where}: unknown stance '{stance}' "
                                  f"(valid: {', '.join(stances_ok)})")
        codes = [t.strip() for t in row["themes"].split(";") if t.strip()]
        if stance == NOT_ABOUT and codes:
            raise AnnotationError(f"{where}: a '{NOT_ABOUT}' row takes no theme (it is not a "
                                  f"judgement of the group), found '{row['themes']}'")
        if not codes and stance != NOT_ABOUT:
            raise AnnotationError(f"{where}: no theme (give 1 to {MAX_THEMES} ids separated by ';')")
        for code in codes:
            if code not in themes_ok:
                raise AnnotationError(f"{where}: unknown theme '{code}' "
                                      f"(valid: {', '.join(themes_ok)})")
        if len(set(codes)) < len(codes):
            raise AnnotationError(f"{where}: a theme is repeated in '{row['themes']}'")
        if len(codes) > MAX_THEMES:
            raise AnnotationError(f"{where}: {len(codes)} themes (at most {MAX_THEMES})")
        if not note:
            raise AnnotationError(f"{where}: empty note")
        key = (pid, opposition)
        if key in seen:
            raise AnnotationError(f"{where}: passage '{pid}' is already annotated for "
                                  f"'{opposition}' (row {seen[key]}; one row per passage and opposition)")
        seen[key] = line
        out.append({"passage_id": pid, "anchor": anchor, "opposition": opposition,
                    "themes": codes, "stance": stance, "note": note, "tradition": tradition,
                    "doc_id": doc_id, "section": section, "anchor_start": start, "line": line})
    frame = pd.DataFrame(out, columns=ANNOTATION_COLUMNS)
    return frame.astype({"anchor_start": "int64", "line": "int64"})
