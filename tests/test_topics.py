"""Mentions of the oppositions, the topics of each passage, coverage, and the evaluation against
hand labels. Hard cases are real passages found by the start of their text (ids may change);
each context rule of the registry (``corpus/oppositions.yaml``, rules 1-9) has a real example."""

from __future__ import annotations

import functools
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from standpoint.corpus import load_oppositions
from standpoint.segment import split_text
from standpoint.text.references import citation_spans
from standpoint.text.sentences import sentence_spans
from standpoint.topics import (
    MENTION_COLUMNS,
    TOPIC_COLUMNS,
    coverage,
    date_spans,
    evaluate_topics,
    mentions,
    parse_label,
    topic_lists,
    topics,
)
from standpoint.topics.mention_table import RESOLVED_BY
from standpoint.topics.scoring import THRESHOLD

LABELS = Path(__file__).resolve().parent / "data" / "topic_labels.csv"
_REGISTRY = functools.cache(load_oppositions)  # for pasted texts and the property test


@pytest.fixture(scope="module")
def registry():
    return load_oppositions()


@pytest.fixture(scope="module")
def found(passages, registry):
    return mentions(passages, registry)


@pytest.fixture(scope="module")
def about(passages, found, registry):
    return topics(passages, found, registry)


def one(passages, doc_id, start):
    """The single passage of ``doc_id`` whose text starts with ``start``."""
    rows = passages[(passages.doc_id == doc_id) & passages.text.str.startswith(start)]
    assert len(rows) == 1, f"{doc_id}: {len(rows)} passages start with {start!r}"
    return rows.iloc[0]


def rows_of(frame, pid):
    return frame[frame.passage_id == pid]


def topics_of(about, pid) -> set[str]:
    return set(rows_of(about, pid).opposition)


def people(found, pid, member) -> set[str]:
    """The oppositions a member's mentions in a passage's text were placed in."""
    sub = rows_of(found, pid)
    return set(sub[(sub.member == member) & (sub["where"] == "text")].opposition)


def mini(text):
    """Mentions and topics of a pasted text."""
    registry = _REGISTRY()
    p = split_text(text)
    m = mentions(p, registry)
    return p, m, topics(p, m, registry)


# ================================================================ mentions ====

def test_mention_columns_offsets_and_order(passages, found):
    assert list(found.columns) == MENTION_COLUMNS
    assert set(found.kind) == {"name", "member", "heading"}
    assert set(found["where"]) == {"text", "section"}
    assert set(found.resolved_by) <= {""} | set(RESOLVED_BY)
    assert (found.opposition != "").all()
    by_id = passages.set_index("passage_id")
    for row in found.itertuples():
        source = by_id.at[row.passage_id, "text" if row.where == "text" else "section"]
        assert source[row.offset:row.offset + len(row.matched)] == row.matched
        assert (row.kind == "heading") == (row.where == "section")
    order = {pid: i for i, pid in enumerate(passages.passage_id)}
    keys = list(zip(found.passage_id.map(order), found["where"].map({"section": 0, "text": 1}),
                    found.offset))
    assert keys == sorted(keys)


def test_inputs_unchanged_and_output_deterministic(passages, registry, found):
    before_p, before_o = passages.copy(deep=True), registry.copy(deep=True)
    again = mentions(passages, registry)
    pd.testing.assert_frame_equal(passages, before_p)
    pd.testing.assert_frame_equal(registry, before_o)
    pd.testing.assert_frame_equal(found, again)
    t1 = topics(passages, found, registry)
    pd.testing.assert_frame_equal(found, again)
    pd.testing.assert_frame_equal(t1, topics(passages, again, registry))


def test_curly_and_straight_apostrophes_and_case():
    _, m, _ = mini("The Workers’ Opposition and the Workers' Opposition and the workers’ opposition.")
    assert list(m.opposition) == ["workers-opposition"] * 3
    _, m, _ = mini("The German left communists and the Left Communists of 1918.")
    assert list(m.matched) == ["Left Communists"]  # lower case is the generic communist left


def test_longest_match_wins_and_words_stand_alone():
    _, m, _ = mini("The Platform of the 46 and former Worker Oppositionists met the Left "
                   "Opposition; the Kommunistische Arbeiter-Partei did not.")
    assert list(m.matched) == ["Platform of the 46", "Worker Oppositionists", "Left Opposition"]
    assert list(m.opposition) == ["left-opposition", "workers-opposition", "left-opposition"]


