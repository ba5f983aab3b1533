"""The company knowledge base: the shipped file is valid and complete enough, and bad files fail clearly.

Entity resolution trusts this file blindly, so the checks here are what keeps a surface form pointing
at exactly one organisation and every parent resolvable.
"""
from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from extractors.nlp.knowledge_base import (
    DEFAULT_PATH,
    KINDS,
    Company,
    KnowledgeBaseError,
    companies_by_name,
    company_id,
    knowledge_fingerprint,
    load_companies,
    model_families,
    surface_forms,
)

# ---------------------------------------------------------------------------------------------- the real file


def test_real_file_validates_with_enough_entries() -> None:
    companies = load_companies()
    assert len(companies) >= 250
    assert all(isinstance(c, Company) for c in companies)


def test_every_kind_is_used() -> None:
    used = {c.kind for c in load_companies()}
    assert used == set(KINDS)


REQUIRED = {
    "lab": ["OpenAI", "Anthropic", "xAI", "Mistral AI", "Cohere", "AI21 Labs", "Aleph Alpha", "Black Forest Labs",
            "Safe Superintelligence", "Thinking Machines Lab", "Reflection AI", "Sakana AI", "DeepSeek",
            "Moonshot AI", "Zhipu AI", "MiniMax", "Baichuan", "01.AI", "StepFun", "Google DeepMind", "H Company"],
    "bigtech": ["Alphabet", "Google", "Microsoft", "Meta", "Amazon", "Apple", "IBM", "Oracle", "Salesforce", "SAP",
                "Samsung", "Alibaba", "Tencent", "Baidu", "ByteDance", "Huawei"],
    "chipmaker": ["Nvidia", "AMD", "Intel", "TSMC", "Arm", "Broadcom", "Qualcomm", "Cerebras", "Groq", "SambaNova",
                  "Graphcore", "Tenstorrent", "ASML", "SK Hynix", "Micron"],
    "cloud": ["AWS", "CoreWeave", "Lambda", "Nebius", "Together AI", "Crusoe", "Databricks", "Snowflake"],
    "startup": ["Scale AI", "Hugging Face", "DeepL", "Helsing", "Parloa", "n8n", "Langdock", "Quantum Systems",
                "Celonis", "Personio", "Poolside", "Perplexity", "Anysphere", "Cognition", "Harvey", "Glean",
                "Sierra", "Character.AI", "Runway", "ElevenLabs", "Synthesia", "Figure AI", "Skild AI"],
    "investor": ["Sequoia Capital", "Andreessen Horowitz", "Lightspeed Venture Partners", "Index Ventures", "Accel",
                 "General Catalyst", "Thrive Capital", "Founders Fund", "Khosla Ventures", "Greenoaks",
                 "Kleiner Perkins", "Insight Partners", "Tiger Global", "Coatue", "Iconiq", "Y Combinator",
                 "Earlybird", "HV Capital", "Project A", "Lakestar", "Cherry Ventures", "Point Nine",
                 "SoftBank Group", "SoftBank Vision Fund"],
    "sovereign_fund": ["MGX", "Mubadala", "PIF", "QIA", "Temasek", "GIC", "KfW", "SPRIND"],
    "corporate_vc": ["GV", "CapitalG", "NVentures", "M12", "Salesforce Ventures", "Samsung Next", "Intel Capital",
                     "Wa'ed Ventures"],
    "bank": ["Fidelity", "T. Rowe Price", "BlackRock", "Goldman Sachs", "Morgan Stanley", "JPMorgan", "Blackstone"],
    "media": ["Reuters", "Bloomberg", "The Information", "Financial Times", "Wall Street Journal", "Handelsblatt",
              "CNBC"],
}


