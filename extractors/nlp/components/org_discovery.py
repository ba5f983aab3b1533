"""`newsmon_org_discovery`: organisations missing from the knowledge base, found from their context.

New entrants appear in the news before anyone adds them to the knowledge file, so a few high-precision
contexts name a company with certainty even when the name is unknown:

- a descriptor before the name: "the San Francisco startup X", "AI startup X", "das Berliner KI-Startup X",
  "Start-up X aus München";
- an apposition after it: "X, a Paris-based ...", "X, an AI startup", "X, ein Münchner Start-up";
- a legal or lab suffix: "X Inc.", "X GmbH", "X AG", "X Labs", "X AI";
- the subject of a funding verb: "X raised", "X has closed", "X sammelt ... ein", "X erhält";
- the object of an English takeover verb with its price: "buy X for $6.4 billion", "acquire X in an all-stock deal";
- the lead of a round as subject: "X co-led the round", "X führte die Runde an".

The name is a run of capitalised words that is not a sentence-initial function word, not a person (no
"CEO Sam Altman", no known first name), not a known model or product, and not already a KB organisation.
Discovered entities get a lower `org_confidence` and `org_discovered = True`; `kb_id_` is the name itself.
"""
from __future__ import annotations

from bisect import bisect_left
import re
from dataclasses import dataclass

from spacy.language import Language

from extractors.nlp.lexicon import lexicon, literal_trie
from extractors.nlp.numbers import scale_value

from extractors.nlp.doc_text import doc_text
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from extractors.nlp.components.extensions import ensure_extensions
from extractors.nlp.annotations import remember_org

DISCOVERY_CONFIDENCE = 0.6

# One capitalised word: letters/digits inside, may carry internal caps, dots or "&" ("Hugging", "H2O.ai").
_WORD = r"(?:[A-ZÄÖÜ][\w&+]*(?:\.[a-z]{2,3})?|[0-9]+[A-Za-z][\w]*|[a-z]{1,2}[A-Z][\w&+]*)"  # also "iGate", "eBay"
_NAME = rf"(?P<name>{_WORD}(?:(?:[ -]| & ){_WORD}){{0,3}})"
_DESCRIPTOR_EN = (
    r"(?:start-?up|company|firm|lab|developer|(?:chip)?maker|unicorn|provider|platform|scale-?up|rival|spinout|spin-off"
    r"|(?:chip )?designer|publisher|supplier|vendor|specialist|outfit)"
)
# No leading "[\w-]*" for the compound's first part ("KI-Startup", "Softwarehersteller"): the descriptor
# only has to end the word, and a leading wildcard would make the regex backtrack over every word.
_DESCRIPTOR_DE = (
    r"(?:(?:[Ss]tart-?up|[Uu]nternehmen|[Ff]irma|[Aa]nbieter|[Ee]ntwickler|[Ss]pezialist|[Hh]ersteller|[Ee]inhorn"
    r"|[Pp]lattform|[Bb]auer|[Bb]etreiber|[Dd]ienst|[Kk]onzern|[Ii]nvestor|[Gg]eldgeber|[Ff]onds|[Ww]agniskapitalgeber"
    r"|[Cc]hipdesigner|[Vv]erlag|[Zz]ulieferer|[Dd]ienstleister|[Ss]chmiede|[Aa]usrüster)(?:s|en|n|es|e)?)"
)
_SUFFIX_KEEP = (
    r"(?:Labs|AI|Robotics|Technologies|Systems|Dynamics|Intelligence|Bio|Health|Security|Ventures|Capital|Partners|Computing"
    r"|Global|Analytics|Investments|Holdings|Group|Fund|Management|Semiconductor|Semiconductors|Networks|Software"
    r"|Scientific|Biosciences|Therapeutics|Aerospace)"
)
_SUFFIX_KEEP_RE = re.compile(_SUFFIX_KEEP)
# Investor lists in a funding context: "led by A", "from A and B", "angeführt von A", "Lead-Investor ist A".
_INVESTOR_INTRO = {
    "en": re.compile(
        r"\b(?:(?:round|funding|financing|Series [A-F]|seed|investment|raised [^.;]{0,40}?)\s+(?:led|co-led)\s+by|led by|co-led by"
        r"|(?:funding|financing|investment|raised [^.;]{0,40}?)\s+from|participation from|backed by|backers include|investors include)\s+"
        r"(?:(?:existing|new|investors?|backers?|the|firms?|funds?|venture|capital|firm)\s+){0,3}"
    ),
    "de": re.compile(
        r"(?:angeführt (?:wird|wurde)?\s*(?:\w+ ){0,3}?von|[Aa]ngeführt wurde die (?:Runde|Finanzierung) von|unter (?:der )?Führung (?:von|des|der)"
        r"|Lead-Investor (?:ist|war|sind)|mit Beteiligung von|(?:Investoren|Geldgeber) wie|beteiligt sind (?:unter anderem |u\. ?a\. )?)\s+"
        r"(?:(?:dem|der|den|des|die|das|Investor|Investoren|Geldgeber|Wagniskapitalgeber|VC|Fonds|Risikokapitalgeber)\s+){0,3}"
    ),
}
_LIST_SPLIT = re.compile(r"\s*(?:,\s*(?:and|und|sowie)?|\band\b|\bund\b|\bsowie\b|&)\s*")
_WHICH_RAISED = {
    "en": re.compile(
        rf"(?:^|(?<=[.!?]\s))(?:The\s+)?{_NAME},\s+(?:which|who|whose|that)\b[^.;]{{0,160}}?,\s+(?:has\s+|had\s+)?(?:raised|secured|closed|landed)\b"
    ),
    "de": re.compile(
        rf"(?:^|(?<=[.!?]\s)){_NAME},\s+(?:das|die|der|dessen|deren)\b[^.;]{{0,160}}?,\s+(?:hat\s+|sammelt|erhält|holt|bekommt)"
    ),
}
_SUFFIX_DROP = r"(?:Inc\.|Inc\b|Corp\.|Corp\b|Ltd\.|LLC|GmbH|AG|SE|SAS|S\.A\.|B\.V\.|N\.V\.|PLC|plc)"

