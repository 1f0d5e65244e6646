"""The quotation ledger on real examples from each text, the speakers registry's validation,
shared quotations, the views, and the measured figures (reproduced, not typed)."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from standpoint.corpus import SpeakersError, default_root, load_corpus, load_speakers
from standpoint.errors import InputError
from standpoint.quotations import (
    BLOCK_FLOOR,
    LINK_THRESHOLD,
    QUOTATION_COLUMNS,
    QUOTES_COLUMNS,
    blocked,
    candidate_pairs,
    choose_threshold,
    cuts,
    filter_quotes,
    match_labels,
    measure,
    quotations,
    quotes_table,
    read_labels,
    shared_for,
    shared_quotations,
    sources_relied_on,
    speaker_matrix,
)
from standpoint.render.quotations import side_by_side


@pytest.fixture(scope="module")
def ledger() -> pd.DataFrame:
    return quotations()


@pytest.fixture(scope="module")
def links(ledger) -> pd.DataFrame:
    return shared_quotations(ledger)


def at(ledger, passage_id, contains=""):
    rows = ledger[ledger["passage_ids"].apply(lambda ids: passage_id in ids)
                  & ledger["text"].str.contains(contains, regex=False)]
    assert len(rows), f"no quotation in {passage_id} containing {contains!r}"
    return rows.iloc[0]


def test_columns_and_offsets(ledger):
    corpus_passages = __import__("standpoint").passages(load_corpus()).set_index("passage_id")
    assert list(ledger.columns) == QUOTATION_COLUMNS
    for row in ledger.itertuples():
        if row.form != "block":
            assert corpus_passages.loc[row.passage_id, "text"][row.start:row.end] == row.text


# ------------------------------------------------------------------------- academic ----
def test_gaido_unmarked_block_quotation_runs_until_the_footnote(ledger):
    """Ignatov's speech: three unmarked paragraphs after "quote at length:", closed by [31]."""
    row = at(ledger, "gaido-review:033")
    assert row["form"] == "block"
    assert row["passage_ids"] == ["gaido-review:033", "gaido-review:034", "gaido-review:035"]
    assert (row["speaker"], row["found_by"], row["lead_in"]) == ("ignatov", "lead-in", "gaido-review:032")
    assert row["oppositions"] == ["workers-opposition"]
    # the next block (after an authorial passage) is a quotation of its own
    assert at(ledger, "gaido-review:037")["passage_ids"] == ["gaido-review:037", "gaido-review:038"]


def test_gaido_lead_in_naming_the_document_a_sentence_before(ledger):
    """"... a document known as the 'Letter of the 22'. Its main passages read:"."""
    assert at(ledger, "gaido-review:052")["speaker"] == "letter-of-the-22"
    assert at(ledger, "gaido-review:069")["speaker"] == "trotsky"  # "It runs as follows:"
    assert at(ledger, "gaido-review:011")["speaker"] == "lutovinov"  # "this speech by Iury Lutovinov"


def test_gaido_inline_quotations_by_their_lead_in(ledger):
    assert at(ledger, "gaido-review:070", "mistakes, blunders")["speaker"] == "trotsky"
    assert at(ledger, "gaido-review:062", "feel like puppets")["speaker"] == "medvedev"


# ------------------------------------------------------------------------- anarchist ----
def test_faq_bracketed_reference_names_speaker_and_source(ledger):
    row = at(ledger, "afaq-oppositions:005")
    assert row["passage_ids"] == ["afaq-oppositions:005", "afaq-oppositions:006"]
    assert (row["speaker"], row["found_by"], row["source"]) == ("sapronov", "reference", "daniels")
    assert row["reference"] == "[Sapronov, quoted by Daniels, Op. Cit., p. 114]"
    assert not row["text"].endswith("]")


def test_faq_reference_author_and_op_cit(ledger):
    assert at(ledger, "afaq-oppositions:029")["speaker"] == "daniels"  # [Daniels, Op. Cit., p. 87]
    # [Op. Cit.] after '... notes Richard Sakwa, "...': the author the passage names
    assert at(ledger, "afaq-oppositions:020")["speaker"] == "sakwa"
    # [Collected Works, vol. 31, ...]: a title of the registry's works
    assert at(ledger, "afaq-oppositions:043", "only the political party")["speaker"] == "lenin"


