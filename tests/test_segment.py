"""Passages: offsets, furniture, headings, voice — on real examples from each of the five texts,
and a property test on arbitrary text."""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from standpoint.errors import InputError
from standpoint.segment import PASSAGE_COLUMNS, segment_blocks, split_text
from standpoint.segment import passages as make_passages
from standpoint.segment import passages as make_passages
from standpoint.text.markup import clean, visible
from standpoint.text.quotes import quote_spans, quoted_share

STANDPOINT = Path(sys.executable).with_name("standpoint")


def one(passages, doc_id, start_of_text):
    """The single passage of ``doc_id`` whose cleaned text starts with ``start_of_text``."""
    rows = passages[(passages.doc_id == doc_id) & passages.text.str.startswith(start_of_text)]
    assert len(rows) == 1, f"{doc_id}: {len(rows)} passages start with {start_of_text!r}"
    return rows.iloc[0]


# ------------------------------------------------------------------ structure ----

def test_columns_and_ids(passages):
    assert list(passages.columns) == PASSAGE_COLUMNS
    assert passages.passage_id.is_unique
    for doc_id, group in passages.groupby("doc_id", sort=False):
        numbers = [int(pid.split(":")[1]) for pid in group.passage_id]
        assert numbers == list(range(1, len(group) + 1)), doc_id
        assert (group.start.diff().dropna() > 0).all(), "passages in text order"
    assert set(passages.voice) <= {"author", "quotation", "note"}


def test_offsets_slice_back_to_the_raw_text(corpus, passages):
    for row in passages.itertuples():
        raw = corpus.texts[row.doc_id][row.start:row.end]
        assert raw == raw.strip() and raw, row.passage_id
        assert clean(raw) == row.text, row.passage_id
        assert row.n_words == len(row.text.split())


def test_passages_do_not_overlap(passages):
    for _, group in passages.groupby("doc_id"):
        ends = group.end.to_numpy()[:-1]
        starts = group.start.to_numpy()[1:]
        assert (starts >= ends).all()


def test_tradition_comes_from_the_registry(corpus, passages):
    registry = dict(zip(corpus.documents.doc_id, corpus.documents.tradition))
    assert (passages.doc_id.map(registry) == passages.tradition).all()
    assert set(passages.doc_id) == set(registry)


# ------------------------------------------------------------------ furniture ----

def test_page_furniture_is_not_a_passage(passages):
    texts = set(passages.text)
    assert "Printer-friendly version" not in texts
    assert not passages.text.str.contains("Printer-friendly", regex=False).any()
    # ICC taxonomy footers
    for label in ("Historic events:", "People:", "Political currents and reference:"):
        assert label not in texts
    # the Anarchist FAQ's table of contents (entries carry a tab and a page number)
    assert not passages.text.str.contains(r"alternative\?\s+\d+$", regex=True).any()
    assert "Contents" not in texts
    # the review's by-line
    assert "By Daniel Gaido" not in texts


def test_markup_links_and_footnote_markers_are_cleaned(passages):
    assert not passages.text.str.contains(r"\*\*|\]\(#\)|\[\d+\]", regex=True).any()
    afaq = one(passages, "afaq-oppositions", "As well as the obvious failure")
    assert "(see section H.6)" in afaq.text
    # a bare footnote digit glued to a word (ICC fractions: "counter-revolutionaries1.")
    icc = one(passages, "icc-fractions-1922-23", "To the generation of revolutionaries")
    assert "counter-revolutionaries." in icc.text
    assert "counter-revolutionaries1" not in icc.text
    gaido = one(passages, "gaido-review", "Comrade Zinoviev very readily")
    assert gaido.text.endswith("impossible to eliminate them.")  # "[16]" removed


# ------------------------------------------------------------------- headings ----