_MOVE_EN = r"(?:rose|rise|rises|fell|fall|falls|jumped|jumps|slumped|slumps|soared|soars|surged|surges|gained|gains|dropped|drops|climbed|climbs|tumbled|tumbles|slid|slides|sank|sinks|plunged|plunges|rallied|rallies|were|was|closed|traded|opened|ended)\b"
_MOVE_DE = r"(?:stiegen|stieg|steigen|fielen|fiel|fallen|legten|legte|gewannen|gewann|verloren|verlor|sanken|sank|kletterten|kletterte|brachen|brach|schnellten|schnellte|rutschten|rutschte|zogen|zog|gaben|gab|büßten|büßte|gestiegen|gefallen|eingebrochen)\b"

def _case_variants(words: str) -> set[str]:
    """"[Ss]tart-?up|firma" -> every literal spelling, for `literal_trie` (a trie of literals lets
    Python's `re` reject a position after one character; the class-led alternation tried every branch)."""
    out: set[str] = set()
    for word in words.split("|"):
        forms = [""]
        for part in re.findall(r"\[(\w)(\w)\]|(.)\?|(.)", word):
            upper_lower, optional, plain = (part[0] + part[1]) if part[0] else "", part[2], part[3]
            if upper_lower:
                forms = [f + c for f in forms for c in upper_lower]
            elif optional:
                forms = [f + c for f in forms for c in (optional, "")]
            else:
                forms = [f + plain for f in forms]
        for form in forms:
            out.update({form, form[:1].upper() + form[1:]})
    return out


_DESCRIPTOR_DE_WORDS = (
    "[Ss]tart-?up|[Uu]nternehmen|[Ff]irma|[Aa]nbieter|[Ee]ntwickler|[Ss]pezialist|[Hh]ersteller|[Ee]inhorn|[Pp]lattform"
    "|[Bb]auer|[Bb]etreiber|[Dd]ienst|[Kk]onzern|[Ii]nvestor|[Gg]eldgeber|[Ff]onds|[Ww]agniskapitalgeber"
    "|[Cc]hipdesigner|[Vv]erlag|[Zz]ulieferer|[Dd]ienstleister|[Ss]chmiede|[Aa]usrüster"
)
_DESCRIPTOR_EN_WORDS = (
    "start-?up|company|firm|lab|developer|maker|chipmaker|unicorn|provider|platform|scale-?up|rival|spinout|spin-off"
    "|designer|publisher|supplier|vendor|specialist|outfit"
)


