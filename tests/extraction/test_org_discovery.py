"""`newsmon_org_discovery`: organisations missing from the knowledge base, found from their context."""
from __future__ import annotations

import pytest

from extractors.nlp.pipeline import build_pipeline


@pytest.fixture(scope="module")
def nlp():
    return {lang: build_pipeline(lang, with_facts=False) for lang in ("en", "de")}


def discovered(nlp, lang: str, text: str) -> list[str]:
    return [e.text for e in nlp[lang](text).ents if e._.org_discovered]


@pytest.mark.parametrize(
    ("lang", "text", "name"),
    [
        ("en", "The San Francisco startup Quorvane said it will hire.", "Quorvane"),
        ("en", "AI startup Zentrix Robotics opened an office.", "Zentrix Robotics"),
        ("en", "Pellucid, a Paris-based maker of chips, hired staff.", "Pellucid"),
        ("en", "Brightloom has raised $12 million from angels.", "Brightloom"),
        ("en", "Velmora Inc. filed papers.", "Velmora"),
        ("de", "Das Berliner KI-Startup Nelvo wächst.", "Nelvo"),
        ("de", "Das Start-up Veltaro aus München stellt ein.", "Veltaro"),
        ("de", "Die Kormoran GmbH meldet Zahlen.", "Kormoran"),
        ("de", "Tessmark sammelt frisches Geld ein.", "Tessmark"),
        ("en", "The group will buy Quillfeather for $640 million in cash.", "Quillfeather"),
        ("en", "It agreed to acquire Morrow & Finch in an all-stock deal.", "Morrow & Finch"),
        ("en", "The UK chip designer Alphawave hired staff.", "Alphawave"),
        ("de", "Der Münchner Verlag Kormoran Medien stellt ein.", "Kormoran Medien"),
        ("de", "Der Zulieferer Brelmann baut Stellen ab.", "Brelmann"),
        ("en", "Quorvane Therapeutics hired staff.", "Quorvane Therapeutics"),
        # a camel-case brand is no German common noun, whatever its ending
        ("de", "Der Konzern will das Start-up SmartRecruiters übernehmen.", "SmartRecruiters"),
    ],
)
def test_context_names_an_unknown_company(nlp, lang, text, name):
    assert discovered(nlp, lang, text) == [name]


def test_discovered_orgs_have_lower_confidence(nlp):
    ent = nlp["en"]("AI startup Zentrix Robotics opened an office.").ents[0]
    assert ent._.org_confidence < 0.9
    assert ent.kb_id_ == "Zentrix Robotics"


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "The company raised prices. It has raised concerns."),  # pronouns and common words
        ("en", "OpenAI CEO Sam Altman raised the issue."),  # a person, and a KB org
        ("de", "Black Forest Labs aus Freiburg sammelt Geld ein."),  # a place after "aus"
        ("de", "Der Konzern App-Entwickler benachteiligt."),  # a German common noun
        ("en", "Microsoft invested in G42, the Abu Dhabi AI group."),  # a description
        ("en", "The lab plans to buy Blackwell chips for $10 billion."),  # a product, not the object company
        ("de", "Helsing hat eine Milliarde Euro eingesammelt."),  # the amount before the verb, not a name
        ("de", "Parloa hat eine Viertelmilliarde Euro eingesammelt."),
        ("de", "Fünf Millionen Euro erhält das Start-up von Earlybird."),
    ],
)
def test_non_companies_are_not_discovered(nlp, lang, text):
    assert discovered(nlp, lang, text) == []


@pytest.mark.parametrize(("lang", "text", "name"), [
    ("en", "Fidelity and Atreides co-led the round.", "Atreides"),
    ("de", "Blauwal führte die Runde an.", "Blauwal"),
])
def test_the_lead_of_a_round_is_discovered(nlp, lang, text, name):
    assert name in discovered(nlp, lang, text)