def test_lookalikes_are_not_mentions(passages, found):
    p = one(passages, "gaido-review", "By late 1923, the former Worker Oppositionists")
    assert "Trotsky" not in set(rows_of(found, p.passage_id).member)  # Natalia Sedova Trotsky
    p = one(passages, "harman-revolution-lost", "The Right Social Revolutionaries")
    assert rows_of(found, p.passage_id).empty


def test_unresolved_rows_only_on_request(passages, registry, found):
    every = mentions(passages, registry, keep_unresolved=True)
    unresolved = every[every.resolved_by == "unresolved"]
    assert len(unresolved) > 0 and (unresolved.opposition == "").all()
    pd.testing.assert_frame_equal(
        every[every.resolved_by != "unresolved"].reset_index(drop=True), found)


# -------------------------------------------------------- people in context ----

def test_bukharin_at_brest_litovsk_is_a_left_communist(passages, found, about):
    p = one(passages, "icc-communist-left-1", "This is not the place to undertake a detailed study")
    assert people(found, p.passage_id, "Bukharin") == {"left-communists"}
    assert topics_of(about, p.passage_id) == {"left-communists"}
    # the Bilan quotation names no group: the treaty dates it
    q = one(passages, "icc-communist-left-1", '"Of the two tendencies in the Bolshevik party')
    assert people(found, q.passage_id, "Bukharin") == {"left-communists"}
    assert set(rows_of(found, q.passage_id).resolved_by) == {"years"}
    assert "right-opposition" not in topics_of(about, q.passage_id)


def test_bukharin_with_the_right_in_1928_is_the_right_opposition(passages, found, about):
    p = one(passages, "harman-revolution-lost", "By 1928 the Stalinist faction")
    assert people(found, p.passage_id, "Bukharin") == {"right-opposition"}
    assert "right-opposition" in topics_of(about, p.passage_id)
    p = one(passages, "icc-fractions-1922-23", "• the inability to recognise clearly that Stalinism")
    assert people(found, p.passage_id, "Bukharin") == {"right-opposition"}  # "Bukharin's right wing"
    _, m, t = mini("In 1928 Bukharin, Rykov and Tomsky opposed the pace of collectivisation. "
                   "They lost.")
    assert set(m.opposition) == {"right-opposition"}
    assert list(t.opposition) == ["right-opposition"]
    _, m, _ = mini("Bukharin, Rykov and Tomsky spoke against forced requisitions.")  # no date
    assert set(m.member) == {"Bukharin", "Rykov", "Tomsky"}  # three people who were in one group


def test_bukharin_and_tomsky_as_leaders_in_1921_are_nobody(passages, found, about):
    p = one(passages, "afaq-oppositions", '"At the meeting of delegates who were party members, Tomsky')
    assert rows_of(found, p.passage_id).query("kind == 'member'").empty
    assert "right-opposition" not in topics_of(about, p.passage_id)
    p = one(passages, "gaido-review", "In her intervention, Kollontai warned")
    assert "Bukharin" not in set(rows_of(found, p.passage_id).member)


def test_osinsky_among_the_decists(passages, found, about):
    p = one(passages, "icc-communist-left-1", "In general the Decists' attitude")
    assert people(found, p.passage_id, "Osinsky") == {"democratic-centralists"}
    assert topics_of(about, p.passage_id) == {"democratic-centralists"}
    p = one(passages, "icc-communist-left-1", "While Bukharin made his peace with War Communism")
    assert people(found, p.passage_id, "Osinsky") == {"democratic-centralists"}
    p = one(passages, "icc-fractions-1922-23", "The triumvirate, which was above all interested")
    assert people(found, p.passage_id, "Osinsky") == {"democratic-centralists"}
    p = one(passages, "icc-communist-left-1", "Although no communist fraction in Russia")
    assert people(found, p.passage_id, "Osinsky") == {"left-communists"}  # 1918, Kommunist