def test_sections_are_the_nearest_heading(passages):
    assert one(passages, "icc-communist-left-1", "The leaders of the Workers' Opposition group").section == (
        "The Workers' Opposition"
    )
    assert one(passages, "afaq-oppositions", "Unlike the \"Left Communists\"").section == (
        "2 What were the limitations of the \"Workers' Opposition\" of 1920?"
    )
    assert one(passages, "gaido-review", "Though not included in Allen").section == (
        "Alexandra Kollontai’s brochure The Workers’ Opposition (January 1921)"
    )
    assert one(passages, "harman-revolution-lost", "The first was the simplest.").section == (
        "The ‘Right’ and the ‘Centre’"
    )
    assert one(passages, "icc-fractions-1922-23", "The fact that Leon Trotsky").section == (
        "Trotsky’s fatal hesitations"
    )


def test_headings_are_not_passages(passages):
    texts = set(passages.text)
    for heading in ("The Workers' Opposition", "Concluding Remarks", "The civil war",
                    "Trotsky’s fatal hesitations", "The ‘Right’ and the ‘Centre’"):
        assert heading not in texts


def test_a_paragraph_broken_across_a_blank_line_is_one_passage(corpus, passages):
    row = one(passages, "afaq-oppositions", "The next major group of party dissidents")
    raw = corpus.texts[row.doc_id][row.start:row.end]
    assert "this grouping is\n\nbetter known" in raw
    assert "this grouping is better known" in row.text
    # a reference cut in two ("[Op." / "Cit., p. 136]") is rejoined
    row = one(passages, "afaq-oppositions", "Thus soviet power was limited")
    assert "[Op. Cit., p. 136]" in row.text


def test_a_short_sentence_after_a_broken_line_is_not_a_heading(passages):
    row = one(passages, "afaq-oppositions", "This explains his continual self-imposed role")
    assert "since the Opposition itself" in row.text


# ---------------------------------------------------------------------- voice ----

def test_paragraphs_opening_with_a_quote_mark_are_quotations(passages):
    cases = [
        ("icc-communist-left-1", '"In Russia the problem could only be posed.'),
        ("icc-communist-left-1", '"The Workers\' Opposition sprang from the depths'),
        ("afaq-oppositions", '"I then put the question to comrade Lenin'),  # opens *"
        ("harman-revolution-lost", "‘It is the absolute truth that without a German revolution"),
        ("harman-revolution-lost", "‘Understand, please,"),
        ("icc-fractions-1922-23", "As Trotsky observed in his article"),  # mostly Trotsky's words
    ]
    for doc_id, start in cases:
        assert one(passages, doc_id, start).voice == "quotation", start


def test_unmarked_block_quotes_are_quotations(passages):
    quotations = [
        ("gaido-review", "Comrade Zinoviev asked workers in Rostov"),  # after "...September 1920:"
        ("gaido-review", "Comrades, on the one hand, the crisis"),  # three-paragraph block quote
        ("gaido-review", "The Soviet Republic and our Communist Party"),
        ("gaido-review", "Indeed, now giant tasks confront us"),
        ("gaido-review", "with the resolution proposed now"),  # lowercase, after a colon
        ("gaido-review", "There can be no self-activity"),  # lead-in ends "because", no colon
        ("gaido-review", "Freedom to trade means freedom for capitalism"),  # "admitted that"
        ("gaido-review", "barriers between the broad mass of party members"),
        ("icc-fractions-1922-23", "Never before in history has there been"),
        ("icc-fractions-1922-23", "Members of the party who are dissatisfied"),
    ]
    for doc_id, start in quotations:
        assert one(passages, doc_id, start).voice == "quotation", start


