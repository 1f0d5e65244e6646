"""A small synthetic corpus where the right answers are known, written for the tagger's tests.

Four invented "traditions" write about the same invented event (a town council closing its
harbour), each in its own register: a fishers' union, a chamber of commerce, ecologists and
archivists. Every sentence below was written for these tests. A document is six paragraphs;
a paragraph is two sentences of its tradition and one shared sentence about the event, drawn
with a fixed seed, so documents of one tradition share a register but not their text.

- :func:`synthetic_passages`: the passages table the evaluation functions take;
- :func:`write_corpus`: the same as a corpus folder (``texts/``, ``documents.csv``,
  ``traditions.csv``) that :func:`standpoint.load_corpus` reads.
"""

from __future__ import annotations

import csv
import hashlib
import random
from pathlib import Path

import pandas as pd

REGISTERS = {
    "union": [
        "Our comrades on the quay stood together when the wages were cut.",
        "The union called a strike and every crew walked off the boats.",
        "Solidarity between the deckhands and the net menders won the dispute.",
        "The bosses tried to divide the workers, but the branch meeting held firm.",
        "We demand a fair wage and safe decks for every member of the crew.",
        "The picket line at the fish market lasted eleven days.",
        "Brothers and sisters, the union hall is open to every fisher.",
        "Shop stewards collected the dues and organised the walkout.",
        "The crews voted to strike until the closure was withdrawn.",
        "Collective bargaining is the only weapon the working fisher has.",
        "Our members will not pay for the council's mistakes with their jobs.",
        "The strike fund fed the families of the laid-off deckhands.",
        "No crew will cross the picket line while the union stands united.",
        "The workers built this harbour and the workers will defend it.",
    ],
    "commerce": [
        "Investors expect a clear return before committing capital to the waterfront.",
        "The market for leisure berths offers strong growth over the next decade.",
        "Local businesses need certainty to plan their investment.",
        "A competitive tax regime will attract new enterprise to the district.",
        "The chamber welcomes any proposal that improves profitability.",
        "Shareholders of the marina company approved the expansion budget.",
        "Retail footfall on the promenade rose after the redevelopment.",
        "Entrepreneurs see an opportunity in converting the old warehouses.",
        "Property values along the quay have risen sharply this quarter.",
        "The business case for the closure rests on projected revenue.",
        "Our members in hospitality report record bookings this season.",
        "Private capital can deliver what the public purse cannot afford.",
        "A dynamic economy depends on flexible use of commercial land.",
        "The consultants forecast a healthy margin for the new development.",
    ],
    "ecology": [
        "The estuary is a fragile habitat for migrating wading birds.",
        "Seagrass meadows store carbon and shelter juvenile fish.",
        "Biodiversity in the tidal pools has declined for twenty years.",
        "Sustainable management would let the ecosystem recover.",
        "Runoff from the car parks pollutes the mudflats with oil.",
        "Conservation volunteers counted the breeding terns each spring.",
        "The species that depend on the salt marsh have nowhere else to go.",
        "A protected zone would allow the native oysters to return.",
        "Rising sea levels threaten the dunes and the plants that bind them.",
        "The environmental assessment ignored the nesting sites entirely.",
        "Restoring the wetland is cheaper than defending concrete walls.",
        "Pollinators and shorebirds alike need the wild margins of the bay.",
        "Every dredging operation stirs up toxic sediment.",
        "Climate resilience begins with healthy coastal ecosystems.",
    ],
    "archive": [
        "The minute books of the harbour board survive in the county record office.",
        "Correspondence from the period suggests the decision was long prepared.",
        "Historians have debated the reliability of the harbourmaster's diary.",
        "The surviving ledgers record tonnage landed on the quay each month.",
        "A photograph in the collection shows the slipway before its demolition.",
        "Contemporary newspapers reported the meeting in considerable detail.",
        "The archival evidence is fragmentary for the years after the war.",
        "Scholars disagree about when the fleet began to decline.",
        "The catalogue lists three boxes of uncatalogued petitions.",
        "Oral testimony collected later complicates the official account.",
        "The deeds of the quay were transferred twice in the last century.",
        "Marginal notes in the council minutes reveal private doubts.",
        "Our reading of the sources differs from earlier interpretations.",
        "The maps held by the library show the old breakwater clearly.",
    ],
}
SHARED = [
    "The council voted on Tuesday to close the harbour to commercial traffic.",
    "The decision about the harbour divided the town.",
    "Many residents attended the public meeting at the town hall.",
    "The harbour has served the town for generations.",
    "The closure is due to take effect next spring.",
    "Councillors said the decision was not taken lightly.",
    "The future of the quay remains uncertain.",
    "A petition against the closure gathered many signatures.",
    "The mayor promised to publish the full report.",
    "Letters about the harbour filled the local paper for weeks.",
]
#: texts about something else entirely (written for the tests): the tagger should call them
#: ``unfamiliar``
OFF_TOPIC = [
    "Preheat the oven, whisk the eggs with sugar, fold in flour and bake until golden brown.",
    "The striker curled a free kick into the top corner and the stadium erupted.",
    "Install the driver, reboot the laptop and update the firmware before printing.",
]
TRADITIONS = tuple(REGISTERS)
DOCUMENTS_PER_TRADITION = 4
PARAGRAPHS = 6


def documents(per_tradition: int = DOCUMENTS_PER_TRADITION, seed: int = 0) -> dict:
    """``doc_id -> (tradition, paragraphs)`` for ``per_tradition`` documents of each
    tradition (deterministic for a ``seed``)."""
    rng = random.Random(seed)
    out = {}
    for tradition, sentences in REGISTERS.items():
        for k in range(per_tradition):
            paragraphs = []
            for _ in range(PARAGRAPHS):
                own = rng.sample(sentences, 2)
                paragraphs.append(" ".join([own[0], rng.choice(SHARED), own[1]]))
            out[f"{tradition}-{k + 1}"] = (tradition, paragraphs)
    return out


def synthetic_passages(per_tradition: int = DOCUMENTS_PER_TRADITION, seed: int = 0) -> pd.DataFrame:
    """The passages of :func:`documents` with the columns the evaluation reads (every
    passage authorial)."""
    rows = []
    for doc_id, (tradition, paragraphs) in documents(per_tradition, seed).items():
        start = 0
        for i, text in enumerate(paragraphs):
            rows.append({"passage_id": f"{doc_id}:{i + 1:03d}", "doc_id": doc_id,
                         "tradition": tradition, "section": "", "start": start,
                         "end": start + len(text), "text": text, "voice": "author",
                         "n_words": len(text.split())})
            start += len(text) + 2
    return pd.DataFrame(rows)


def write_corpus(root: Path, per_tradition: int = DOCUMENTS_PER_TRADITION, seed: int = 0) -> Path:
    """Write :func:`documents` as a corpus folder at ``root`` and return ``root``."""
    (root / "texts").mkdir(parents=True, exist_ok=True)
    colours = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a"]
    with (root / "traditions.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["tradition", "name", "colour", "description"])
        for tradition, colour in zip(TRADITIONS, colours):
            w.writerow([tradition, tradition.title(), colour, f"synthetic {tradition} register"])
    with (root / "documents.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["doc_id", "tradition", "author", "title", "venue", "year", "file", "sha256"])
        for doc_id, (tradition, paragraphs) in documents(per_tradition, seed).items():
            path = root / "texts" / f"{doc_id}.txt"
            path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            w.writerow([doc_id, tradition, "test", doc_id, "tests", 2024, f"texts/{doc_id}.txt",
                        digest])
    return root
