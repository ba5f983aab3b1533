"""Line breaks end sentences, so a headline never merges with the first body sentence."""
from __future__ import annotations

from extractors.nlp.extract import extract_text
from extractors.nlp.pipeline import build_pipeline


def test_headline_and_body_are_separate_sentences():
    nlp = build_pipeline("de", with_facts=False)
    doc = nlp("SAP übernimmt Berliner KI-Start-up\n\nSAP übernimmt das Berliner KI-Start-up Langdock.")
    sentences = [s.text.strip() for s in doc.sents if s.text.strip()]
    assert sentences == ["SAP übernimmt Berliner KI-Start-up", "SAP übernimmt das Berliner KI-Start-up Langdock."]


def test_fact_found_in_body_after_a_headline_without_full_stop():
    text = "SAP übernimmt Berliner KI-Start-up\n\nSAP übernimmt das Berliner KI-Start-up Langdock."
    facts = extract_text(text, lang="de")["facts"]
    assert [(f["type"], f["acquirer"], f["target"]) for f in facts] == [("acquisition", "SAP", "Langdock")]
    assert text[facts[0]["evidence"]["start"]:facts[0]["evidence"]["end"]] == facts[0]["evidence"]["sentence"]


def test_english_headline_line_break():
    text = "Mistral AI raises €1.7 billion\nParis-based Mistral AI has raised €1.7 billion in a Series C round led by ASML."
    rounds = [f for f in extract_text(text, lang="en")["facts"] if f["type"] == "funding_round"]
    assert len(rounds) >= 1
    assert rounds[0]["investee"] == "Mistral AI" and rounds[0]["investors"] == ["ASML"]