@pytest.mark.parametrize("kind", sorted(REQUIRED))
def test_required_organisations_present_with_their_kind(kind: str) -> None:
    by_name = companies_by_name()
    missing = [n for n in REQUIRED[kind] if n not in by_name]
    assert not missing, f"missing canonical names: {missing}"
    wrong = {n: by_name[n].kind for n in REQUIRED[kind] if by_name[n].kind != kind}
    assert not wrong, f"expected kind {kind}: {wrong}"


@pytest.mark.parametrize(
    ("child", "parent"),
    [
        ("Google", "Alphabet"),
        ("AWS", "Amazon"),
        ("GV", "Alphabet"),
        ("CapitalG", "Alphabet"),
        ("Google DeepMind", "Alphabet"),
        ("Waymo", "Alphabet"),
        ("YouTube", "Google"),
        ("Instagram", "Meta"),
        ("M12", "Microsoft"),
        ("NVentures", "Nvidia"),
        ("Arm", "SoftBank Group"),
        ("SoftBank Vision Fund", "SoftBank Group"),
        ("Wall Street Journal", "Dow Jones"),
    ],
)
def test_parents_resolve(child: str, parent: str) -> None:
    by_name = companies_by_name()
    assert by_name[child].parent == parent
    assert parent in by_name


def test_every_parent_is_a_canonical_name_and_top_level_companies_exist() -> None:
    by_name = companies_by_name()
    assert all(c.parent in by_name for c in by_name.values() if c.parent is not None)
    assert by_name["Alphabet"].parent is None
    assert by_name["OpenAI"].parent is None  # Microsoft's stake is not control


@pytest.mark.parametrize(
    ("form", "canonical"),
    [
        ("Amazon.com", "Amazon"),
        ("Meta Platforms", "Meta"),
        ("Facebook", "Meta"),
        ("Alphabet Inc.", "Alphabet"),
        ("Amazon Web Services", "AWS"),
        ("Open AI", "OpenAI"),
        ("X.AI", "xAI"),
        ("Deepmind", "Google DeepMind"),
        ("DeepMind", "Google DeepMind"),
        ("Mistral", "Mistral AI"),
        ("Telekom", "Deutsche Telekom"),
        ("Cursor", "Anysphere"),
        ("a16z", "Andreessen Horowitz"),
        ("Public Investment Fund", "PIF"),
        ("Google Ventures", "GV"),
        ("Taiwan Semiconductor Manufacturing Co.", "TSMC"),
        ("Bundesagentur für Sprunginnovationen", "SPRIND"),
        ("Twitter", "X"),
        ("Nvidia", "Nvidia"),
    ],
)
def test_surface_forms_map_to_canonical_names(form: str, canonical: str) -> None:
    assert surface_forms()[form] == canonical


def test_surface_forms_are_unique_ignoring_case_across_entries() -> None:
    owners: dict[str, set[str]] = {}
    for company in load_companies():
        for form in company.surface_forms:
            owners.setdefault(form.casefold(), set()).add(company.name)
    shared = {form: names for form, names in owners.items() if len(names) > 1}
    assert not shared


def test_german_inflections_and_compounds_are_not_listed() -> None:
    """The matcher derives genitive -s and hyphen compounds; listing them would duplicate its work."""
    forms = set(surface_forms())
    genitives = sorted(f for f in forms if f.endswith("s") and f[:-1] in forms)
    compounds = sorted(f for f in forms if re.search(r"-(Aktie|Konkurrent|Chef|Mutter\w*|Tochter)$", f))
    assert not genitives and not compounds


def test_ambiguous_flags_mark_ordinary_words() -> None:
    by_name = companies_by_name()
    for name in ["Scale AI", "Character.AI", "Harvey", "Sierra", "Figure AI", "Runway", "Mistral AI", "Arm"]:
        assert by_name[name].ambiguous, name
    for name in ["Apple", "Nvidia", "OpenAI", "Anthropic"]:
        assert not by_name[name].ambiguous, name