@dataclass(frozen=True)
class DiscoveryContext:
    """One context that names a company: `pattern` (with a `name` group) runs only on the stretches of text
    around a hit of `prefilter`, a cheap literal cue; `whole_text` contexts run on the whole text once the
    prefilter occurs anywhere (their match spans clauses)."""

    pattern: re.Pattern[str]
    prefilter: re.Pattern[str]
    whole_text: bool = False


# Each context is a pattern with its cheap literal cue: a pattern only runs on the stretches of text around
# its cue, which keeps discovery fast on long texts full of capitalised (German) nouns.
_CONTEXT_LISTS: dict[str, list[DiscoveryContext]] = {
    "en": [
        DiscoveryContext(
            re.compile(rf"\b{_DESCRIPTOR_EN}s?\s+(?:called\s+|named\s+)?{_NAME}"),
            prefilter=re.compile(r"\b" + literal_trie({w.lower() for w in _case_variants(_DESCRIPTOR_EN_WORDS)}))),
        DiscoveryContext(
            re.compile(rf"{_NAME},\s+(?:a|an|the)\s+(?:[\w.-]+\s+){{0,4}}?(?:[\w-]+-based|{_DESCRIPTOR_EN})\b"),
            prefilter=re.compile(r",\s+(?:a|an|the)\s")),
        DiscoveryContext(
            re.compile(rf"{_NAME}\s+{_SUFFIX_DROP}"),
            prefilter=re.compile(rf"\s{_SUFFIX_DROP}")),
        DiscoveryContext(
            re.compile(rf"(?P<name>{_WORD}(?:[ -]{_WORD}){{0,2}}\s+{_SUFFIX_KEEP})\b"),
            prefilter=re.compile(rf"\s{_SUFFIX_KEEP}\b")),
        DiscoveryContext(
            re.compile(
                rf"{_NAME}\s+(?:has\s+|have\s+|had\s+|just\s+)?"
                r"(?:raised|raises|closed|closes|secured|secures|lands|landed|bagged|bags|nabbed|nabs|announced a)\b"
            ),
            prefilter=re.compile(r"\b(?:raised|raises|closed|closes|secured|secures|lands|landed|bagged|bags|nabbed|nabs|announced a)\b")),
        # the object of a takeover verb with its price: "IBM will buy HashiCorp for $6.4 billion" (English only:
        # German capitalises every noun, so "kauft Aktien für ..." would name a company "Aktien")
        DiscoveryContext(
            re.compile(
                rf"\b(?:acquir(?:e|es|ed|ing)|buy(?:s|ing)?|bought|purchas(?:e|es|ed|ing)|snap(?:s|ped)? up)\s+"
                rf"{_NAME}\s+(?:for\s+(?:about\s+|around\s+|roughly\s+|nearly\s+|some\s+|up\s+to\s+|an?\s+)?(?:US)?[$€£\d]|in an?\s+[\w-]+\s+deal)"
            ),
            prefilter=re.compile(r"\b(?:acquir|buy|bought|purchas|snap)")),
        # the lead of a round as subject: "Fidelity and Atreides co-led the round"
        DiscoveryContext(
            re.compile(rf"{_NAME}\s+(?:co-led|led|co-leads|leads|spearheaded)\s+the\s+(?:[\w$.-]+\s+){{0,3}}?"
                       r"(?:round|financing|funding|investment|raise)\b"),
            prefilter=re.compile(r"\b(?:co-led|led|co-leads|leads|spearheaded) the\b")),
        # a listed company whose shares move: "Shares of Malaysian utility YTL Power International Bhd. rose",
        # "BE Semiconductor Industries NV shares slumped"
        DiscoveryContext(
            re.compile(rf"\b[Ss]hares of\s+(?:(?:[A-Z][a-z]+(?:an|ese|ish|i)|[a-z][\w-]*)\s+){{0,3}}?{_NAME}"
                       rf"(?:\s+{_SUFFIX_DROP}|\s+(?:Bhd\.|Pte\.|Tbk\.|NV|SA|AB|ASA|Oyj))?\s+(?:\([^)]*\)\s+)?{_MOVE_EN}"),
            prefilter=re.compile(r"\b[Ss]hares of\b")),
        DiscoveryContext(
            re.compile(rf"{_NAME}(?:\s+(?:{_SUFFIX_DROP}|NV|SA|AB|ASA|Oyj))?['’]?s?\s+(?:shares|stock)\s+{_MOVE_EN}"),
            prefilter=re.compile(r"\s(?:shares|stock)\s")),
        # a bought company with its buyer in parentheses: "MosaicML (recently bought by Databricks for $1.3 billion)"
        DiscoveryContext(
            re.compile(rf"{_NAME}\s+\((?:[\w-]+\s+){{0,2}}?(?:acquired|bought|purchased|taken over)\s+by\b"),
            prefilter=re.compile(r"\((?:[\w-]+\s+){0,2}?(?:acquired|bought|purchased|taken over)\s+by\b")),
        # a relative clause that raises: "Sakana, which raised $30 million last year, ..."
        DiscoveryContext(
            re.compile(rf"{_NAME},\s+(?:which|that)\s+(?:has\s+|had\s+|recently\s+|also\s+)?(?:raised|secured|closed|landed)\s+"
                       r"(?:about\s+|around\s+|more than\s+|nearly\s+|roughly\s+|over\s+)?(?:US)?[$€£]\d"),
            prefilter=re.compile(r",\s+(?:which|that)\s+(?:has\s+|had\s+|recently\s+|also\s+)?(?:raised|secured|closed|landed)\b")),
    ],
    "de": [
        DiscoveryContext(
            re.compile(rf"{_DESCRIPTOR_DE}\s+{_NAME}"),
            prefilter=re.compile(literal_trie(_case_variants(_DESCRIPTOR_DE_WORDS)) + "(?:s|en|n|es)?")),
        DiscoveryContext(
            re.compile(rf"{_NAME},\s+(?:ein|eine|einem)\s+(?:[\w.-]+\s+){{0,4}}?{_DESCRIPTOR_DE}\b"),
            prefilter=re.compile(r",\s+(?:ein|eine|einem)\s")),
        DiscoveryContext(
            re.compile(rf"{_NAME}\s+{_SUFFIX_DROP}"),
            prefilter=re.compile(rf"\s{_SUFFIX_DROP}")),
        DiscoveryContext(
            re.compile(rf"(?P<name>{_WORD}(?:[ -]{_WORD}){{0,2}}\s+{_SUFFIX_KEEP})\b"),
            prefilter=re.compile(rf"\s{_SUFFIX_KEEP}\b")),
        DiscoveryContext(
            re.compile(rf"\bvon\s+(?:dem\s+|der\s+|den\s+)?{_NAME}\s+(?:angeführt|geführt|angeführt wird|angeführt wurde)\b"),
            prefilter=re.compile(r"\bangeführt|\bgeführt")),
        DiscoveryContext(
            re.compile(
                rf"{_NAME}\s+(?:hat\s+|habe\s+)?(?:sammelt|sammelte|erhält|erhielt|holt|holte|bekommt|bekam|"
                r"eingesammelt|sichert sich|sicherte sich)\b"
            ),
            prefilter=re.compile(r"\b(?:sammelt|sammelte|erhält|erhielt|holt|holte|bekommt|bekam|eingesammelt|sichert sich|sicherte sich)\b")),
        DiscoveryContext(
            re.compile(rf"{_NAME}\s+(?:führte|führt)\s+die\s+(?:[\w-]+\s+){{0,3}}?(?:Runde|Finanzierungsrunde|Finanzierung)\s+an\b"),
            prefilter=re.compile(r"\b(?:führte|führt) die\b")),
        # "Die Aktien von YTL Power stiegen", "Aktien des Chipkonzerns Süss Microtec legten zu" (the descriptor
        # context covers the second)
        DiscoveryContext(
            re.compile(rf"\b(?:Aktien?|Papiere|Anteilsscheine) (?:von|des|der) {_NAME}\s+(?:(?:sind|haben|hat|ist)\s+)?{_MOVE_DE}"),
            prefilter=re.compile(r"\b(?:Aktien?|Papiere|Anteilsscheine) (?:von|des|der)\s")),
        # market-report lists: "Comet mit einem Plus von 3,3 Prozent, Inficon mit 5,5 Prozent", "Voestalpine (+103%)"
        DiscoveryContext(
            re.compile(rf"{_NAME}\s+(?:mit (?:einem )?(?:(?:Plus|Minus|Aufschlag|Abschlag) von )?(?:rund |knapp |gut |fast )?\d[\d,.]*\s*(?:Prozent|%)"
                       r"|\([+\-−]\d[\d,.]*\s*(?:Prozent|%)\))"),
            prefilter=re.compile(r"\d\s*(?:Prozent|%)")),
        # a relative clause that raises: "Neustark, die gegen den Klimawandel antritt und letztes Jahr 69 Millionen
        # US-Dollar einwarb"
        DiscoveryContext(
            re.compile(rf"{_NAME},\s+(?:das|die|der)\s[^.;,]{{0,120}}?\d[\d,.]*\s*(?:Millionen|Milliarden|Mio\.|Mrd\.)\s*"
                       r"(?:Euro|Dollar|US-Dollar|Franken)\s+(?:einwarb|einsammelte|erhielt|bekam|aufnahm|eingesammelt hat|"
                       r"eingeworben hat|erhalten hat|bekommen hat)\b"),
            prefilter=re.compile(r"\b(?:einwarb|einsammelte|erhielt|bekam|aufnahm|eingesammelt hat|eingeworben hat|erhalten hat|bekommen hat)\b")),
        # "MPT von MosaicML (jüngst von Databricks für 1,3 Mrd. Dollar übernommen)"
        DiscoveryContext(
            re.compile(rf"{_NAME}\s+\((?:[\w-]+\s+){{0,2}}?(?:von|vom)\s+[^()]{{0,100}}?\b(?:übernommen|gekauft|erworben)\)"),
            prefilter=re.compile(r"\b(?:übernommen|gekauft|erworben)\)")),
        # takeovers named by their noun: "die Mehrheitsübernahme von Eversports durch den Investor Verdane"
        DiscoveryContext(
            re.compile(rf"(?:[Üü]bernahme|Kauf|Zukauf|Übernahmeangebot|Übernahmeofferte)\w*\s+(?:von|des|der|für)\s+{_NAME}\s*(?:,|\s+durch\b)"),
            prefilter=re.compile(r"(?:[Üü]bernahme|Kauf|Zukauf|Übernahmeangebot|Übernahmeofferte)\w*\s+(?:von|des|der|für)\s")),
    ],
}

