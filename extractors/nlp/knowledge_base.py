"""The company knowledge base: load, validate and index `knowledge/companies.yaml`.

Entity resolution needs one answer to "which organisation is this surface form?", so the file is
validated as a whole before anything uses it: names and aliases are unique across entries
(compared case-insensitively, because a matcher may lowercase), parents resolve and form no
cycle, kinds and ISO 3166-1 country codes are known. Every problem found is reported in one
`KnowledgeBaseError`, one line per problem, each naming the entry, so a bad edit is fixed in one go.

The YAML bytes are also hashed (`knowledge_fingerprint`) so that the extractor version changes
whenever the knowledge changes.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

# kinds of organisations whose business is funding others: never the company raising a round
INVESTOR_KINDS = frozenset({"investor", "bank", "sovereign_fund", "corporate_vc"})
DEFAULT_PATH = Path(__file__).resolve().parent / "knowledge" / "companies.yaml"

KINDS: frozenset[str] = frozenset(
    {
        "lab",
        "bigtech",
        "chipmaker",
        "cloud",
        "startup",
        "investor",
        "sovereign_fund",
        "corporate_vc",
        "bank",
        "media",
        "other",
    }
)

# ISO 3166-1 alpha-2: the 249 officially assigned codes (no reserved ones such as EU, UK or XK).
COUNTRY_CODES: frozenset[str] = frozenset(
    """
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS
    BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE
    EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM
    HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC
    LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA
    NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW
    SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO
    TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW
    """.split()
)

_FIELDS = ("name", "kind", "country", "aliases", "parent", "ticker", "models", "ambiguous")
_REQUIRED = ("name", "kind", "country")


class KnowledgeBaseError(ValueError):
    """The knowledge file is unusable; `problems` holds one message per problem found."""

    def __init__(self, problems: list[str], path: Path | None = None) -> None:
        self.problems = list(problems)
        where = f"{path}: " if path else ""
        head = f"{where}{len(self.problems)} problem(s) in the company knowledge base"
        super().__init__(head + "\n" + "\n".join(f"  - {p}" for p in self.problems))


@dataclass(frozen=True)
class Company:
    """One organisation: its canonical name and everything needed to recognise and file it."""

    name: str
    kind: str
    country: str
    aliases: tuple[str, ...] = ()
    parent: str | None = None
    ticker: str | None = None
    models: tuple[str, ...] = ()
    ambiguous: bool = False

    @property
    def company_id(self) -> str:
        return company_id(self.name)

    @property
    def surface_forms(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


def company_id(name: str) -> str:
    """Stable slug used as `company_id` in the warehouse: "Mistral AI" -> "mistral-ai", "01.AI" -> "01-ai"."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
    if not slug:
        raise ValueError(f"cannot make a company id from {name!r}")
    return slug


def _label(index: int, raw: Any) -> str:
    """How a problem names its entry: position and, when readable, the name."""
    name = raw.get("name") if isinstance(raw, dict) else None
    return f"entry {index + 1} {name!r}" if isinstance(name, str) and name else f"entry {index + 1}"


def _string_list(value: Any, field: str, label: str, problems: list[str]) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        problems.append(f"{label}: {field} must be a list of non-empty strings, got {value!r}")
        return ()
    return tuple(v.strip() for v in value)