def test_the_author_resumes_after_a_block_quote(corpus):
    # paragraph-level voice (before the authorial-share rule, which may still call a paragraph
    # of mostly quoted fragments a quotation): the block quote has ended
    paragraphs = make_passages(corpus, authorial_min=0)
    authors = [
        ("gaido-review", "Efimov proposed to carry out"),  # after the block quote ends "[31]"
        ("gaido-review", "Ignatov’s speech shows clearly"),
        ("gaido-review", "These could only have negative consequences"),  # run with no marker
        ("gaido-review", "Kollontai concluded, saying:"),
        ("icc-fractions-1922-23", "In short, the communists were not directing"),
        ("icc-communist-left-1", "Against this threat the Left Communists advocated"),
        ("afaq-oppositions", "Obviously a man ahead of his time."),
        ("harman-revolution-lost", "There can be no doubt that in terms of its ideas"),
    ]
    for doc_id, start in authors:
        assert one(paragraphs, doc_id, start).voice == "author", start


def test_a_quotation_that_closes_in_the_next_paragraph(passages):
    # the ICC quotes Bilan: the quote opens in one paragraph and closes in the next
    opened = one(passages, "icc-fractions-1922-23", "Trotsky’s inability to break")
    rest = one(passages, "icc-fractions-1922-23", "We find these same concerns")
    assert opened.voice == "author"  # the ICC's own lead-in is half of it
    assert rest.voice == "quotation"
    assert rest.text.endswith("(Bilan n°34, “La Boucherie de Moscou”, August-September 1936).")
    assert one(passages, "icc-fractions-1922-23", "Faced with an advancing").voice == "author"


def test_a_bulleted_list_after_a_colon_is_the_author(passages):
    row = one(passages, "icc-fractions-1922-23", "• its resolute internationalism")
    assert row.voice == "author"


def test_footnote_lists_are_notes(passages):
    notes = passages[passages.voice == "note"]
    assert set(notes.doc_id) == {"icc-communist-left-1", "icc-fractions-1922-23"}
    assert one(passages, "icc-fractions-1922-23", "1 The CWO subsequently").voice == "note"
    assert (notes.section == "Notes").all()  # not the last heading of the article
    assert one(passages, "icc-communist-left-1", "See ‘Lessons of the German Revolution'").voice == "note"
    # AFAQ section headings "1 Were the ..." start with a digit but are not notes
    assert not passages[passages.doc_id == "afaq-oppositions"].voice.eq("note").any()


def test_every_document_has_authorial_and_quoted_passages(passages):
    counts = passages.groupby(["doc_id", "voice"]).size().unstack(fill_value=0)
    assert (counts["author"] >= 30).all()
    assert (counts["quotation"] >= 3).all()


# -------------------------------------------------------------- quote spans ----

def test_quote_spans_nest_and_ignore_apostrophes():
    text = '"According to the "Left Communists", therefore," notes Sakwa, "the party"'
    spans = [text[a:b] for a, b in quote_spans(text)]
    assert spans == ['"According to the "Left Communists", therefore,"', '"the party"']
    assert quote_spans("The Workers’ Opposition didn't say so.") == []
    mixed = "‘left wing communists' were right"  # curly open, straight close (as in the ICC text)
    assert quoted_share(mixed) == round(len("‘left wing communists'") / len(mixed), 4)


def test_split_text_on_pasted_text():
    df = split_text("The group was right.\n\n“Power to the soviets,” said Lenin.\n\n[1] A note.")
    assert list(df.voice) == ["author", "quotation", "note"]
    assert list(df.tradition) == ["", "", ""]
    assert df.passage_id.tolist() == ["input:001", "input:002", "input:003"]


# ---------------------------------------------------------------- property ----

_PIECES = st.sampled_from([
    "word", "Word", "the", "party", "Opposition", " ", " ", "  ", "\n", "\n\n", "\n \n", "\t3",
    ".", ",", ":", "?", '"', "“", "”", "‘", "’", "'", "*", "**", "[12]", "[section H.3](#)",
    "[Op.", "Cit., p. 4]", "revolutionaries1", "• ", "1 ", "Printer-friendly version",
    "People:", "By Daniel Gaido", "…", "é", "(", ")", "—",
])