# the cue of `_WHICH_RAISED`, whose match spans clauses (it runs on the whole text)
_WHICH_PREFILTER = {"en": re.compile(r",\s+(?:which|who|whose|that)\b"), "de": re.compile(r",\s+(?:das|die|der|dessen|deren)\b")}


def _contexts(lang: str) -> tuple[DiscoveryContext, ...]:
    return (*_CONTEXT_LISTS[lang], DiscoveryContext(_WHICH_RAISED[lang], _WHICH_PREFILTER[lang], whole_text=True))


CONTEXTS: dict[str, tuple[DiscoveryContext, ...]] = {lang: _contexts(lang) for lang in ("en", "de")}


# a full stop before a capital ends a sentence, unless it closes an abbreviation ("1,3 Mrd. Dollar", "Inc. shares")
_SENTENCE_END = re.compile("".join(f"(?<!{a})" for a in ("Mrd", "Mio", "Bio", "Tsd", "Inc", "Corp", "Ltd", "Co", "Dr",
                                                        "Nr", "St", "ca", "Bhd", "Pte", "Mr", "Ms", "vs", "Prof", "bzw"))
                           + r"\.\s+(?=[A-ZÄÖÜ„\"“(])|\.$")
_ENDS_MEMO: dict[str, object] = {"text": None, "ends": []}


