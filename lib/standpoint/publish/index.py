"""The report's index page: what the corpus is, a link to every page, the oppositions compared
with their handouts, and the provenance of it all.

:func:`index_html` renders the template ``index.html.j2`` (:mod:`standpoint.render.html`: every
text escaped the one way, inline CSS and nothing else: no script, no external resource). The
page carries ``<meta name="generator" content="standpoint report">`` in its head, by which a
later build recognises a report folder (:func:`standpoint.publish.ownership.is_report_index`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from standpoint.publish.ownership import GENERATOR
from standpoint.publish.provenance import Provenance
from standpoint.render.html import environment

TEMPLATE = "index.html.j2"
#: The swatch of a document whose tradition has no colour in ``traditions.csv``.
NO_COLOUR = "#999999"


@dataclass(frozen=True)
class ComparisonEntry:
    """One opposition in the index: its comparison page(s) (``(file name, title)``) and handout
    files (file names, relative to the index).

    Example:
        >>> ComparisonEntry("workers-truth", "Workers' Truth", "1921–1923",
        ...                 handouts=("handouts/workers-truth.html",)).pages
        ()
    """

    opposition: str
    name: str
    years: str
    pages: tuple[tuple[str, str], ...] = ()
    handouts: tuple[str, ...] = ()


def corpus_rows(corpus) -> dict:
    """What the index shows of ``corpus`` (a :class:`standpoint.corpus.Corpus`): the names of
    its traditions, one row per document with its tradition's name and colour and the year
    (``—`` when unknown), the corpus folder (``corpus`` for the project's own, else its path)
    and whether it is the project's own (``own``).

    Example:
        >>> from standpoint.corpus import load_corpus
        >>> rows = corpus_rows(load_corpus())
        >>> rows["documents"][0]["doc_id"], len(rows["traditions"]), rows["folder"], rows["own"]
        ('icc-communist-left-1', 4, 'corpus', True)
    """
    from standpoint.corpus import default_root

    names = dict(zip(corpus.traditions["tradition"], corpus.traditions["name"]))
    colours = corpus.colours
    documents = [{"doc_id": d["doc_id"], "tradition": names.get(d["tradition"], d["tradition"]),
                  "colour": colours.get(d["tradition"], NO_COLOUR), "author": d["author"],
                  "title": d["title"], "year": d["year"] or "—"}
                 for d in corpus.documents.to_dict("records")]
    own = Path(corpus.root).resolve() == default_root().resolve()
    return {"traditions": list(names.values()), "documents": documents, "own": own,
            "folder": "corpus" if own else str(Path(corpus.root).resolve())}


def comparison_rows(entries) -> list[dict]:
    """What the index shows of each :class:`ComparisonEntry`: the name, the years, the pages
    and the handouts as ``(file name, label)``, the label of a handout being its file type.

    Example:
        >>> entry = ComparisonEntry("x", "X", "1921", handouts=("handouts/x.html", "handouts/x.pdf"))
        >>> comparison_rows([entry])[0]["handouts"]
        [('handouts/x.html', 'HTML'), ('handouts/x.pdf', 'PDF')]
    """
    return [{"name": c.name, "years": c.years, "pages": list(c.pages),
             "handouts": [(h, Path(h).suffix[1:].upper()) for h in c.handouts]}
            for c in entries]


def index_html(pages: list[tuple[str, str]], *, comparisons: list[ComparisonEntry] = (),
               corpus=None, prov: Provenance | None = None) -> str:
    """The index page: what the corpus is (if ``corpus`` is given), one link per
    ``(file name, title)`` of ``pages`` in the given order, the oppositions compared (their
    comparison pages and handouts), and the provenance footer (if ``prov`` is given). Every
    text is HTML-escaped; the page has inline CSS and nothing else.

    Example:
        >>> "<a href=\\"01-corpus.html\\">The corpus</a>" in index_html([("01-corpus.html", "The corpus")])
        True
    """
    return environment().get_template(TEMPLATE).render(
        generator=GENERATOR,
        corpus=corpus_rows(corpus) if corpus is not None else None,
        pages=list(pages),
        comparisons=comparison_rows(comparisons),
        provenance=prov,
    )