# invisible characters: direction marks, embeddings, overrides and isolates, zero-width
# space / joiners, word joiner, BOMs, soft hyphen, Arabic letter mark, Mongolian vowel
# separator, variation selectors, combining grapheme joiner, Hangul filler, a tag character,
# control characters
INVISIBLES = [
    "\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067",
    "\u2068", "\u2069", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u061c",
    "\u180e", "\ufe0f", "\U000e0100", "\u034f", "\u3164", "\U000e0041", "\x00", "\x1b", "\x7f",
]
_INVISIBLE_PIECES = st.sampled_from(INVISIBLES)


@given(st.lists(st.one_of(_PIECES, _INVISIBLE_PIECES), max_size=80).map("".join), st.booleans())
def test_blocks_cover_every_visible_character_without_overlap(raw, has_title):
    blocks = segment_blocks(raw, has_title=has_title)
    covered = [False] * len(raw)
    previous_end = 0
    for b in blocks:
        assert previous_end <= b.start < b.end <= len(raw)
        assert raw[b.start:b.end] == raw[b.start:b.end].strip()
        assert b.kind in {"passage", "heading", "furniture"}
        for i in range(b.start, b.end):
            covered[i] = True
        previous_end = b.end
    lost = [ch for ch, c in zip(raw, covered) if not c and not ch.isspace() and ch not in INVISIBLES]
    assert lost == []


@given(st.lists(_PIECES, max_size=80).map("".join))
def test_split_text_offsets_slice_back_exactly(raw):
    df = split_text(raw)
    previous_end = 0
    for row in df.itertuples():
        assert row.start >= previous_end
        assert clean(raw[row.start:row.end]) == row.text
        assert row.text
        assert 0.0 <= row.quoted_share <= 1.0
        previous_end = row.end
    # every non-furniture, non-heading visible character is inside some passage
    passage_chars = set()
    for row in df.itertuples():
        passage_chars.update(range(row.start, row.end))
    for b in segment_blocks(raw):
        if b.kind == "passage" and clean(raw[b.start:b.end]):
            assert set(range(b.start, b.end)) <= passage_chars



@given(st.lists(st.tuples(_PIECES, st.lists(_INVISIBLE_PIECES, max_size=2)), max_size=60))
def test_invisible_characters_change_nothing(pieces):
    """Invisible characters inserted anywhere (after any piece, a paragraph's last character
    included) leave the passages as they were: the same rows, voices, sections, cleaned
    texts and shares; only the offsets move."""
    plain = "".join(piece for piece, _ in pieces)
    marked = "".join(piece + "".join(marks) for piece, marks in pieces)
    columns = ["passage_id", "section", "text", "voice", "quoted_share", "n_words"]
    expected = split_text(plain)[columns]
    got = split_text(marked)[columns]
    assert got.to_dict("records") == expected.to_dict("records")
    for has_title in (False, True):
        kinds = [(b.kind, b.voice) for b in segment_blocks(plain, has_title=has_title)]
        assert [(b.kind, b.voice) for b in segment_blocks(marked, has_title=has_title)] == kinds


def test_a_paragraph_ending_in_a_direction_mark_is_not_a_heading():
    """The issue's reproduction: U+202E ... U+202C around a sentence made it a heading, and
    the first paragraph was lost."""
    raw = "\u202eThe party was wrong.\u202c\n\nAnother paragraph.\n"
    df = split_text(raw)
    assert df.text.tolist() == ["The party was wrong.", "Another paragraph."]
    assert df.voice.tolist() == ["author", "author"]
    assert raw[df.start[0]:df.end[0]] == "\u202eThe party was wrong.\u202c"  # marks kept in the span


def test_tag_keeps_a_paragraph_ending_in_a_direction_mark():
    """The issue's command: ``standpoint tag -`` gives two rows, not one."""
    result = subprocess.run(
        [str(STANDPOINT), "tag", "-", "--format", "csv"],
        input="\u202eThe party was wrong.\u202c\n\nAnother paragraph.\n".encode(),
        capture_output=True, timeout=300)
    assert result.returncode == 0, result.stderr.decode()
    rows = result.stdout.decode().splitlines()[1:]
    assert [row.split(",")[0] for row in rows] == ["stdin:001", "stdin:002"]