def _sentence_ends(text: str) -> list[int]:
    """Offsets of the full stops that end sentences, found once per text (every context asks)."""
    if _ENDS_MEMO["text"] is not text:
        _ENDS_MEMO["text"], _ENDS_MEMO["ends"] = text, [m.start() for m in _SENTENCE_END.finditer(text)]
    return _ENDS_MEMO["ends"]  # type: ignore[return-value]


def windows(prefilter: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    """Merged stretches of text around each prefilter hit, widened to sentence-like boundaries."""
    spans: list[tuple[int, int]] = []
    ends: list[int] | None = None
    for hit in prefilter.finditer(text):
        # the window runs from the sentence's start to its end: full stops before a capital, not inside "Bhd.
        # rose", "Corp. shares" or "1,3 Mrd. Dollar"
        if ends is None:
            ends = _sentence_ends(text)
        j = bisect_left(ends, hit.start() - 1) - 1
        lo = max(ends[j] + 2 if j >= 0 else 0, hit.start() - 300, 0)
        i = bisect_left(ends, hit.end())
        hi = ends[i] + 1 if i < len(ends) and ends[i] - hit.end() <= 300 else min(len(text), hit.end() + 300)
        if spans and lo <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], hi))
        else:
            spans.append((lo, hi))
    return spans