def _parse_entry(index: int, raw: Any, problems: list[str]) -> Company | None:
    """Check one entry's own fields; cross-entry checks happen in `_check_relations`."""
    label = _label(index, raw)
    if not isinstance(raw, dict):
        problems.append(f"{label}: must be a mapping with name, kind, country, got {type(raw).__name__}")
        return None
    before = len(problems)
    unknown = sorted(set(raw) - set(_FIELDS))
    if unknown:
        problems.append(f"{label}: unknown field(s) {', '.join(map(str, unknown))}")
    for field in _REQUIRED:
        if not isinstance(raw.get(field), str) or not raw[field].strip():
            problems.append(f"{label}: missing or empty {field}")
    if len(problems) > before:
        return None
    name, kind, country = raw["name"].strip(), raw["kind"].strip(), raw["country"].strip()
    if kind not in KINDS:
        problems.append(f"{label}: bad kind {kind!r} (expected one of {', '.join(sorted(KINDS))})")
    if country not in COUNTRY_CODES:
        problems.append(f"{label}: bad country code {country!r} (expected ISO 3166-1 alpha-2, e.g. US, DE, GB)")
    parent, ticker = raw.get("parent"), raw.get("ticker")
    for field, value in (("parent", parent), ("ticker", ticker)):
        if value is not None and (not isinstance(value, str) or not value.strip()):
            problems.append(f"{label}: {field} must be a name or null, got {value!r}")
    ambiguous = raw.get("ambiguous", False)
    if not isinstance(ambiguous, bool):
        problems.append(f"{label}: ambiguous must be true or false, got {ambiguous!r}")
    aliases = _string_list(raw.get("aliases"), "aliases", label, problems)
    models = _string_list(raw.get("models"), "models", label, problems)
    if len(problems) > before:
        return None
    return Company(
        name=name,
        kind=kind,
        country=country,
        aliases=aliases,
        parent=parent.strip() if parent else None,
        ticker=ticker.strip() if ticker else None,
        models=models,
        ambiguous=ambiguous,
    )


def _check_relations(companies: list[Company], problems: list[str]) -> None:
    """Uniqueness of names, aliases, ids and model families; parents that exist and form no cycle."""
    owner_of_form: dict[str, tuple[int, str]] = {}
    for index, company in enumerate(companies):
        seen_here: set[str] = set()
        for form in company.surface_forms:
            if form in seen_here:
                problems.append(f"{company.name!r}: surface form {form!r} is listed twice in this entry")
                continue
            seen_here.add(form)  # case variants of one entry ("ICONIQ", "Iconiq") are allowed
            owner_index, owner = owner_of_form.setdefault(form.casefold(), (index, company.name))
            if owner_index != index:
                what = "name" if form == company.name else "alias"
                by = f"another entry also named {owner!r}" if owner == company.name else repr(owner)
                problems.append(f"{company.name!r}: duplicate {what} {form!r}, already used by {by}")
    owner_of_id: dict[str, tuple[int, str]] = {}
    for index, company in enumerate(companies):
        owner_index, owner = owner_of_id.setdefault(company.company_id, (index, company.name))
        if owner_index != index and owner != company.name:  # an equal name is already reported above
            problems.append(f"{company.name!r}: company id {company.company_id!r} collides with {owner!r}")
    owner_of_model: dict[str, tuple[int, str]] = {}
    for index, company in enumerate(companies):
        for model in company.models:
            owner_index, owner = owner_of_model.setdefault(model.casefold(), (index, company.name))
            if owner_index != index:
                problems.append(f"{company.name!r}: model family {model!r} already belongs to {owner!r}")
    by_name = {c.name: c for c in companies}
    for company in companies:
        if company.parent is None:
            continue
        if company.parent not in by_name:
            problems.append(f"{company.name!r}: unknown parent {company.parent!r} (must be a canonical name in this file)")
        elif company.parent == company.name:
            problems.append(f"{company.name!r}: is its own parent")
    reported: set[str] = set()
    for company in companies:
        chain = [company.name]
        current = by_name.get(company.parent) if company.parent else None
        while current is not None:
            if current.name in chain:
                cycle = chain[chain.index(current.name):] + [current.name]
                if not reported.intersection(cycle) and len(cycle) > 2:
                    problems.append(f"{company.name!r}: parent cycle {' -> '.join(cycle)}")
                reported.update(cycle)
                break
            chain.append(current.name)
            current = by_name.get(current.parent) if current.parent else None