def test_trotsky_against_the_workers_opposition_is_not_the_left_opposition(passages, found, about):
    for doc, start in [
        ("afaq-oppositions", "This repression was practised under Lenin and Trotsky"),
        ("icc-communist-left-1", "The tenth Party Congress in March 1921"),
        ("gaido-review", "The reply of the Central Committee of the Russian Communist Party"),
        ("afaq-oppositions", "However, there were groups which did raise more substantial"),
    ]:
        p = one(passages, doc, start)
        assert not people(found, p.passage_id, "Trotsky"), start
        assert not topics_of(about, p.passage_id) & {"left-opposition", "united-opposition"}, start
    p = one(passages, "afaq-oppositions", "This repression was practised under Lenin and Trotsky")
    assert topics_of(about, p.passage_id) == {"workers-opposition"}


def test_trotsky_leading_the_opposition(passages, found, about):
    p = one(passages, "icc-fractions-1922-23", "The fact that Leon Trotsky openly threw in his lot")
    assert people(found, p.passage_id, "Trotsky") == {"left-opposition"}
    # a heading that names only a person is read with its whole section
    p = one(passages, "icc-fractions-1922-23", "A number of different factors can be involved")
    heading = rows_of(found, p.passage_id).query("kind == 'heading'")
    assert list(heading.opposition) == ["left-opposition"] and list(heading.member) == ["Trotsky"]
    assert topics_of(about, p.passage_id) == {"left-opposition"}


def test_zinoviev_in_the_triumvirate_is_nobody(passages, found):
    p = one(passages, "icc-fractions-1922-23", "Lenin’s removal from political life")
    assert not people(found, p.passage_id, "Zinoviev")
    assert not people(found, p.passage_id, "Kamenev")


def test_the_right_and_the_left_in_context(passages, found, about):
    p = one(passages, "harman-revolution-lost", "To the Left Opposition at the time")
    sub = rows_of(found, p.passage_id)
    assert set(sub[sub.matched == "the Right"].opposition) == {"right-opposition"}
    assert set(sub[sub.matched == "the Left"].opposition) == {"left-opposition"}
    assert topics_of(about, p.passage_id) == {"left-opposition", "right-opposition"}
    p = one(passages, "icc-communist-left-1", "That the dangers that the Lefts were warning")
    assert set(rows_of(found, p.passage_id).opposition) == {"left-communists"}
    p = one(passages, "harman-revolution-lost", "It imposed this dominance")  # Stalin's 'Left' turn
    assert rows_of(found, p.passage_id).empty


# ------------------------------------------------------- the context rules ----
# One real example per rule of the registry's header (corpus/oppositions.yaml), each a match the
# earlier rules cannot place: (rule, document, start of the passage, words around the match,
# the match, its opposition, resolved_by). An opposition of "" is a match the rule vetoes.
RULES = [
    ("1 a date in the clause when no candidate existed", "icc-fractions-1922-23",
     "Lenin’s removal from political life", "“triumvirate” formed by Stalin, Zinoviev and Kamenev",
     "Zinoviev", "", "unresolved"),
    ("2 a name of a candidate in the sentence", "icc-communist-left-1",
     "Although no communist fraction in Russia", "Left Communist group around Ossinski, Bukharin",
     "Bukharin", "left-communists", "alias-nearby"),
    ("3 the date in the clause", "icc-fractions-1922-23", "To give the most important examples",
     "in April 1923, Trotsky failed", "Trotsky", "left-opposition", "years"),
    ("4 the section heading names a candidate", "icc-fractions-1922-23",
     "The fact that Leon Trotsky openly threw", "1923 was of capital importance. Trotsky’s",
     "Trotsky", "left-opposition", "section"),
    ("5 the passage's governing date", "icc-communist-left-1", "This is not the place to undertake",
     "The Lefts insisted", "The Lefts", "left-communists", "years"),
    ("5 the passage's date when no candidate existed", "icc-communist-left-1",
     "The tenth Party Congress in March 1921", "that of Trotsky, who stood", "Trotsky", "",
     "unresolved"),
    ("6 a name of a candidate in the passage", "icc-communist-left-1",
     "One tendency, exemplified by Radek and Bukharin", "exemplified by Radek", "Radek",
     "left-communists", "alias-nearby"),
    ("7 a phrase: the group its section names most", "harman-revolution-lost",
     "In the process Zinoviev was forced", "policies of the Left (although", "the Left",
     "left-opposition", "section"),
    ("8 a person next to a phrase of one of his groups", "icc-fractions-1922-23",
     "• the inability to recognise clearly", "incarnated in Bukharin’s right wing", "Bukharin",
     "right-opposition", "member-cooccurrence"),
    ("8 the phrase next to the person", "icc-fractions-1922-23",
     "• the inability to recognise clearly", "Bukharin’s right wing faction", "right wing",
     "right-opposition", "member-cooccurrence"),
    ("9 the years in the section heading", "icc-fractions-1922-23",
     "At the same time, the Platform distanced", "Shortly afterwards, Trotsky took", "Trotsky",
     "left-opposition", "years"),
    ("generic: the group its heading names", "afaq-oppositions",
     "This explains his continual self-imposed role", "Outraged by the Opposition",
     "the Opposition", "left-opposition", "section"),
    ("generic: the nearest name", "harman-revolution-lost",
     "The first (and most important) such confrontation", "Although the Opposition was",
     "the Opposition", "left-opposition", "alias-nearby"),
]


