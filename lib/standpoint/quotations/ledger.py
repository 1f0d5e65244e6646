"""The ledger of quotations: :func:`quotations` gives one row per quoted span of the corpus,
with whose words it is and which oppositions it concerns.

==================  ==================================================================
column              meaning
==================  ==================================================================
quote_id            ``doc_id:qNNN``, numbered in text order
doc_id, tradition   the quoting document and its tradition
passage_id          the passage holding the quotation (the first of a run of block passages)
passage_ids         every passage of the quotation (a list; one unless a block quotation runs
                    over several paragraphs)
start, end          offsets of the quoted words in the first / last passage's ``text``
text                the quoted words (paragraphs of a run joined by a blank line)
form                ``block`` (whole quotation passages), ``inline`` (in an authorial
                    passage), ``partial`` (in a passage mostly quoted), ``note`` (a footnote)
lead_in             the passage introducing a block quotation ('' if none)
context             the words before the quotation (its passage's, or the lead-in passage)
reference           the reference that follows it ('' if none)
speaker             the speaker id (``corpus/speakers.yaml``) or ``unknown``
speaker_name        the speaker's name ('' for unknown)
speaker_kind        person, group, document, periodical ('' for unknown)
found_by            ``reference``, ``lead-in`` or ``none``
source              the book it was taken from, when a reference names one ("quoted by
                    Daniels": ``daniels``), else ''
oppositions         the oppositions it concerns (a sorted list): the topics of its passages,
                    else of its lead-in passage
n_words             words quoted
==================  ==================================================================
"""

from __future__ import annotations

import pandas as pd

from standpoint.quotations.attribution import UNKNOWN, attribute
from standpoint.quotations.spans import quoted_spans
from standpoint.quotations.speakers import SpeakerIndex

QUOTATION_COLUMNS = [
    "quote_id", "doc_id", "tradition", "passage_id", "passage_ids", "start", "end", "text",
    "form", "lead_in", "context", "reference", "speaker", "speaker_name", "speaker_kind",
    "found_by", "source", "oppositions", "n_words",
]


def ledger(passages: pd.DataFrame, speakers: pd.DataFrame, topic_table: pd.DataFrame | None = None,
           raw_texts: dict[str, str] | None = None) -> pd.DataFrame:
    """The quotation ledger of a passages table (columns :data:`QUOTATION_COLUMNS`).

    ``speakers``: :func:`~standpoint.corpus.load_speakers`; ``topic_table``: the topics of the
    passages (:func:`~standpoint.topics.topics`; none: no oppositions); ``raw_texts``: the raw
    texts (``corpus.texts``), whose footnote markers close block quotations.

    Example:
        >>> from standpoint.corpus import load_speakers
        >>> from standpoint.segment import split_text
        >>> p = split_text("As Lenin put it:\\n\\nWe must retreat to the NEP now.")
        >>> row = ledger(p, load_speakers()).iloc[0]
        >>> row["speaker"], row["speaker_name"], row["found_by"], row["form"]
        ('lenin', 'Lenin', 'lead-in', 'block')
    """
    index = SpeakerIndex(speakers)
    table = attribute(quoted_spans(passages, raw_texts), passages, index)
    topics_of: dict[str, set[str]] = {}
    if topic_table is not None and len(topic_table):
        for pid, opp in zip(topic_table["passage_id"], topic_table["opposition"]):
            topics_of.setdefault(pid, set()).add(opp)
    opps = []
    for ids, lead in zip(table["passage_ids"], table["lead_in"]):
        found = set().union(*(topics_of.get(pid, set()) for pid in ids))
        opps.append(sorted(found or topics_of.get(lead, set())))
    table["oppositions"] = opps
    table["speaker_name"] = [index.name.get(s, "") for s in table["speaker"]]
    table["speaker_kind"] = [index.kind.get(s, "") for s in table["speaker"]]
    table["n_words"] = table["text"].str.split().str.len().astype("int64")
    return table[QUOTATION_COLUMNS].reset_index(drop=True)


def quotations(corpus=None, passages: pd.DataFrame | None = None) -> pd.DataFrame:
    """The quotation ledger of a corpus (default: the project's), with the oppositions from
    its topic attribution (a corpus without ``speakers.yaml``: every speaker ``unknown``). ``passages``: the corpus's passages table
    (:func:`standpoint.segment.passages`), when the caller has it already.

    Example:
        >>> q = quotations()
        >>> row = q[q["passage_id"] == "gaido-review:033"].iloc[0]
        >>> row["form"], row["speaker"], row["passage_ids"]
        ('block', 'ignatov', ['gaido-review:033', 'gaido-review:034', 'gaido-review:035'])
    """
    from standpoint.corpus import load_corpus, load_oppositions, load_speakers
    from standpoint.segment import passages as cut
    from standpoint.topics import mentions, topics

    corpus = corpus if corpus is not None else load_corpus()
    table = passages if passages is not None else cut(corpus)
    root = getattr(corpus, "root", None)
    opp = load_oppositions(root)
    found = topics(table, mentions(table, opp), opp)
    return ledger(table, load_speakers(root, oppositions=opp, missing_ok=True), found, corpus.texts)



