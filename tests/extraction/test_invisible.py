"""Invisible format characters are normalised before the rules run; offsets stay on the caller's text."""
from __future__ import annotations

from extractors.nlp.extract import extract_text
from extractors.nlp.invisible import normalise


def _offsets_hold(text: str, out: dict) -> None:
    for item in out["money"]:
        assert text[item["start"]:item["end"]] == item["surface"]
    for fact in out["facts"]:
        evidence = fact["evidence"]
        assert text[evidence["start"]:evidence["end"]] == evidence["sentence"]


def test_a_zero_width_space_inside_a_name_does_not_cut_it():
    text = "Micro\u200bsoft invested $2 billion in Open\u00adAI on Tuesday."
    out = extract_text(text, lang="en")
    assert out["orgs"] == ["Microsoft", "OpenAI"]
    assert [(f["investor"], f["investee"], f["amount"]) for f in out["facts"]] == [("Microsoft", "OpenAI", 2_000_000_000)]
    _offsets_hold(text, out)


def test_a_paragraph_separator_inside_an_amount_makes_no_one_dollar_round():
    text = "Acme raised $1\u2029 billion."
    out = extract_text(text, lang="en")
    assert not [f for f in out["facts"] if f["type"] == "funding_round"]
    _offsets_hold(text, out)


def test_no_break_spaces_read_as_spaces_and_surfaces_keep_them():
    text = "SAP investiert 5\u00a0Mio.\u00a0Euro in Aleph\u202fAlpha."
    out = extract_text(text, lang="de")
    assert out["money"][0]["surface"] == "5\u00a0Mio.\u00a0Euro" and out["money"][0]["value"] == 5_000_000
    assert out["facts"][0]["investee"] == "Aleph Alpha"
    _offsets_hold(text, out)


def test_offsets_map_back_around_removed_characters():
    readable = normalise("a\u200bb\ufeffc")
    assert readable.text == "abc"
    assert [readable.original_offset(i) for i in range(3)] == [0, 2, 4]
    assert readable.original_offset(3, end=True) == 5 and readable.original_offset(1, end=True) == 1


def test_plain_text_is_left_alone():
    readable = normalise("Nvidia kauft Run:ai.")
    assert readable.text == "Nvidia kauft Run:ai." and readable.positions is None