@pytest.fixture(scope="module")
def every(passages, registry):
    return mentions(passages, registry, keep_unresolved=True)


@pytest.mark.parametrize("rule, doc, start, around, matched, opposition, resolved_by", RULES,
                         ids=[r[0] for r in RULES])
def test_each_context_rule_on_a_real_passage(passages, every, rule, doc, start, around, matched,
                                             opposition, resolved_by):
    p = one(passages, doc, start)
    assert p.text.count(around) == 1
    offset = p.text.index(around) + around.index(matched)
    sub = rows_of(every, p.passage_id)
    row = sub[(sub["where"] == "text") & (sub.offset == offset)]
    assert list(row.matched) == [matched]
    assert (row.opposition.iloc[0], row.resolved_by.iloc[0]) == (opposition, resolved_by)


def test_a_date_governs_its_clause():
    """The date of a clause (cut at ";") governs the mentions in it, even after them (rule 3);
    the corpus has no case where the clause and the sentence disagree, so a pasted one."""
    _, m, _ = mini("Bukharin opposed the peace in 1918; Bukharin opposed collectivisation in 1928.")
    assert m[["opposition", "resolved_by"]].values.tolist() == [
        ["left-communists", "years"], ["right-opposition", "years"]]


def test_the_same_phrase_by_two_rules_in_one_passage(passages, found):
    """Harman under 'The ‘Right’ and the ‘Centre’': 'the Right' is the heading's group (rule 4),
    except in the clause dated 1928 (rule 3)."""
    p = one(passages, "harman-revolution-lost", "To the Left Opposition at the time")
    sub = rows_of(found, p.passage_id)
    ways = set(sub[sub.matched == "the Right"].resolved_by)
    assert ways == {"section", "years"}
    assert set(sub[sub.matched == "the Right"].opposition) == {"right-opposition"}


def test_headings_are_read_with_their_section(passages, found):
    def heading(doc, section):
        sub = found.merge(passages[["passage_id", "doc_id", "section"]], on="passage_id")
        sub = sub[(sub.doc_id == doc) & (sub.section == section) & (sub["where"] == "section")]
        return sorted(set(zip(sub.matched, sub.opposition, sub.resolved_by)))

    # the group the section's passages name most
    assert heading("harman-revolution-lost", "The ‘Right’ and the ‘Centre’") == [
        ("The ‘Right’", "right-opposition", "section")]
    # the heading's own years ("the 1920s": the Left Opposition, where Trotsky is listed)
    afaq = "3 What about Trotsky's \"Left Opposition\" in the 1920s?"
    assert heading("afaq-oppositions", afaq) == [
        ("Left Opposition", "left-opposition", ""), ("Trotsky", "left-opposition", "years")]
    # neither: the dates of the section's passages
    p, m, _ = mini("Bukharin\n\nIn 1928 he spoke out against the pace of industrialisation. "
                   "He lost in 1929.")
    assert list(p.section) == ["Bukharin"]
    assert m.loc[m["where"] == "section", ["opposition", "resolved_by"]].values.tolist() == [
        ["right-opposition", "years"]]


