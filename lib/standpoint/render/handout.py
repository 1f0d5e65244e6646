"""A seminar handout, rendered: :func:`to_html` turns a
:class:`~standpoint.comparison.handout.Handout` into one self-contained A4 page (inline CSS; no
script, image, link or font file) from the template ``handout.html.j2``. The phrasing of each
point and question is here; what it says comes from the handout's data alone.
"""

from __future__ import annotations

from standpoint.comparison import Comparison, short_source
from standpoint.comparison.handout import Handout, Question, Stance
from standpoint.render.comparison import balance_text, citation_text, counts_text
from standpoint.render.html import environment

#: (singular, plural) verbs of a verdict or a judgement on a theme
VERBS = {"endorses": ("endorses", "endorse"), "criticises": ("criticises", "criticise"),
         "mixed": ("is divided about", "are divided about"),
         "neutral": ("takes no side on", "take no side on")}


def speakers(comparison: Comparison) -> dict[str, str]:
    """Who speaks for each tradition: the author part of its first document's short source
    ("ICC", "Cliff & Harman", "An Anarchist FAQ", "Gaido").

    Example:
        >>> from standpoint.comparison import compare
        >>> speakers(compare("workers-group"))
        {'icc': 'the ICC', 'trotskyist': 'Cliff & Harman', 'anarchist': 'An Anarchist FAQ', 'academic': 'Gaido'}
    """
    out = {}
    documents = comparison.documents
    for t in comparison.traditions:
        docs = documents[documents["tradition"] == t]
        name = short_source(docs.iloc[0].to_dict()).split(", ")[0] if len(docs) else t
        out[t] = f"the {name}" if name.isupper() else name
    return out


def plural(who: str) -> bool:
    """Does ``who`` name several (``&`` or ``and``)?"""
    return " & " in who or " and " in who


def verb(stance: str, who: str) -> str:
    """The verb of a stance for its subject ("Gaido criticises", "Cliff & Harman criticise").

    Example:
        >>> verb("criticises", "Cliff & Harman"), verb("mixed", "Gaido")
        ('criticise', 'is divided about')
    """
    singular, many = VERBS.get(stance, (stance, stance))
    return many if plural(who) else singular


def join(names: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``.

    Example:
        >>> join(["the ICC", "Gaido"]), join(["a", "b", "c"])
        ('the ICC and Gaido', 'a, b and c')
    """
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def question_text(q: Question, names: dict[str, str], group: str) -> str:
    """One question for discussion, phrased from its data.

    Example:
        >>> q = Question("verdict", "verdict", "overall verdict", Stance("icc", "criticises", ("i:1",)),
        ...              Stance("trotskyist", "endorses", ("h:2",)))
        >>> question_text(q, {"icc": "the ICC", "trotskyist": "Cliff & Harman"}, "Left Opposition")
        'The ICC criticises the Left Opposition (i:1) while Cliff & Harman endorse it (h:2). Read the passages side by side: what does each take as the test of a real opposition?'
    """
    a, b = names[q.first.tradition], names[q.second.tradition]
    ida, idb = ", ".join(q.first.passage_ids), ", ".join(q.second.passage_ids)
    cap = a[:1].upper() + a[1:]
    if q.kind == "fact":
        return (f"{q.label} {cap}: {q.first.stance} ({ida}); {b}: {q.second.stance} ({idb}). "
                "Which sources could settle it, and does the difference matter to their verdicts?")
    if q.kind == "agree":
        on = "" if q.subject == "verdict" else f" on “{q.label}”"
        return (f"{cap} and {b} both {verb(q.first.stance, 'a & b')} the {group}{on} ({ida}; "
                f"{idb}). Do they judge it for the same reasons, and by the same standard?")
    if q.kind == "theme":
        return (f"On “{q.label}”, {a} {verb(q.first.stance, a)} the {group} ({ida}) while {b} "
                f"{verb(q.second.stance, b)} it ({idb}). What does each expect of the group on "
                "this point, and why?")
    return (f"{cap} {verb(q.first.stance, a)} the {group} ({ida}) while {b} "
            f"{verb(q.second.stance, b)} it ({idb}). Read the passages side by side: what does "
            "each take as the test of a real opposition?")


def to_html(handout: Handout, version: str = "") -> str:
    """The handout as one self-contained HTML page laid out for A4.

    Example:
        >>> from standpoint.comparison import compare
        >>> from standpoint.comparison.handout import build_handout
        >>> from standpoint.corpus import load_oppositions
        >>> page = to_html(build_handout(compare("workers-group"), load_oppositions(), {}))
        >>> "Workers&#x27; Group" in page, "<script" in page, "http" in page
        (True, False, False)
    """
    c = handout.comparison
    names = speakers(c)
    years = f"{c.start_year}" if c.start_year == c.end_year else f"{c.start_year}–{c.end_year}"
    return environment().get_template("handout.html.j2").render(
        h=handout, c=c, names=names, years=years, version=version,
        questions=[question_text(q, names, c.name) for q in handout.questions],
        citation_text=citation_text, counts_text=counts_text, balance_text=balance_text,
        verb=verb, who=lambda items: join([names[i.tradition] for i in items]))
