"""The oppositions registry (corpus/oppositions.yaml): its content, every spelling the texts use,
and validation errors that name the file, the entry and the problem."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from standpoint.corpus import (
    OppositionsError,
    default_root,
    load_oppositions,
    member_index,
    opposition_order,
)
from standpoint.corpus.registry import OPPOSITION_COLUMNS
from standpoint.text.quotes import normalise as normalise_quotes

REQUIRED = [
    "left-communists", "democratic-centralists", "military-opposition", "workers-opposition",
    "workers-group", "workers-truth", "left-opposition", "united-opposition", "right-opposition",
]


@pytest.fixture(scope="module")
def registry():
    return load_oppositions()


def spellings(registry) -> set[str]:
    """Every registered alias, ambiguous phrase and member variant (quotes normalised)."""
    out = set()
    for row in registry.itertuples():
        out |= {normalise_quotes(a) for a in row.aliases + row.ambiguous}
        for member in row.members:
            out |= {normalise_quotes(v) for v in member["variants"]}
    return out


# ---------------------------------------------------------------- content ----

def test_columns_order_and_types(registry):
    assert list(registry.columns) == OPPOSITION_COLUMNS
    assert opposition_order(registry) == REQUIRED  # chronological, as in the file
    assert registry["start_year"].dtype == "int64" and registry["end_year"].dtype == "int64"
    assert (registry["start_year"] <= registry["end_year"]).all()
    assert registry["start_year"].is_monotonic_increasing
    for row in registry.itertuples():
        assert row.name and row.description and "\n" not in row.description
        assert isinstance(row.aliases, list) and row.aliases
        for member in row.members:
            assert set(member) == {"name", "variants", "also", "ambiguous"}
            assert all(other in REQUIRED for other in member["also"])


def test_the_years_of_each_opposition(registry):
    years = dict(zip(registry.opposition, zip(registry.start_year, registry.end_year)))
    assert years["left-communists"] == (1918, 1918)
    assert years["military-opposition"] == (1919, 1919)
    assert years["workers-opposition"] == (1920, 1922)
    assert years["left-opposition"] == (1923, 1927)
    assert years["united-opposition"] == (1926, 1927)
    assert years["right-opposition"] == (1928, 1929)


@pytest.mark.parametrize("spelling", [
    "Shliapnikov", "Shlyapnikov", "Shlipanikov", "Ossinsky", "Osinsky", "Osinskii", "Ossinski",
    "Miasnikov", "Myasnikov", "Sapronov", "Sapranov", "Kollontai", "Kollantai",
    "Worker Oppositionists", "Workers' Opposition", "Workers Opposition", "Decists",
    "Democratic Centralism group", "Platform of the 46", "Declaration of the 46", "the 46",
    "Kommunist", "Workers' Truth", "Workers Truth", "Workers' Group", "Workers Group",
    "Left Opposition", "the Lefts", "the Right", "right wing", "Rightists",
    "Platform of the Opposition", "unified opposition", "Vladimir Smirnov", "V Smirnov",
])
def test_required_spellings_are_registered(registry, spelling):
    assert normalise_quotes(spelling) in spellings(registry)


@pytest.mark.parametrize("family", [
    r"Shl\w*nikov\w*", r"Oss?insk\w+", r"M[iy]asnikov", r"Sapr[oa]nov", r"Koll[oa]ntai",
    r"Zinoviev", r"Bukharin", r"Preobrazhensk\w+", r"Tomsk\w+",
])
def test_every_spelling_used_in_the_texts_is_registered(registry, family):
    """Grep the raw texts for a family of spellings: each form found is a registered variant."""
    texts = (default_root() / "texts").glob("*.txt")
    found = set()
    for path in texts:
        found |= set(re.findall(rf"\b{family}\b", path.read_text(encoding="utf-8")))
    found = {re.sub(r"(?:’|')s$", "", f) for f in found}
    assert found, family
    assert found <= spellings(registry), sorted(found - spellings(registry))


def test_people_in_several_groups_are_ambiguous(registry):
    members = member_index(registry).set_index("member")
    assert members.loc["Bukharin", "also"] == ["right-opposition"]
    assert members.loc["Osinsky", "also"] == ["democratic-centralists"]
    assert set(members.loc["V. Smirnov", "also"]) == {"left-communists", "democratic-centralists"}
    assert members.loc["Trotsky", "opposition"] == "left-opposition"
    for person in ["Bukharin", "Osinsky", "V. Smirnov", "Trotsky", "Zinoviev", "Kamenev",
                   "Rykov", "Tomsky"]:
        assert members.loc[person, "ambiguous"], person
    for person in ["Shliapnikov", "Kollontai", "Miasnikov", "Sapronov"]:
        assert not members.loc[person, "ambiguous"], person


def test_registry_wide_tables(registry):
    dates = {phrase: (y0, y1) for phrase, y0, y1 in registry.attrs["dates"]}
    assert dates["Brest-Litovsk"] == (1918, 1918)
    assert dates["Tenth Congress"] == (1921, 1921)
    assert "the Opposition" in registry.attrs["generic"]
    assert "Natalia Sedova Trotsky" in registry.attrs["not_mentions"]


def test_each_load_is_fresh(registry):
    first = load_oppositions()
    first.loc[0, "aliases"].append("changed")
    assert "changed" not in load_oppositions().loc[0, "aliases"]


def test_normalise_quotes_keeps_length():
    text = "“Workers’ Opposition” and ‘the 46’"
    assert len(normalise_quotes(text)) == len(text)
    assert normalise_quotes(text) == '"Workers\' Opposition" and \'the 46\''


# ------------------------------------------------------------- validation ----

GOOD = {
    "oppositions": [
        {"id": "alpha", "name": "Alpha", "years": [1918, 1919], "description": "first",
         "aliases": ["Alpha group"],
         "members": [{"name": "Ann", "variants": ["Ann"], "also": ["beta"]}]},
        {"id": "beta", "name": "Beta", "years": [1920, 1921], "description": "second",
         "aliases": ["Beta group"]},
    ],
}


def write(tmp_path: Path, data) -> Path:
    text = data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False)
    (tmp_path / "oppositions.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def broken(**changes):
    """A copy of GOOD with entry 0 changed (a value of None deletes the field)."""
    import copy

    data = copy.deepcopy(GOOD)
    for key, value in changes.items():
        if value is None:
            data["oppositions"][0].pop(key)
        else:
            data["oppositions"][0][key] = value
    return data


def test_a_good_small_registry_loads(tmp_path):
    frame = load_oppositions(write(tmp_path, GOOD))
    assert list(frame.opposition) == ["alpha", "beta"]
    assert frame.attrs["dates"] == [] and frame.attrs["generic"] == []


@pytest.mark.parametrize("data, problem", [
    (broken(id=None), "entry 1: missing id"),
    (broken(name=None), "missing name"),
    (broken(description=None), "missing description"),
    (broken(aliases=[]), "aliases must be a non-empty list"),
    (broken(colour="red"), "unknown field(s) colour"),
    (broken(years=[1918]), "years must be two integers"),
    (broken(years=["1918", 1919]), "years must be two integers"),
    (broken(years=1918), "years must be two integers"),
    (broken(years=[1920, 1918]), "start 1920 is after end 1918"),
    (broken(id="Alpha Group"), "id must be lower-case"),
    (broken(id="beta"), "duplicate id"),
    (broken(members=[{"name": "Ann", "variants": ["Ann"], "also": ["gamma"]}]),
     "also: unknown opposition 'gamma'"),
    (broken(members=[{"name": "Ann", "variants": ["Ann"], "also": ["alpha"]}]),
     "names the member's own opposition"),
    (broken(members=[{"name": "Ann"}]), "variants must be a non-empty list"),
    (broken(members=[{"name": "Ann", "variants": ["Ann"], "party": "x"}]), "unknown field(s) party"),
    (broken(members=[{"name": "Ann", "variants": ["Ann"], "ambiguous": "yes"}]),
     "ambiguous must be true or false"),
    (broken(aliases=["Beta group"]), "alias 'Beta group' is already an alias of 'alpha'"),
    (broken(ambiguous=["Beta group"]), "is an unambiguous alias of 'beta'"),
    ({**GOOD, "colours": []}, "unknown top-level field(s) colours"),
    ({**GOOD, "dates": {"early": ["x"]}}, "dates: key 'early'"),
    ({"groups": []}, "expected a mapping with one 'subjects:' (or 'oppositions:') list"),
    ("oppositions: [\n  - id: a\n", "not valid YAML"),
])
def test_validation_errors_name_file_entry_and_problem(tmp_path, data, problem):
    root = write(tmp_path, data)
    with pytest.raises(OppositionsError) as info:
        load_oppositions(root)
    message = str(info.value)
    assert problem in message
    assert str(root / "oppositions.yaml") in message
    assert "\n" not in message
    entry_problem = isinstance(data, dict) and "oppositions" in data and data is not GOOD and (
        data["oppositions"] != GOOD["oppositions"])
    if entry_problem:  # a problem in an entry names it, by id when it has one
        first = data["oppositions"][0]
        assert (f"'{first['id']}'" if "id" in first else "entry 1") in message


def test_a_missing_file_is_an_error(tmp_path):
    with pytest.raises(OppositionsError, match="file not found"):
        load_oppositions(tmp_path)


def test_the_error_is_a_value_error():
    assert issubclass(OppositionsError, ValueError)