def test_people_and_phrases_place_each_other():
    """Rule 8 on pasted sentences without a date or a group's name."""
    def placed(text):
        _, m, _ = mini(text)
        return m[["matched", "opposition", "resolved_by"]].values.tolist()

    # a person who needs no context places one of several groups (Osinsky: LC or DC)
    assert placed("Sapronov and Osinsky wrote a letter.") == [
        ["Sapronov", "democratic-centralists", ""],
        ["Osinsky", "democratic-centralists", "member-cooccurrence"]]
    assert placed("Lomov and Osinsky wrote a letter.")[1] == [
        "Osinsky", "left-communists", "member-cooccurrence"]
    # a person of one group next to a phrase of one group
    assert placed("Rykov spoke for the Right.") == [
        ["Rykov", "right-opposition", "member-cooccurrence"],
        ["the Right", "right-opposition", "member-cooccurrence"]]
    # two other people who were both in the group
    three = placed("Bukharin, Rykov and Tomsky spoke against requisitions.")
    assert {tuple(r[1:]) for r in three} == {("right-opposition", "member-cooccurrence")}
    # one other person is not enough; nor are people in a reference
    assert placed("Bukharin and Rykov spoke against requisitions.") == []
    assert placed("Bukharin spoke against requisitions (Rykov and Tomsky, p. 3).") == []
    # a date in the clause when none of his groups existed vetoes the person (rule 1)
    assert placed("In 1921 Bukharin, Rykov and Tomsky spoke against requisitions.") == []


def test_many_mentions_in_one_passage_resolve_alike(registry):
    """A paragraph repeated 200 times in one passage (the shape that was quadratic): every copy
    is resolved as the paragraph alone is, by its clauses and sentences (rules 1-3)."""
    unit = ("At Brest-Litovsk Bukharin and Osinsky led the Lefts; in 1928 Bukharin, Rykov and "
            "Tomsky led the Right. Trotsky led the Left Opposition. Kamenev spoke in 1921. ")
    once = mentions(split_text(unit), registry, keep_unresolved=True)
    many = mentions(split_text(unit * 200), registry, keep_unresolved=True)
    assert set(once.resolved_by) == {"", "years", "alias-nearby", "unresolved"}
    assert len(many) == 200 * len(once)
    columns = ["opposition", "matched", "resolved_by", "member"]
    assert many[columns].values.tolist() == once[columns].values.tolist() * 200
    assert list(many.offset) == [k * len(unit) + o for k in range(200) for o in once.offset]


# =================================================================== topics ====

def test_topic_columns_scores_and_evidence(passages, about):
    assert list(about.columns) == TOPIC_COLUMNS
    assert (about.score >= THRESHOLD).all()
    assert about.evidence.str.len().gt(0).all()
    assert not about.duplicated(["passage_id", "opposition"]).any()
    assert set(about.passage_id) <= set(passages.passage_id)


def test_the_group_under_its_heading(passages, about):
    """AFAQ, section 2 on the Workers' Opposition: 'The group did not seek ...'."""
    p = one(passages, "afaq-oppositions", "Likewise with their political ideas. The group did not")
    row = rows_of(about, p.passage_id)
    assert list(row.opposition) == ["workers-opposition"]
    assert row.evidence.iloc[0].startswith("heading: ")


def test_pronoun_and_document_passages_continue_their_group(passages, about):
    p = one(passages, "icc-communist-left-1", "Acknowledging the technical inability")
    assert topics_of(about, p.passage_id) == {"left-communists"}
    p = one(passages, "icc-fractions-1922-23", "The text is not devoid of weaknesses")
    assert topics_of(about, p.passage_id) == {"workers-group"}


def test_a_passing_list_does_not_count(passages, about):
    p = one(passages, "icc-fractions-1922-23", "• its profound sense of responsibility")
    assert topics_of(about, p.passage_id) == {"workers-group"}  # not WT, WO, DC in the list
    p = one(passages, "afaq-oppositions", "We will not cover all the various oppositions")
    assert not topics_of(about, p.passage_id) & {"left-communists", "workers-opposition"}
    _, _, t = mini("All the oppositions, the Left Communists, the Decists and the Workers' "
                   "Opposition, were vanguardist. The party was not. Lenin saw to it. So it went.")
    assert t.empty


def test_comparisons_and_time_markers_are_passing(passages, about):
    p = one(passages, "afaq-oppositions", 'Unlike the "Left Communists" (see the last section)')
    assert topics_of(about, p.passage_id) == {"workers-opposition"}
    p = one(passages, "gaido-review", "Other former Worker Oppositionists, like Shliapnikov")
    assert topics_of(about, p.passage_id) == {"workers-opposition"}


def test_a_passing_mention_in_a_paragraph_about_something_else(passages, about):
    p = one(passages, "harman-revolution-lost", "The high point of this opposition came a week")
    assert not topics_of(about, p.passage_id)  # the Kronstadt paragraph names the WO once