def test_tickers_where_listed_and_well_formed() -> None:
    by_name = companies_by_name()
    assert by_name["Nvidia"].ticker == "NVDA"
    assert by_name["Alphabet"].ticker == "GOOGL"
    assert by_name["SoftBank Group"].ticker == "9984.T"
    assert by_name["Google"].ticker is None and by_name["OpenAI"].ticker is None
    bad = {c.name: c.ticker for c in by_name.values()
           if c.ticker is not None and not re.fullmatch(r"[A-Z0-9]{1,8}(-[A-Z])?(\.[A-Z]{1,2})?", c.ticker)}
    assert not bad


@pytest.mark.parametrize(
    ("model", "company"),
    [("Claude", "Anthropic"), ("GPT", "OpenAI"), ("Llama", "Meta"), ("Grok", "xAI"), ("Gemini", "Google"),
     ("Qwen", "Alibaba"), ("Mistral Large", "Mistral AI"), ("DeepSeek-R1", "DeepSeek"), ("Command R", "Cohere")],
)
def test_model_families_belong_to_their_maker(model: str, company: str) -> None:
    assert model_families()[model] == company


@pytest.mark.parametrize(
    ("name", "slug"),
    [("Mistral AI", "mistral-ai"), ("01.AI", "01-ai"), ("Character.AI", "character-ai"), ("xAI", "xai"),
     ("Süddeutsche Zeitung", "suddeutsche-zeitung"), ("Wa'ed Ventures", "wa-ed-ventures"),
     ("Weights & Biases", "weights-biases"), ("T. Rowe Price", "t-rowe-price")],
)
def test_company_id_is_a_stable_slug(name: str, slug: str) -> None:
    assert company_id(name) == slug


def test_company_ids_of_the_real_file_are_unique_slugs() -> None:
    ids = [c.company_id for c in load_companies()]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i) for i in ids)


def test_countries_in_real_file_are_quoted_correctly() -> None:
    """Norway must be "NO": unquoted YAML would read it as false and the loader would reject it."""
    assert companies_by_name()["1X"].country == "NO"


def test_fingerprint_is_short_hex_and_follows_the_bytes(tmp_path: Path) -> None:
    real = knowledge_fingerprint()
    assert re.fullmatch(r"[0-9a-f]{12}", real)
    copy = tmp_path / "companies.yaml"
    copy.write_bytes(DEFAULT_PATH.read_bytes())
    assert knowledge_fingerprint(copy) == real
    copy.write_bytes(DEFAULT_PATH.read_bytes() + b"\n# a comment changes the knowledge version too\n")
    assert knowledge_fingerprint(copy) != real


def test_loading_is_cached_but_callers_cannot_change_the_cache() -> None:
    first = load_companies()
    first.clear()
    assert len(load_companies()) >= 250


# ---------------------------------------------------------------------------------------------- bad files

GOOD_ENTRY = """
- name: Alphabet
  kind: bigtech
  country: US
"""


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "companies.yaml"
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


def _problems(tmp_path: Path, body: str) -> list[str]:
    with pytest.raises(KnowledgeBaseError) as info:
        load_companies(_write(tmp_path, body))
    return info.value.problems


def test_small_valid_file_loads(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD_ENTRY + """
- name: Google
  kind: bigtech
  country: US
  aliases: [Google LLC]
  parent: Alphabet
""")
    companies = load_companies(path)
    assert [c.name for c in companies] == ["Alphabet", "Google"]
    assert companies[1].parent == "Alphabet" and companies[1].aliases == ("Google LLC",)
    assert surface_forms(path) == {"Alphabet": "Alphabet", "Google": "Google", "Google LLC": "Google"}


def test_duplicate_name(tmp_path: Path) -> None:
    problems = _problems(tmp_path, GOOD_ENTRY + GOOD_ENTRY)
    assert problems == ["'Alphabet': duplicate name 'Alphabet', already used by another entry also named 'Alphabet'"]