def test_faq_quoted_by_is_the_source_not_the_speaker(ledger):
    row = at(ledger, "afaq-oppositions:044", "Formally speaking")
    assert (row["speaker"], row["source"]) == ("trotsky", "nove")


# ------------------------------------------------------------------------- ICC ----
def test_icc_parenthesised_references(ledger):
    assert at(ledger, "icc-communist-left-1:050")["speaker"] == "kollontai"
    row = at(ledger, "icc-communist-left-1:003")  # the epigraph: "..." (Rosa Luxemburg, in ...)
    assert row["speaker"] == "luxemburg" and row["text"].endswith('Russia"')
    assert row["reference"].startswith("(Rosa Luxemburg")
    assert at(ledger, "icc-fractions-1922-23:005", "Genoa")["speaker"] == "lenin"
    row = at(ledger, "icc-fractions-1922-23:020")  # the Platform of the 46, cited in Carr
    assert (row["speaker"], row["source"]) == ("platform-of-the-46", "carr")


# ------------------------------------------------------------------------- Trotskyist ----
def test_harman_lead_ins(ledger):
    assert at(ledger, "harman-revolution-lost:050")["speaker"] == "lenin"  # "he told the ... congress:"
    assert at(ledger, "harman-revolution-lost:060")["speaker"] == "bukharin"
    assert at(ledger, "harman-revolution-lost:005")["speaker"] == "unknown"  # "one economic historian"