def test_members_without_the_group(passages, about):
    p = one(passages, "afaq-oppositions", "Lenin tried to reply to Miasnikov's demand")
    assert topics_of(about, p.passage_id) == {"workers-group"}
    p = one(passages, "gaido-review", "For that reason, Shliapnikov believed")
    assert "workers-opposition" in topics_of(about, p.passage_id)
    p = one(passages, "icc-communist-left-1", "Some years later the left communist Miasnikov")
    assert topics_of(about, p.passage_id) == {"democratic-centralists"}  # he speaks about the DC


def test_quotations_are_about_their_group(passages, about):
    p = one(passages, "icc-communist-left-1", "\"The Workers' Opposition sprang from the depths")
    assert p.voice == "quotation" and topics_of(about, p.passage_id) == {"workers-opposition"}
    p = one(passages, "gaido-review", "Comrades, on the one hand, the crisis in our party")
    assert p.voice == "quotation" and topics_of(about, p.passage_id) == {"workers-opposition"}
    assert "lead-in" in rows_of(about, p.passage_id).evidence.iloc[0]


def test_a_paragraph_about_two_groups(passages, about):
    p = one(passages, "afaq-oppositions", "Neo-Trotskyist Tony Cliff presents a similar picture")
    assert {"workers-group", "workers-truth"} <= topics_of(about, p.passage_id)


def test_homonyms_and_footnotes(passages, about):
    for doc, start in [
        ("icc-communist-left-1", "In the wake of the counter-revolution"),  # German/Dutch
        ("icc-communist-left-1", "See ‘Lessons of the German Revolution'"),  # a footnote
        ("harman-revolution-lost", "The Right Social Revolutionaries"),
    ]:
        assert not topics_of(about, one(passages, doc, start).passage_id), start


def test_keep_all_and_threshold(passages, found, registry, about):
    every = topics(passages, found, registry, keep_all=True)
    assert list(every.columns) == TOPIC_COLUMNS + ["is_topic"]
    kept = every[every.is_topic].drop(columns="is_topic").reset_index(drop=True)
    pd.testing.assert_frame_equal(kept, about)
    assert (every.loc[~every.is_topic, "score"] < THRESHOLD).all()
    stricter = topics(passages, found, registry, threshold=4.0)
    assert len(stricter) < len(about)


def test_topic_lists(passages, about):
    lists = topic_lists(passages, about)
    assert list(lists.index) == list(passages.passage_id)
    assert all(isinstance(v, list) and v == sorted(v) for v in lists)
    p = one(passages, "harman-revolution-lost", "To the Left Opposition at the time")
    assert lists[p.passage_id] == ["left-opposition", "right-opposition"]
    assert lists.map(len).sum() == len(about)


def test_every_opposition_is_somebody_s_topic(about, registry):
    assert set(about.opposition) == set(registry.opposition)


# ================================================================= coverage ====

def test_coverage(passages, about, registry, corpus):
    order = list(registry.opposition)
    table = coverage(passages, about, order, traditions=corpus.tradition_order)
    assert list(table.index) == corpus.tradition_order
    assert table.columns.names == ["measure", "opposition"]
    assert list(table["passages"].columns) == order and list(table["words"].columns) == order
    assert (table.dtypes == "int64").all()
    authorial = passages[passages.voice == "author"]
    pairs = about.merge(authorial[["passage_id", "tradition", "n_words"]], on="passage_id")
    assert table["passages"].to_numpy().sum() == len(pairs)
    assert table["words"].to_numpy().sum() == pairs.n_words.sum()
    everything = coverage(passages, about, order, voice=None, traditions=corpus.tradition_order)
    assert (everything["passages"] >= table["passages"]).all().all()
    assert everything["passages"].to_numpy().sum() == len(about)
    # findings the texts make obvious
    assert table.loc["academic", ("passages", "workers-opposition")] > 20
    assert table.loc["anarchist", ("passages", "left-opposition")] > 20
    assert table.loc["trotskyist", ("passages", "workers-group")] == 0
    assert table.loc["trotskyist", ("passages", "right-opposition")] > 0


def test_coverage_rejects_an_order_of_traditions(passages, about, corpus):
    with pytest.raises(ValueError, match="names none of the oppositions"):
        coverage(passages, about, corpus.tradition_order)