def parse_companies(text: str | bytes, path: Path | None = None) -> list[Company]:
    """Validate YAML text and return its companies, or raise `KnowledgeBaseError` listing every problem."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise KnowledgeBaseError([f"not valid YAML: {exc}"], path) from None
    if not isinstance(data, list) or not data:
        raise KnowledgeBaseError(["the file must be a non-empty YAML list of company entries"], path)
    problems: list[str] = []
    companies = [c for i, raw in enumerate(data) if (c := _parse_entry(i, raw, problems)) is not None]
    _check_relations(companies, problems)
    if problems:
        raise KnowledgeBaseError(problems, path)
    return companies


@lru_cache(maxsize=8)
def _load_cached(path: Path, mtime_ns: int, size: int) -> tuple[tuple[Company, ...], str]:
    data = path.read_bytes()
    return tuple(parse_companies(data, path)), hashlib.sha256(data).hexdigest()


def _load(path: str | Path | None) -> tuple[tuple[Company, ...], str]:
    """Parse once per file version: the cache key includes mtime and size, so an edited file is re-read."""
    resolved = Path(path).resolve() if path is not None else DEFAULT_PATH
    try:
        stat = resolved.stat()
    except OSError as exc:
        raise KnowledgeBaseError([f"cannot read the knowledge file: {exc.strerror}"], resolved) from None
    return _load_cached(resolved, stat.st_mtime_ns, stat.st_size)


def load_companies(path: str | Path | None = None) -> list[Company]:
    """All companies of the knowledge file (the packaged one by default), validated once and cached."""
    return list(_load(path)[0])


def companies_by_name(path: str | Path | None = None) -> dict[str, Company]:
    """Canonical name -> Company."""
    return {c.name: c for c in load_companies(path)}


def surface_forms(path: str | Path | None = None) -> dict[str, str]:
    """Every surface form (canonical name and aliases, as written) -> canonical name."""
    return {form: c.name for c in load_companies(path) for form in c.surface_forms}


def model_families(path: str | Path | None = None) -> dict[str, str]:
    """Model family name -> the company that releases it, for recognising model releases."""
    return {model: c.name for c in load_companies(path) for model in c.models}


def knowledge_fingerprint(path: str | Path | None = None) -> str:
    """Short sha256 of the YAML bytes: part of the extractor version, so new knowledge means a new version."""
    return _load(path)[1][:12]


class KnowledgeBase:
    """The knowledge file as the extraction uses it: loaded once per file version by `knowledge_base()` and
    handed to every component and rule, so nothing below the pipeline loads the file on its own."""

    def __init__(self, companies: tuple[Company, ...], fingerprint: str, path: Path) -> None:
        self.companies = companies
        self.fingerprint = fingerprint
        self.path = path
        self.by_name: dict[str, Company] = {c.name: c for c in companies}
        self.kinds: dict[str, str] = {c.name: c.kind for c in companies}
        self.media_names: frozenset[str] = frozenset(c.name for c in companies if c.kind == "media")
        self.listed_names: frozenset[str] = frozenset(c.name for c in companies if c.ticker)
        self.model_families: dict[str, str] = {m: c.name for c in companies for m in c.models}
        self.surface_forms: frozenset[str] = frozenset(f for c in companies for f in c.surface_forms)

    def __repr__(self) -> str:
        return f"KnowledgeBase({self.path}, {len(self.companies)} companies, {self.fingerprint[:12]})"


@lru_cache(maxsize=8)
def _knowledge_base_cached(path: Path, mtime_ns: int, size: int) -> KnowledgeBase:
    companies, digest = _load_cached(path, mtime_ns, size)
    return KnowledgeBase(companies, digest, path)


def knowledge_base(path: str | Path | None = None) -> KnowledgeBase:
    """The KnowledgeBase of a knowledge file (the packaged one by default): the same object for the same
    file version, so every component of a pipeline shares one."""
    resolved = Path(path).resolve() if path is not None else DEFAULT_PATH
    try:
        stat = resolved.stat()
    except OSError as exc:
        raise KnowledgeBaseError([f"cannot read the knowledge file: {exc.strerror}"], resolved) from None
    return _knowledge_base_cached(resolved, stat.st_mtime_ns, stat.st_size)