def test_duplicate_alias_across_entries_ignoring_case(tmp_path: Path) -> None:
    problems = _problems(tmp_path, GOOD_ENTRY + """
- name: Scale AI
  kind: startup
  country: US
  aliases: [Scale]
- name: Scale Venture Partners
  kind: investor
  country: US
  aliases: [SCALE]
""")
    assert len(problems) == 1
    assert "'Scale Venture Partners'" in problems[0] and "'SCALE'" in problems[0] and "'Scale AI'" in problems[0]


def test_alias_equal_to_another_entrys_name(tmp_path: Path) -> None:
    problems = _problems(tmp_path, GOOD_ENTRY + """
- name: Google
  kind: bigtech
  country: US
  aliases: [Alphabet]
""")
    assert len(problems) == 1 and "'Google'" in problems[0] and "'Alphabet'" in problems[0]


def test_unknown_parent(tmp_path: Path) -> None:
    problems = _problems(tmp_path, """
- name: AWS
  kind: cloud
  country: US
  parent: Amazon.com
""")
    assert len(problems) == 1 and "'AWS'" in problems[0] and "unknown parent 'Amazon.com'" in problems[0]


def test_parent_cycle(tmp_path: Path) -> None:
    problems = _problems(tmp_path, """
- name: Alpha
  kind: other
  country: US
  parent: Beta
- name: Beta
  kind: other
  country: US
  parent: Gamma
- name: Gamma
  kind: other
  country: US
  parent: Alpha
""")
    assert len(problems) == 1
    assert "parent cycle" in problems[0] and all(n in problems[0] for n in ("Alpha", "Beta", "Gamma"))


def test_own_parent(tmp_path: Path) -> None:
    problems = _problems(tmp_path, """
- name: Loop
  kind: other
  country: US
  parent: Loop
""")
    assert problems == ["'Loop': is its own parent"]


def test_bad_kind(tmp_path: Path) -> None:
    problems = _problems(tmp_path, """
- name: Nvidia
  kind: chip_maker
  country: US
""")
    assert len(problems) == 1 and "entry 1 'Nvidia'" in problems[0] and "bad kind 'chip_maker'" in problems[0]


def test_bad_country_code(tmp_path: Path) -> None:
    problems = _problems(tmp_path, GOOD_ENTRY + """
- name: Arm
  kind: chipmaker
  country: UK
""")
    assert len(problems) == 1 and "entry 2 'Arm'" in problems[0] and "bad country code 'UK'" in problems[0]


def test_unquoted_norway_is_caught(tmp_path: Path) -> None:
    problems = _problems(tmp_path, """
- name: 1X
  kind: startup
  country: NO
""")
    assert len(problems) == 1 and "'1X'" in problems[0] and "country" in problems[0]


def test_missing_and_unknown_fields(tmp_path: Path) -> None:
    problems = _problems(tmp_path, """
- name: Anthropic
  kind: lab
  contry: US
""")
    assert len(problems) == 2
    assert all("entry 1 'Anthropic'" in p for p in problems)
    assert any("unknown field(s) contry" in p for p in problems)
    assert any("missing or empty country" in p for p in problems)


def test_wrong_types(tmp_path: Path) -> None:
    problems = _problems(tmp_path, """
- name: Cohere
  kind: lab
  country: CA
  aliases: Cohere Inc.
  ambiguous: "yes"
""")
    assert len(problems) == 2 and all("'Cohere'" in p for p in problems)
    assert any("aliases must be a list" in p for p in problems)
    assert any("ambiguous must be true or false" in p for p in problems)


def test_model_family_claimed_twice(tmp_path: Path) -> None:
    problems = _problems(tmp_path, """
- name: Meta
  kind: bigtech
  country: US
  models: [Llama]
- name: Microsoft
  kind: bigtech
  country: US
  models: [llama]
""")
    assert len(problems) == 1 and "'Microsoft'" in problems[0] and "'Meta'" in problems[0]