# =================================================================== helpers ====

def test_citations_sentences_dates():
    t = "He agreed. [Daniels, Op. Cit., p. 87] In 1923-7 (see below) G. T. Miasnikov spoke."
    assert [t[a:b] for a, b in citation_spans(t)] == ["[Daniels, Op. Cit., p. 87]"]
    assert [t[a:b] for a, b in sentence_spans(t)] == [
        "He agreed.", "[Daniels, Op. Cit., p. 87]", "In 1923-7 (see below) G. T. Miasnikov spoke."]
    assert [d[1:] for d in date_spans(t, [], citation_spans(t))] == [(1923, 1927)]
    assert date_spans("the 1920s", []) == [(4, 1920, 1929)]
    assert date_spans("at Brest-Litovsk", [("Brest-Litovsk", 1918, 1918)]) == [(3, 1918, 1918)]


PIECES = list("abcLRW' .;:\n") + [
    "Left", "Right", "the ", "Workers’ ", "Opposition", "Bukharin", "Trotsky", "1921", "1928",
    "Decists", "[p. 3]", "(ibid)", "They", "Kommunist"]


@given(st.lists(st.sampled_from(PIECES), max_size=60).map("".join))
def test_any_text_gives_consistent_mentions_and_topics(text):
    registry = _REGISTRY()
    p = split_text(text)
    m = mentions(p, registry)
    t = topics(p, m, registry)
    by_id = p.set_index("passage_id") if len(p) else None
    for row in m.itertuples():
        source = by_id.at[row.passage_id, "text" if row.where == "text" else "section"]
        assert source[row.offset:row.offset + len(row.matched)] == row.matched
    assert (t.score >= THRESHOLD).all()
    assert set(t.passage_id) <= set(p.passage_id)


# =============================================================== evaluation ====

def test_evaluate_topics_on_a_toy_example():
    t = pd.DataFrame({"passage_id": ["a", "a", "b", "z"], "opposition": ["x", "y", "x", "x"],
                      "score": 2.0, "evidence": ""})
    labels = pd.DataFrame({"passage_id": ["a", "b", "c"], "oppositions": ["x;w", "", None],
                           "kind": ["two-groups", "none", "none"]})
    r = evaluate_topics(t, labels)
    assert r["micro"] == {"precision": 0.3333, "recall": 0.5, "f1": 0.4, "tp": 1, "fp": 2,
                          "fn": 1, "passages": 3}
    per = r["per_opposition"].set_index("opposition")
    assert per.loc["x", "fp"] == 1 and per.loc["w", "fn"] == 1 and per.loc["y", "fp"] == 1
    kinds = r["per_kind"].set_index("kind")
    assert kinds.loc["none", "passages"] == 2 and kinds.loc["none", "fp"] == 1
    assert sorted(map(tuple, r["errors"].values.tolist())) == [
        ("a", "w", "fn"), ("a", "y", "fp"), ("b", "x", "fp")]
    assert parse_label("b;a") == {"a", "b"}


@pytest.mark.skipif(not LABELS.is_file(), reason="tests/data/topic_labels.csv not written yet")
def test_topics_against_hand_labels(about):
    """The colleague's independent labels (255 passages). Floors set safely below the measured
    figures (rules designed by reading the texts, not tuned to these labels)."""
    labels = pd.read_csv(LABELS, dtype=str, keep_default_na=False)
    result = evaluate_topics(about, labels)
    micro = result["micro"]
    # measured: precision 0.891, recall 0.820, F1 0.854 (tp 196, fp 24, fn 43)
    assert micro["precision"] >= 0.80
    assert micro["recall"] >= 0.72
    assert micro["f1"] >= 0.77
    kinds = result["per_kind"].set_index("kind")
    # measured recall: plain 0.96, member 0.88, quotation 0.88, pronoun 0.67, two-groups 0.60
    assert kinds.loc["plain", "recall"] >= 0.85
    assert kinds.loc["member", "recall"] >= 0.70
    assert kinds.loc["quotation", "recall"] >= 0.75
    assert kinds.loc["pronoun", "recall"] >= 0.50
    # measured: passing precision 0.90; 'none' passages get at most 7 false topics
    assert kinds.loc["passing", "precision"] >= 0.80
    assert kinds.loc["none", "fp"] <= 12
