"""`newsmon_orgs`: knowledge-base organisations as ORG entities, German morphology, resolution to canonical names."""
from __future__ import annotations

import pytest

from extractors.nlp.pipeline import build_pipeline


@pytest.fixture(scope="module")
def nlp():
    return {lang: build_pipeline(lang, with_facts=False) for lang in ("en", "de")}


def orgs(nlp, lang: str, text: str) -> list[str]:
    return [e.kb_id_ for e in nlp[lang](text).ents if e.label_ == "ORG"]


@pytest.mark.parametrize("lang", ["en", "de"])
def test_hyphen_compound_names_the_first_part_in_both_tokenizations(nlp, lang):
    # the German tokenizer keeps "Nvidia-Aktie" as one token, the English one splits it
    assert orgs(nlp, lang, "Die Nvidia-Aktie steigt, der OpenAI-Konkurrent Anthropic auch.") == ["Nvidia", "OpenAI", "Anthropic"]


def test_german_genitive_s(nlp):
    assert orgs(nlp, "de", "Nvidias Chips und OpenAIs Modelle sind gefragt.") == ["Nvidia", "OpenAI"]


def test_german_leading_adjective_inflects(nlp):
    text = "Mit Unterstützung der Deutschen Bank und der Deutschen Telekom wächst das Start-up."
    assert orgs(nlp, "de", text) == ["Deutsche Bank", "Deutsche Telekom"]


def test_genitive_s_is_german_only(nlp):
    assert orgs(nlp, "en", "Metas are not a company.") == []


def test_english_possessive(nlp):
    doc = nlp["en"]("OpenAI's new model beat Google's.")
    assert [(e.text, e.kb_id_) for e in doc.ents] == [("OpenAI", "OpenAI"), ("Google", "Google")]


def test_parent_modifier_is_dropped_for_the_organisation_it_describes(nlp):
    assert orgs(nlp, "de", "Das Google-Mutterunternehmen Alphabet investiert.") == ["Alphabet"]


def test_aliases_resolve_to_canonical_names(nlp):
    assert orgs(nlp, "en", "Amazon.com and Meta Platforms reported results.") == ["Amazon", "Meta"]


def test_person_possessive_keeps_the_company(nlp):
    assert orgs(nlp, "de", "Musks xAI sammelt Geld ein.") == ["xAI"]


def test_matching_is_case_sensitive(nlp):
    assert orgs(nlp, "en", "an openai rival and an apple pie") == []


def test_ambiguous_name_needs_company_context(nlp):
    assert orgs(nlp, "en", "The painting shows a figure in the rain.") == []
    assert "Figure AI" in orgs(nlp, "en", "Robotics start-up Figure raised $1 billion from investors.")


def test_entities_carry_confidence(nlp):
    ent = nlp["en"]("Anthropic hired staff.").ents[0]
    assert ent._.org_confidence == pytest.approx(0.95)
    assert ent._.org_discovered is False


def test_lowercase_name_io_is_matched_in_company_context(nlp):
    assert orgs(nlp, "en", "OpenAI agreed to buy io, the device start-up of Jony Ive.") == ["OpenAI", "io"]
    assert orgs(nlp, "de", "OpenAI übernimmt das Hardware-Start-up io für 6,5 Milliarden Dollar.") == ["OpenAI", "io"]


def test_a_name_inside_a_domain_or_handle_is_not_a_mention(nlp):
    assert orgs(nlp, "en", "The company's site lumora.io went live; see x.com/Nvidia for details.") == []


def test_azure_and_the_stargate_project_are_not_organisations(nlp):
    assert orgs(nlp, "en", "Microsoft reported rapid Azure growth and Microsoft Azure outages.") == ["Microsoft", "Microsoft"]
    assert orgs(nlp, "de", "Das Stargate-Projekt von OpenAI und Oracle wächst.") == ["OpenAI", "Oracle"]


def test_german_investor_compound_is_company_context_for_ambiguous_names(nlp):
    assert orgs(nlp, "de", "Beteiligt war auch der Bestandsinvestor Earlybird.") == ["Earlybird"]


def test_sentence_initial_shares_is_company_context_for_ambiguous_names(nlp):
    assert orgs(nlp, "en", "Shares in Arm dropped 8 per cent on Thursday.") == ["Arm"]
    assert orgs(nlp, "en", "He hurt his arm. Arm wrestling is a sport.") == []


def test_well_known_non_ai_companies_and_analyst_houses(nlp):
    assert orgs(nlp, "en", "Analysts at Bernstein raised their target; Munich Re and Swiss Re use the model.") == [
        "Bernstein", "Munich Re", "Swiss Re"]
    assert orgs(nlp, "de", "Lidl und Kaufland gehören zur Schwarz-Gruppe; Zalando testet den Chatbot.")[:1] == ["Lidl"]
    # ordinary words stay words; the trading venue is no organisation
    assert orgs(nlp, "en", "She got a visa for the US. Nvidia shares rose 2% on the Nasdaq.") == ["Nvidia"]


def test_plural_of_an_ambiguous_name_after_a_lower_case_word_is_a_plural(nlp):
    assert orgs(nlp, "de", "Das Modell soll in Benchmarks vorne liegen.") == []
    assert orgs(nlp, "de", "Mistrals Bewertung stieg auf 12 Milliarden Euro.") == ["Mistral AI"]


def test_a_flattened_camel_case_brand_in_company_context_is_the_company():
    """Not a case file: a case's `orgs` ignores their order (the counterpart without company context is
    cases/orgs/flattened_camel_case_brand_without_company_context.yaml)."""
    from extractors.nlp.extract import extract_text

    assert extract_text("OpenAI sammelt 40 Milliarden Dollar ein, angeführt von Softbank.", lang="de")["orgs"] == \
        ["OpenAI", "SoftBank Group"]


def test_german_compounds_of_multi_word_names():
    """Not a case file: a case's `orgs` ignores their order."""
    from extractors.nlp.extract import extract_text

    out = extract_text("Die Deutsche-Bank-Papiere verloren 4 Prozent, die Munich-Re-Aktie 3 Prozent.", lang="de")
    assert out["orgs"] == ["Deutsche Bank", "Munich Re"]