# Capitalised words that start sentences or are German nouns, never a company on their own.
_STOP_WORDS: frozenset[str] = frozenset(
    """
    The A An This That These Those It Its They Their We Our He She His Her Who Which What When Where Why How
    And But Or So Yet If As At In On Of For With By From To Into After Before Since While Also Now Today
    Company Startup Start-up Firm Lab Labs AI Inc Corp Group Holdings Series Round Funding Investors Investor
    CEO Chief Executive President Founder Cofounder Co-founder Monday Tuesday Wednesday Thursday Friday
    Saturday Sunday January February March April May June July August September October November December
    US U.S. UK EU Europe European America American China Chinese German Germany French France British
    Der Die Das Den Dem Des Ein Eine Einen Einem Einer Es Er Sie Wir Ihr Ihre Sein Seine Dies Diese Dieser
    Und Aber Oder Auch Nun Heute Laut Nach Vor Mit Bei Von Für Im Am Zum Zur Unternehmen Firma Konzern
    Startups Unternehmens Kapital Geld Millionen Milliarden Millionen Euro Dollar Prozent Jahr Jahres
    Monat Woche Tag Ende Anfang Mitte Runde Finanzierungsrunde Investoren Geldgeber Bewertung Angaben
    Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag Januar Februar März Mai Juni Juli
    Oktober Dezember Deutschland Europa Berlin München Hamburg Paris London KI Chef Gründer Mitgründer
    Dutch French British Swiss Israeli Canadian Korean Japanese Indian Swedish Finnish Italian Spanish Saudi
    Emirati Taiwanese Singaporean Australian Irish Norwegian Danish Belgian Austrian Polish Existing New
    Europas Deutschlands Amerikas Chinas Frankreichs Japans Indiens Israels Asiens Welt Landes Branche
    Freiburg Köln Frankfurt Stuttgart Zürich Wien Heidelberg Karlsruhe Dresden Leipzig Düsseldorf
    US-Softwarehersteller Softwarehersteller Chiphersteller Serverbauer Kapitalerhöhung Finanzspritze
    Insgesamt Zuletzt Damit Dabei Dafür Zudem Außerdem Bereits Erst Jetzt Wie Was Wer Wo Das
    """.split()
)
_FIRST_NAMES: frozenset[str] = frozenset(
    """
    Sam Elon Dario Daniela Sundar Satya Jensen Mark Arthur Jonas Mustafa Demis Greg Ilya Mira Alexandr Aidan
    Emad Reid Peter Marc Andrew Jeff Tim Lisa Pat Masayoshi Larry Sergey Brad Kevin Yann Fei-Fei Andrej Noam
    John James Michael David Robert William Thomas Paul Anna Maria Julia Laura Sarah Emma Max Felix Lukas
    Jan Tobias Florian Sebastian Christian Stefan Markus Martin Alexander Daniel Philipp Moritz Johannes
    """.split()
)
_PERSON_CUES = re.compile(
    r"(?:CEO|chief executive|founder|co-founder|cofounder|Chef|Gründer|Mitgründer|Mr\.|Ms\.|Dr\.|Herr|Frau|"
    r"said|sagte|analyst|Analyst|president|Präsident)\s*$"
)
# "Investor Peter Thiel" is a person, "der Wachstumsinvestor Verdane" a firm: after an investor word only a
# two-word name (first and last name) is taken for a person
_INVESTOR_PERSON_CUE = re.compile(r"[Ii]nvestor\s*$")


_DESCRIPTION_AFTER = re.compile(
    r"\s+(?:group|company|firm|startup|start-up|lab|unit|division|team|sector|industry|market|boom|race|chips?|models?"
    r"|researchers?|engineers?|experts?|executives?|products?|tools?|Branche|Sektor|Markt|Forscher|Experten)\b"
)


COMMON_WORD_ZIPF = 4.2  # Zipf frequency (wordfreq): 4.2 is "Chance", "Software"; "Helsing" is 2.5, "Atlas" 3.8