def test_invisible_characters_do_not_make_headings_break_paragraphs_or_passages():
    # a heading is still a heading with a BOM or a mark in front of it
    df = split_text("\ufeffThe Workers' Opposition\n\nThey lost in 1921.\n\nThe end.")
    assert df.section.tolist() == ["The Workers' Opposition"] * 2
    # a line of invisible characters only is a blank line: the broken paragraph is rejoined
    first = "The group that the Democratic Centralists formed in the spring of that year was led by"
    df = split_text(f"{first}\n\u200b\u200e\nSapronov and Osinsky.\n\nNext.")
    assert df.text.tolist() == [f"{first} Sapronov and Osinsky.", "Next."]
    # nothing but invisible characters and markup: no passage with an invisible text
    assert split_text("\u200b**\u200b**\n\nReal text.").text.tolist() == ["Real text."]
    # a soft hyphen or a zero-width space inside a word is not part of the cleaned text
    assert clean("revo\u00adlution\u200b party3.") == "revolution party."


def test_visible_drops_exactly_the_invisible_characters():
    """Every format character (Cf) but the prepended concatenation marks, which are drawn;
    every control character that is not whitespace; the other default-ignorable code points
    (Unicode 14.0, Python 3.11). Whitespace, letters, marks and symbols stay."""
    prepended = {0x600, 0x601, 0x602, 0x603, 0x604, 0x605, 0x6DD, 0x70F, 0x890, 0x891, 0x8E2,
                 0x110BD, 0x110CD}
    ignorable = {0x34F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180B, 0x180C, 0x180D, 0x180F, 0x2065,
                 0x3164, 0xFFA0, *range(0xFE00, 0xFE10), *range(0xFFF0, 0xFFF9),
                 *range(0xE0000, 0xE1000)}
    wrong = []
    for code in range(sys.maxunicode + 1):
        if 0xD800 <= code <= 0xDFFF:
            continue
        ch = chr(code)
        category = unicodedata.category(ch)
        invisible = ((category == "Cf" and code not in prepended)
                     or (category == "Cc" and not ch.isspace()) or code in ignorable)
        if (visible(ch) == "") != invisible:
            wrong.append(hex(code))
    assert wrong == []


# ---------------------------------------------------------------- arguments ----

@pytest.mark.parametrize("call, fragment", [
    (lambda: split_text(None), "split_text: text must be a string, got None"),
    (lambda: split_text(b"bytes"), "split_text: text must be a string, got bytes"),
    (lambda: split_text("x", doc_id=7), "split_text: doc_id must be a string, got int 7"),
    (lambda: split_text("x", tradition=None), "split_text: tradition must be a string"),
    (lambda: make_passages(None), "passages: corpus must be a Corpus (from load_corpus()), got None"),
    (lambda: make_passages("corpus"), "passages: corpus must be a Corpus"),
    (lambda: make_passages(split_text("x")), "got DataFrame"),
    (lambda: segment_blocks(None), "segment_blocks: raw must be a string, got None"),
    (lambda: clean(1.5), "clean: raw must be a string, got float 1.5"),
    (lambda: quote_spans(None), "quote_spans: text must be a string, got None"),
    (lambda: quoted_share(["a"]), "quoted_share: text must be a string, got list"),
])
def test_bad_arguments_are_input_errors_naming_the_argument(call, fragment):
    with pytest.raises(InputError) as excinfo:
        call()
    assert fragment in str(excinfo.value)
    assert "\n" not in str(excinfo.value)


def test_a_corpus_without_a_text_for_a_document_is_an_input_error(corpus):
    from dataclasses import replace

    broken = replace(corpus, texts={k: v for k, v in corpus.texts.items() if k != "gaido-review"})
    with pytest.raises(InputError, match="no text for document 'gaido-review'"):
        make_passages(broken)