def test_company_id_collision(tmp_path: Path) -> None:
    problems = _problems(tmp_path, """
- name: Character.AI
  kind: startup
  country: US
- name: Character AI
  kind: startup
  country: US
""")
    assert len(problems) == 1 and "company id 'character-ai'" in problems[0]


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    problems = _problems(tmp_path, """
- name: One
  kind: nope
  country: US
- name: Two
  kind: lab
  country: XX
- name: Three
  kind: lab
  country: US
  parent: Nobody
""")
    assert len(problems) == 3
    assert ["One" in problems[0], "Two" in problems[1], "Three" in problems[2]] == [True, True, True]


@pytest.mark.parametrize("body", ["", "name: OpenAI\n", "- [unclosed\n"])
def test_not_a_list_of_entries(tmp_path: Path, body: str) -> None:
    problems = _problems(tmp_path, body)
    assert len(problems) == 1 and ("YAML" in problems[0])


def test_error_message_names_the_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "- name: X\n  kind: lab\n  country: ZZ\n")
    with pytest.raises(KnowledgeBaseError, match=re.escape(str(path))):
        load_companies(path)


def test_missing_file_is_a_knowledge_base_error(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeBaseError, match="cannot read"):
        load_companies(tmp_path / "absent.yaml")


def test_edited_file_is_reread(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD_ENTRY)
    assert [c.name for c in load_companies(path)] == ["Alphabet"]
    path.write_text(GOOD_ENTRY + "- name: Google DeepMind\n  kind: lab\n  country: GB\n", encoding="utf-8")
    assert [c.name for c in load_companies(path)] == ["Alphabet", "Google DeepMind"]


def test_knowledge_file_ships_inside_a_package() -> None:
    """Regression: without an __init__.py next to it, a built wheel would leave companies.yaml behind."""
    assert DEFAULT_PATH.is_file()
    assert (DEFAULT_PATH.parent / "__init__.py").is_file()


# ---------------------------------------------------------------- additions of the issue-3 follow-up


@pytest.mark.parametrize(
    ("name", "kind", "country"),
    [("Disney", "other", "US"), ("Nokia", "other", "FI"), ("Spotify", "other", "SE"), ("Swisscom", "other", "CH"),
     ("Swisscom Ventures", "corporate_vc", "CH"), ("Informatica", "other", "US"), ("McKinsey", "other", "US"),
     ("Altair", "other", "US"), ("ZT Systems", "other", "US"), ("Core Scientific", "cloud", "US"),
     ("Lepton AI", "startup", "US"), ("WiseTech Global", "other", "AU"), ("Bain Capital Ventures", "investor", "US"),
     ("Inovia Capital", "investor", "CA"), ("Elaia", "investor", "FR"), ("Kima Ventures", "investor", "FR"),
     ("Atlantic Bridge", "investor", "IE"), ("Durable Capital Partners", "investor", "US"), ("io", "startup", "US")],
)
def test_organisations_often_in_ai_news_are_known(name: str, kind: str, country: str) -> None:
    company = companies_by_name()[name]
    assert (company.kind, company.country) == (kind, country)


def test_acquired_companies_point_to_their_buyer() -> None:
    by_name = companies_by_name()
    assert by_name["io"].parent == "OpenAI" and by_name["Informatica"].parent == "Salesforce"
    assert by_name["Swisscom Ventures"].parent == "Swisscom" and by_name["Bain Capital Ventures"].parent == "Bain Capital"


def test_azure_is_a_product_and_stargate_a_project_not_organisations() -> None:
    forms = {f.casefold() for f in surface_forms()}
    assert "azure" not in forms and "microsoft azure" not in forms  # "Microsoft Azure" names Microsoft
    assert "stargate" not in forms and "stargate project" not in forms
    assert companies_by_name()["Stargate LLC"].kind == "other"  # the joint-venture company itself