def is_common_word(name: str, lang: str) -> bool:
    """A one-word candidate that is an everyday word of the language (its Zipf frequency at least
    `COMMON_WORD_ZIPF`), unless it is shaped like a brand (inner capitals or digits: "DeepL", "H2O")."""
    stripped = name.strip("-")
    if " " in stripped or "-" in stripped or re.search(r"\d|.[A-ZÄÖÜ]", stripped):
        return False
    from wordfreq import zipf_frequency  # bundled word lists, loaded once per language

    return zipf_frequency(stripped, lang if lang in ("en", "de") else "en") >= COMMON_WORD_ZIPF


class OrgDiscovery:
    """Callable component: adds discovered ORG entities that do not overlap existing ones."""

    def __init__(self, lang: str, knowledge_path: str | None = None) -> None:
        from extractors.nlp.knowledge_base import knowledge_base

        ensure_extensions()
        self.lang = lang if lang in CONTEXTS else "en"
        self.contexts = CONTEXTS[self.lang]
        self.investor_intro = _INVESTOR_INTRO[self.lang]
        kb = knowledge_base(knowledge_path)
        self.known_forms = kb.surface_forms
        self.model_words = frozenset(kb.model_families)

    def investor_lists(self, text: str) -> list[tuple[int, int, str]]:
        """Names in an investor list of a funding context ("led by A, B and C")."""
        found: list[tuple[int, int, str]] = []
        for intro in self.investor_intro.finditer(text):
            tail = re.match(rf"{_NAME}(?:{_LIST_SPLIT.pattern}{_WORD}(?:[ -]{_WORD}){{0,3}}){{0,4}}", text[intro.end():])
            if tail is None:
                continue
            base = intro.end()
            for part in re.finditer(rf"{_WORD}(?:[ -]{_WORD}){{0,3}}", tail.group(0)):
                name = _trim(part.group(0), self.lang)
                if name is None:
                    continue
                start = text.find(name, base + part.start(), base + part.end() + 1)
                if start >= 0 and not self._rejected(text, start, name):
                    found.append((start, start + len(name), name))
        return found

    def _matches(self, text: str):
        """(pattern, match) for every context, scanning only the windows around its prefilter cue."""
        for context in self.contexts:
            pattern = context.pattern
            if context.whole_text:
                if context.prefilter.search(text):
                    yield from ((pattern, m) for m in pattern.finditer(text))
                continue
            seen: set[tuple[int, int]] = set()
            for lo, hi in windows(context.prefilter, text):
                for m in pattern.finditer(text, lo, hi):
                    if m.span() not in seen:
                        seen.add(m.span())
                        yield pattern, m

    def candidates(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, name) for every context hit that passes the name filters."""
        found: list[tuple[int, int, str]] = self.investor_lists(text)
        for _pattern, m in self._matches(text):
            start = m.start("name")
            if self.lang == "de" and any(len(w) > 2 and scale_value(w, "de") for w in m.group("name").split()):
                continue  # "(hat) eine Milliarde Euro eingesammelt", "Fünf Millionen Euro erhält": an amount
            name = _trim(m.group("name"), self.lang)
            if name is None:
                continue
            start = text.find(name, start, m.end("name") + 1)
            if start < 0:
                continue
            if self._rejected(text, start, name):
                continue
            found.append((start, start + len(name), name))
        return found

    @staticmethod
    def _with_later_mentions(text: str, found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        """Every other place the text names a discovered organisation: "das Wiener KI-Start-up Tenvis" makes
        the bare "Tenvis hatte erst im Jänner ..." two sentences later a mention too, as a reader takes it."""
        names = {name for _, _, name in found if len(name) >= 3}
        if not names:
            return found
        seen = {(start, end) for start, end, _ in found}
        more = [(m.start(), m.end(), m.group(0))
                for m in re.finditer(rf"(?<![\w-]){literal_trie(names)}(?![\w])", text)
                if (m.start(), m.end()) not in seen]
        return found + more

    def _rejected(self, text: str, start: int, name: str) -> bool:
        words = name.split()
        lex = lexicon(self.lang)
        if name in lex.wordset("orgs.product_names"):
            return True  # "developers on Vertex AI": a product
        if len(words) > 1 and words[0] in lex.wordset("orgs.generic_name_words"):
            return True  # "Sovereign AI", "Industrial AI", "Generative AI": a field or a programme
        if re.match(r"(?:[ -][A-Z][a-z]+|-[a-zäöü])", text[start + len(name):start + len(name) + 12]) and _SUFFIX_KEEP_RE.fullmatch(words[-1]):
            return True  # "Sovereign AI Compute Strategy", "TED AI-Konferenz": part of a longer name
        if _DESCRIPTION_AFTER.match(text, start + len(name)):
            return True  # "the Abu Dhabi AI group": a description, not a name
        if is_common_word(name, self.lang):
            return True  # "die Chance erhält", "Software-Firma": a capitalised common word, not a name
        last = re.split(r"[ -]", name)[-1]
        if (self.lang == "de" and _GERMAN_NOUN_END.search(last) and not _SUFFIX_KEEP_RE.fullmatch(last)
                and not re.search(r"[a-zäöü][A-ZÄÖÜ]", last)):
            return True  # "App-Entwickler", "Softwarehersteller": a German common noun (not "SmartRecruiters")
        if name in self.known_forms or words[0] in self.known_forms:
            return True
        if any(w in self.model_words for w in words) or words[0] in _FIRST_NAMES:
            return True
        if _PERSON_CUES.search(text[max(0, start - 20):start]):
            return True
        if len(words) == 2 and _INVESTOR_PERSON_CUE.search(text[max(0, start - 12):start]):
            return True
        if re.search(r"\b(?:aus|nach|based in)\s+$", text[max(0, start - 12):start]) and " " not in name:
            return True  # a place: "Black Forest Labs aus Freiburg sammelt"
        return len(name) < 2

    def __call__(self, doc: Doc) -> Doc:
        spans: list[Span] = []
        text = doc_text(doc)
        for start, end, name in self._with_later_mentions(text, self.candidates(text)):
            span = doc.char_span(start, end, label="ORG", kb_id=name, alignment_mode="expand")
            if span is not None and len(span):
                spans.append(span)
        if not spans:
            return doc
        existing = list(doc.ents)
        taken = {i for e in existing for i in range(e.start, e.end)}
        new = [s for s in filter_spans(spans) if not any(i in taken for i in range(s.start, s.end))]
        doc.ents = sorted(existing + new, key=lambda s: s.start)
        for span in new:
            remember_org(doc, span, DISCOVERY_CONFIDENCE, True, False)
        return doc


_GERMAN_NOUN_END = re.compile(r"(?:er|ung|heit|keit|schaft|konzern|hersteller|anbieter|entwickler|betreiber|bauer|dienst|firma|unternehmen|gruppe|ers|ungen"
                              r"|kapital|geld|gelder|mittel|summe|betrag)$")


# Legal forms after a name are not part of the canonical name ("BE Semiconductor Industries NV").
_LEGAL_FORMS = frozenset({"NV", "SA", "AB", "ASA", "Oyj", "Bhd", "Bhd.", "Inc", "Corp", "Ltd", "LLC", "GmbH", "AG", "SE",
                          "PLC", "plc", "Plc", "KGaA", "SpA", "Pte", "Tbk"})


def _trim(name: str, lang: str = "en") -> str | None:
    """Drop leading stop words ("The Mistral" -> "Mistral") and trailing ones; None if nothing is left.

    In German, a leading common noun glued to the name ("Serverbauer ZT Systems") is dropped too.
    """
    words = name.replace("-", " - ").split()
    while words and (words[0] in _STOP_WORDS or words[0] == "-"
                     or lang == "de" and len(words) > 1 and _GERMAN_NOUN_END.search(words[0]) and words[1] != "-"):
        words.pop(0)
    while words and (words[-1] in _STOP_WORDS and not (words[-1] in ("AI", "Labs") or len(words) > 2 and
                                                       words[-1] in ("Group", "Holdings")) or words[-1] == "-"
                     or len(words) > 1 and words[-1] in _LEGAL_FORMS):
        words.pop()
    if not words or all(w in _STOP_WORDS for w in words):
        return None
    return " ".join(words).replace(" - ", "-")


@Language.factory("newsmon_org_discovery", default_config={"knowledge_path": None})
def make_org_discovery(nlp: Language, name: str, knowledge_path: str | None) -> OrgDiscovery:
    return OrgDiscovery(nlp.lang, knowledge_path=knowledge_path)