# ------------------------------------------------------------------------- registry ----
def _registry(tmp_path, text: str):
    shutil.copy(default_root() / "oppositions.yaml", tmp_path / "oppositions.yaml")
    (tmp_path / "speakers.yaml").write_text(text, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("text, problem", [
    ("speakers:\n  - {id: a, name: A, kind: person, variants: [A]}\n"
     "  - {id: a, name: B, kind: person, variants: [B]}\n", "speaker 'a' (entry 2): duplicate id"),
    ("speakers:\n  - {id: a, name: A, kind: poet, variants: [A]}\n", "kind must be one of"),
    ("speakers:\n  - {id: a, name: A, kind: person, variants: [A], group: nobody}\n",
     "group 'nobody' is not an opposition"),
    ("speakers:\n  - {id: a, name: A, kind: person, variants: [Lenin]}\n"
     "  - {id: b, name: B, kind: person, variants: [Lenin]}\n", "'Lenin' is already a spelling of 'a'"),
    ("speakers:\n  - {id: a, name: A, kind: person}\n", "variants must be a non-empty list"),
    ("speakers:\n  - {id: a, name: A, kind: person, variants: [A], colour: red}\n", "unknown field(s) colour"),
    ("speakers: [\n", "not valid YAML"),
])
def test_registry_errors_name_file_entry_and_problem(tmp_path, text, problem):
    root = _registry(tmp_path, text)
    with pytest.raises(SpeakersError) as info:
        load_speakers(root)
    assert str(root / "speakers.yaml") in str(info.value) and problem in str(info.value)


def test_a_corpus_without_speakers_has_unknown_speakers(tmp_path):
    """Another corpus (the German Revolution test corpus) has no speakers.yaml: its quotations
    are found, their speakers unknown, and the views still work."""
    from second_corpus import build

    corpus = load_corpus(build(tmp_path / "german"))
    q = quotations(corpus)
    assert len(q) and set(q["speaker"]) == {"unknown"}
    t = quotes_table(corpus, tradition=corpus.tradition_order[0])
    assert len(t) and set(t["tradition"]) == {corpus.tradition_order[0]}
    with pytest.raises(InputError, match="unknown speaker 'lenin' \\(valid: unknown\\)"):
        quotes_table(corpus, speaker="lenin")


def test_registry_has_the_speakers_of_the_brief():
    ids = set(load_speakers()["speaker"])
    assert {"lenin", "kollontai", "trotsky", "shliapnikov", "daniels", "brinton", "avrich",
            "schapiro", "serge", "harman", "cliff", "bilan", "platform-of-the-46",
            "tenth-congress-resolution"} <= ids


# ------------------------------------------------------------------------- links ----
def test_the_same_kollontai_sentence_in_the_icc_and_the_faq(ledger, links):
    a = at(ledger, "icc-communist-left-1:054", "sees in the unions")["quote_id"]
    b = at(ledger, "afaq-oppositions:036", "seeing in the unions")["quote_id"]
    link = links[(links["quote_a"] == a) & (links["quote_b"] == b)]
    assert len(link) == 1 and bool(link["cross_tradition"].iloc[0])
    text = ledger.set_index("quote_id").loc[a, "text"]
    only = [text[s:e] for s, e, st in link["segments_a"].iloc[0] if st == "only"]
    assert any("Workers' Opposition sees" in piece for piece in only)


def test_links_are_across_documents_and_above_the_threshold(links):
    assert (links["doc_a"] != links["doc_b"]).all()
    assert (links["score"] >= LINK_THRESHOLD).all()


def test_titles_are_not_linked(ledger, links):
    """The FAQ's "Workers' Group of the Russian Communist Party." is a name, found inside
    Gaido's long quotation of the group's manifesto: not the same evidence."""
    title = ledger[ledger["text"].str.fullmatch(r"\W*Workers' Group of the Russian Communist "
                                                r"Party\.\W*")]
    assert len(title)
    ids = set(title["quote_id"])
    assert not (set(links["quote_a"]) | set(links["quote_b"])) & ids


def test_shared_for_across_traditions(ledger, links):
    both = shared_for(ledger, "workers-opposition", links=links)
    rival = shared_for(ledger, "workers-opposition", links=links, across_traditions=True)
    assert len(rival) and (rival["tradition_a"] != rival["tradition_b"]).all()
    assert set(rival["link_id"]) <= set(both["link_id"])


def test_cuts_cover_every_word_once():
    a, b = "we must, comrades, retreat to the NEP now", "we must retreat ... to the NEP"
    seg_a, seg_b = cuts(a, b)
    assert side_by_side(a, seg_a) == "we must, [comrades], retreat to the NEP [now]"
    assert [st for *_, st in seg_b] == ["shared"]


# ------------------------------------------------------------------------- views ----
def test_filters_combine_and_shared_with_is_symmetric(ledger, links):
    t = filter_quotes(ledger, tradition="academic", opposition="workers-opposition", links=links)
    assert len(t) and set(t["tradition"]) == {"academic"}
    assert all("workers-opposition" in o.split(";") for o in t["oppositions"])
    assert len(t) < len(filter_quotes(ledger, tradition="academic", links=links))
    k = filter_quotes(ledger, speaker="kollontai", links=links)
    assert len(k) and set(k["speaker"]) == {"kollontai"} and len(set(k["tradition"])) >= 2
    everything = filter_quotes(ledger, links=links)
    assert list(everything.columns) == QUOTES_COLUMNS and len(everything) == len(ledger)
    shared = filter_quotes(ledger, shared=True, links=links)
    assert len(shared) and (shared["shared_with"] != "").all()
    partners = dict(zip(everything["quote_id"], everything["shared_with"]))
    for q, other in zip(shared["quote_id"], shared["shared_with"]):
        for p in other.split(";"):  # linked both ways, never within one document
            assert q in partners[p].split(";") and p.split(":")[0] != q.split(":")[0]
    assert set(shared["quote_id"]) == set(links["quote_a"]) | set(links["quote_b"])


@pytest.mark.parametrize("kwargs, message", [
    ({"tradition": "marxist"}, "unknown tradition 'marxist' (valid: icc, trotskyist, anarchist, academic)"),
    ({"speaker": "nobody"}, "unknown speaker 'nobody' (valid: "),
    ({"opposition": "mensheviks"}, "unknown opposition 'mensheviks' (valid: "),
])
def test_quotes_table_refuses_unknown_values_in_one_line(kwargs, message):
    with pytest.raises(InputError) as info:
        quotes_table(**kwargs)
    text = str(info.value)
    assert text.startswith(message) and "\n" not in text
    assert ("workers-opposition" in text) if "opposition" in kwargs else True
    assert ("kollontai" in text and "unknown" in text) if "speaker" in kwargs else True


def test_quotes_table_is_the_filtered_ledger_of_the_corpus(ledger, links):
    t = quotes_table(tradition="icc", opposition="workers-opposition", shared=True)
    expected = filter_quotes(ledger, tradition="icc", opposition="workers-opposition",
                             shared=True, links=links)
    pd.testing.assert_frame_equal(t, expected)
    assert len(t)  # the ICC's Kollontai quotation is shared with the FAQ


def test_every_column_is_documented():
    import importlib

    table = importlib.import_module("standpoint.quotations.ledger").__doc__
    views = importlib.import_module("standpoint.quotations.views")
    for column in QUOTATION_COLUMNS:
        assert column in table, f"{column} not in the ledger's column table"
    documented = views.filter_quotes.__doc__.split("Columns")[1]
    for column in QUOTES_COLUMNS:
        assert f"``{column}" in documented, f"{column} not in filter_quotes's column list"


def test_sources_relied_on_and_shared_for_the_workers_opposition(ledger, links):
    s = sources_relied_on(ledger, "workers-opposition")
    assert "kollontai" in set(s[s["tradition"] == "anarchist"]["speaker"])
    assert "kollontai" in set(s[s["tradition"] == "icc"]["speaker"])
    assert s.groupby("tradition").size().max() <= 5
    assert len(shared_for(ledger, "workers-opposition", links=links))


def test_speaker_matrix_counts_every_attributed_quotation(ledger):
    m = speaker_matrix(ledger, top=1000)
    assert int(m.to_numpy().sum()) == int((ledger["speaker"] != "unknown").sum())


# ------------------------------------------------------------------------- measured ----
def test_labels_cover_all_five_texts_blind_sample():
    labels = read_labels(default_root() / "quotation_labels.csv")
    assert len(labels) >= 80
    assert set(labels["passage_id"].str.split(":").str[0]) == set(load_corpus().documents["doc_id"])


@pytest.fixture(scope="module")
def figures():
    return measure()


def test_attribution_figures_recomputed_from_the_labels(ledger, figures):
    """Precision and recall per tradition counted here, label by label, equal measure()'s."""
    labels = read_labels(default_root() / "quotation_labels.csv")
    labels = labels[labels["speaker"] != "not-a-quotation"]
    tradition = dict(zip(load_corpus().documents["doc_id"], load_corpus().documents["tradition"]))
    found = {}
    for row in labels.itertuples(index=False):
        start, end = int(row.start), int(row.end)
        hits = [q for q in ledger.itertuples(index=False) if row.passage_id in q.passage_ids
                and (q.start if row.passage_id == q.passage_ids[0] else 0) < end
                and start < (q.end if row.passage_id == q.passage_ids[-1] else 10**9)]
        found[(row.passage_id, start)] = (tradition[row.passage_id.split(":")[0]], row.speaker,
                                          hits[0].speaker if hits else "")
    measured = figures["attribution"].set_index("tradition")
    for name in sorted({t for t, _, _ in found.values()}) + ["all"]:
        rows = [(truth, got) for t, truth, got in found.values() if name in ("all", t)]
        attributed = [(truth, got) for truth, got in rows if got not in ("unknown", "")]
        known = [(truth, got) for truth, got in rows if truth != "unknown"]
        precision = sum(truth == got for truth, got in attributed) / len(attributed)
        recall = sum(truth == got for truth, got in known) / len(known)
        assert measured.loc[name, "labelled"] == len(rows)
        assert measured.loc[name, "precision"] == round(precision, 3), name
        assert measured.loc[name, "recall"] == round(recall, 3), name
    assert measured.loc["all", "labelled"] >= 80
    # each label matches the ledger row match_labels finds (the same overlap rule)
    m = match_labels(ledger, labels)
    assert [found[(p, int(s))][2] for p, s in zip(m["passage_id"], m["start"])] == list(m["speaker_found"])


def test_attribution_is_better_than_naming_everyone_unknown(figures):
    """A floor that could fail: attribution must find most known speakers, and rightly."""
    overall = figures["attribution"].set_index("tradition").loc["all"]
    assert overall["precision"] >= 0.8 and overall["recall"] >= 0.75


def test_link_threshold_is_the_measured_one(figures):
    curve = figures["links"]
    assert LINK_THRESHOLD == choose_threshold(curve)
    assert float(figures["threshold"].loc[0, "threshold"]) == LINK_THRESHOLD
    best = curve["f1"].max()
    assert curve.loc[curve["threshold"] == LINK_THRESHOLD, "f1"].iloc[0] == best


def test_links_threshold_cuts_at_the_score():
    base = "the party must purge itself of every careerist and every self-seeker now"
    texts = {"a:q1": base, "b:q1": base.replace("careerist", "carrierist"),
             "c:q1": "the party must purge itself of a few bureaucrats, comrades, at once"}
    q = pd.DataFrame({"quote_id": list(texts), "doc_id": ["a", "b", "c"],
                      "tradition": ["icc", "anarchist", "academic"], "text": list(texts.values())})
    scores = {(a, b): s for a, b, s in candidate_pairs(q, floor=0.0).itertuples(index=False)}
    near = scores[("a:q1", "b:q1")]
    assert LINK_THRESHOLD <= near < 1.0  # a spelling slip lowers the score, above the threshold
    assert scores[("a:q1", "c:q1")] < LINK_THRESHOLD
    linked = shared_quotations(q)
    assert list(zip(linked["quote_a"], linked["quote_b"])) == [("a:q1", "b:q1")]
    assert shared_quotations(q, threshold=near + 0.01).empty
    assert len(shared_quotations(q, threshold=near)) == 1


def test_blocking_gives_exactly_the_exhaustive_pairs_and_scores(ledger, links):
    """Every pair of the real corpus scored (once, about 10-20 s) against the blocked scoring:
    the same pairs, in the same order, with the same scores, at the blocking floor and at the
    links' threshold; the blocking does prune (most pairs are never scored)."""
    import time

    from standpoint.quotations.links import words

    exhaustive = candidate_pairs(ledger, floor=BLOCK_FLOOR, exhaustive=True)
    start = time.perf_counter()
    fast = candidate_pairs(ledger, floor=BLOCK_FLOOR)
    took = time.perf_counter() - start
    pd.testing.assert_frame_equal(fast, exhaustive)
    at_threshold = exhaustive[exhaustive["score"] >= LINK_THRESHOLD].reset_index(drop=True)
    pd.testing.assert_frame_equal(candidate_pairs(ledger, floor=LINK_THRESHOLD), at_threshold)
    assert list(zip(links["quote_a"], links["quote_b"], links["score"])) == sorted(
        at_threshold.itertuples(index=False), key=lambda r: (-r[2], r[0], r[1]))
    assert len(at_threshold) >= 5 and len(exhaustive) > len(at_threshold)
    # the blocking prunes: under a tenth of the pairs from different documents pass it
    vocab = {q: {w for *_, w in words(t)} for q, t in zip(ledger["quote_id"], ledger["text"])}
    text_len = {q: len(" ".join(w for *_, w in words(t)))
                for q, t in zip(ledger["quote_id"], ledger["text"])}
    ids, docs = list(ledger["quote_id"]), list(ledger["doc_id"])
    pairs = [(a, b) for i, a in enumerate(ids) for b, d in zip(ids[i + 1:], docs[i + 1:])
             if docs[i] != d]
    passed = sum(blocked(*(vocab[b], vocab[a]) if text_len[b] < text_len[a] else (vocab[a], vocab[b]))
                 for a, b in pairs)
    assert passed < len(pairs) / 10
    assert took < 5  # the exhaustive scoring took 10-20 s on this machine; blocked about 0.4 s


def test_blocking_is_off_below_its_floor():
    q = pd.DataFrame({"quote_id": ["a:q1", "b:q1"], "doc_id": ["a", "b"],
                      "text": ["the party must purge itself of careerists",
                               "whereas a trade union congress elects its leaders freely"]})
    assert not blocked({"the", "party", "must", "purge", "itself", "of", "careerists"},
                       {"whereas", "a", "trade", "union", "congress", "elects", "its"})
    low = candidate_pairs(q, floor=0.0)  # scored although the blocking would drop the pair
    assert len(low) == 1 and candidate_pairs(q, floor=BLOCK_FLOOR).empty


def test_quotes_table_reuses_a_ledger_and_links_given(ledger, links):
    given = quotes_table(opposition="workers-opposition", shared=True, ledger=ledger, links=links)
    assert given.equals(quotes_table(opposition="workers-opposition", shared=True))
    fake = links.iloc[:1]  # the links given are the ones used, not recomputed
    only = quotes_table(shared=True, ledger=ledger, links=fake)
    assert set(only["quote_id"]) == {fake["quote_a"].iloc[0], fake["quote_b"].iloc[0]}


def test_measure_reuses_a_ledger_given(figures, ledger):
    again = measure(ledger=ledger)
    for name in ("attribution", "links", "threshold"):
        pd.testing.assert_frame_equal(again[name], figures[name])
