"""`python -m extractors eval` (`make eval`): score the extractor on its four passage sets.

- `dev`: `tests/extraction/devset/`, hand-written, the rules were developed on it;
- `blind`: `tests/extraction/blindset/`, hand-written without looking at the rules (its misses were read once);
- `tune`: `tests/extraction/realset/tune/`, real published news, paraphrased; the rules are developed on it;
- `heldback`: `tests/extraction/realset/heldback/`, real news, frozen before any rule work: its scores are the
  quality figure the README quotes, and its misses are never printed (`--verbose` refuses it), so nobody picks
  rules from them.

Each set is run through the real extraction path in-process, `extractors.nlp.extract.extract_passages`, and
the output is compared with the gold. Printed per language and overall: precision/recall/F1 per fact type and for all facts, for orgs and
for money; money value accuracy; field accuracy over matched facts; status accuracy on hedged facts; and
trap facts. Exit status is 0 unless the set cannot be loaded or the extractor is missing.

Matching rules (pure functions in `extractors.nlp.scoring`):
- Facts match one-to-one, greedily in gold order, when the type is equal and the key fields agree:
  funding_round: investee + amount (within 1%; both null counts as a match);
  investment: investor + investee (+ amount within 1% when the gold has one);
  acquisition: acquirer + target; valuation: company + amount within 1%;
  stock_move: company + direction + percent within 0.05 points;
  model_release: company + model (case-insensitive, whitespace and hyphens ignored).
  Org names compare case-insensitively. A valuation fact that repeats a gold funding round's valuation
  (same company, amount within 1%) is dropped on both sides: the spec allows but does not require it.
- Field accuracy over matched facts: funding_round.investors (set equality), funding_round.valuation
  (within 1%), funding_round.round (equality), status (a missing status counts as "completed").
  Status accuracy on hedged facts: matched facts whose gold status is "talks" predicted as "talks".
- Orgs: per passage set comparison, case-insensitive, summed over passages (micro-average).
- Money: one-to-one per passage, same ISO currency and value within 0.5%. Money value accuracy is the
  fraction of gold money items for which some predicted item of the passage agrees.
- Trap facts: predicted facts in passages tagged trap_* that match no gold fact.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Callable

from extractors.nlp.scoring import FACT_TYPES, SIGNAL_KINDS, Counts, Scoreboard, score_passage

_SETS_ROOT = Path(__file__).resolve().parents[2] / "tests" / "extraction"
DEVSET_DIR = _SETS_ROOT / "devset"
SETS: dict[str, Path] = {"dev": DEVSET_DIR, "blind": _SETS_ROOT / "blindset", "tune": _SETS_ROOT / "realset" / "tune",
                         "heldback": _SETS_ROOT / "realset" / "heldback"}
SECRET_SETS = frozenset({"heldback"})  # misses never printed
INPUT_FIELDS = ("id", "text", "lang", "published", "title")
LANGS = ("en", "de")


class DevsetError(Exception):
    """The dev set cannot be read: a missing file or a line that is not a JSON object."""


def load_devset(path: Path) -> list[dict]:
    """Read one dev-set JSON Lines file; a bad line is reported with its number."""
    rows: list[dict] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise DevsetError(f"cannot read {path}: {exc.strerror or exc}") from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DevsetError(f"{path}:{number}: not JSON ({exc.msg})") from None
        if not isinstance(row, dict) or "gold" not in row or "id" not in row:
            raise DevsetError(f"{path}:{number}: expected an object with 'id' and 'gold'")
        rows.append(row)
    return rows


def passage_language(row: dict, path: Path) -> str:
    """The language a row is reported under: its `lang`, else the file's name (en.jsonl -> en)."""
    return row.get("lang") or (path.stem if path.stem in LANGS else row.get("id", "?").split("-")[0])


def load_extractor() -> Callable[[list[dict]], list[dict]]:
    """Import the extractor lazily so scoring works (and is testable) without it."""
    try:
        from extractors.nlp.extract import extract_passages
    except ImportError as exc:
        raise DevsetError(f"extractor not available: extractors.nlp.extract.extract_passages ({exc})") from None
    return extract_passages


def score_rows(rows: list[dict], outputs: list[dict]) -> Scoreboard:
    """Score extractor outputs (same order as rows) into one Scoreboard."""
    if len(outputs) != len(rows):
        raise DevsetError(f"extractor returned {len(outputs)} objects for {len(rows)} passages")
    board = Scoreboard()
    for row, output in zip(rows, outputs):
        if output.get("id") != row["id"]:
            raise DevsetError(f"extractor output id {output.get('id')!r} where {row['id']!r} was expected")
        board.add(score_passage(output, row))
    return board


def evaluate(files: list[Path], extract: Callable[[list[dict]], list[dict]],
             lang: str | None = None) -> dict[str, Scoreboard]:
    """Run the extractor over the dev-set files; scoreboards per language and under "all"."""
    rows: list[dict] = []
    langs: list[str] = []
    for path in files:
        for row in load_devset(path):
            row_lang = path.stem if path.stem in LANGS else passage_language(row, path)
            if lang is None or row_lang == lang:
                rows.append(row)
                langs.append(row_lang)
    if not rows:
        raise DevsetError("no dev-set passages selected")
    outputs = extract([{k: row.get(k) for k in INPUT_FIELDS} for row in rows])
    outputs = list(outputs)
    if len(outputs) != len(rows):
        raise DevsetError(f"extractor returned {len(outputs)} objects for {len(rows)} passages")
    boards: dict[str, Scoreboard] = {}
    for code in dict.fromkeys(langs):
        picked = [i for i, l in enumerate(langs) if l == code]
        boards[code] = score_rows([rows[i] for i in picked], [outputs[i] for i in picked])
    boards["all"] = score_rows(rows, outputs)
    return boards


def _fmt(value: float | None) -> str:
    return "  n/a" if value is None else f"{value:5.3f}"


def _prf_line(label: str, counts: Counts) -> str:
    p, r, f = counts.prf
    return f"  {label:<16} {_fmt(p)}  {_fmt(r)}  {_fmt(f)}   {counts.tp:4d} {counts.fp:4d} {counts.fn:4d}"


def render(name: str, board: Scoreboard) -> str:
    """The printed report of one scoreboard."""
    lines = [f"== {name}: {board.passages} passages ==",
             f"  {'':<16} {'P':>5}  {'R':>5}  {'F1':>5}     tp   fp   fn"]
    lines += [_prf_line(kind, board.facts.get(kind, Counts())) for kind in FACT_TYPES]
    lines.append(_prf_line("all facts", board.all_facts))
    if any(c.tp or c.fp or c.fn for c in board.signals.values()):
        lines += [_prf_line(f"signal {kind}"[:16], board.signals.get(kind, Counts())) for kind in SIGNAL_KINDS]
        lines.append(_prf_line("all signals", board.all_signals))
    lines.append(_prf_line("orgs", board.orgs))
    lines.append(_prf_line("money", board.money))
    mv = board.money_value
    lines.append(f"  money value accuracy   {_fmt(mv.value)}  ({mv.hits}/{mv.total})")
    for field_name, ratio in board.fields.items():
        lines.append(f"  field {field_name:<26} {_fmt(ratio.value)}  ({ratio.hits}/{ratio.total})")
    hs = board.hedged_status
    lines.append(f"  status accuracy on hedged facts {_fmt(hs.value)}  ({hs.hits}/{hs.total})")
    lines.append(f"  trap facts             {board.trap_facts}")
    return "\n".join(lines)


def render_misses(board: Scoreboard) -> str:
    """One line per miss, false positive and wrong field, for --verbose."""
    return "\n".join(f"  {m.passage_id:<8} {m.kind:<15} {m.what:<24} {json.dumps(m.detail, ensure_ascii=False)}"
                     for m in sorted(board.misses, key=lambda m: m.passage_id))


def _signals_f1(board: Scoreboard) -> str:
    counts = board.all_signals
    return _fmt(counts.prf[2]) if counts.tp or counts.fp or counts.fn else "  n/a"


def summary(results: dict[str, dict[str, Scoreboard]]) -> str:
    """One line per set: facts P/R/F1 per language and overall, orgs F1, money value accuracy, trap facts."""
    lines = ["== summary ==",
             f"  {'set':<10} {'facts F1 en':>11} {'facts F1 de':>11} {'facts F1 (P / R)':>22} {'orgs F1':>8} "
             f"{'money acc':>9} {'traps':>5} {'signals F1':>10}"]
    for name, boards in results.items():
        def f1(code: str) -> str:
            return _fmt(boards[code].all_facts.prf[2]) if code in boards else "  n/a"
        p, r, f = boards["all"].all_facts.prf
        lines.append(f"  {name:<10} {f1('en'):>11} {f1('de'):>11} {f'{f:.3f} ({p:.3f} / {r:.3f})':>22} "
                     f"{_fmt(boards['all'].orgs.prf[2]):>8} {_fmt(boards['all'].money_value.value):>9} "
                     f"{boards['all'].trap_facts:>5} {_signals_f1(boards['all']):>10}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m extractors eval", description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=sorted(SETS), action="append", dest="sets",
                        help="score this set (repeatable; default: all four)")
    parser.add_argument("--lang", choices=LANGS, help="score only this language")
    parser.add_argument("--file", type=Path, action="append",
                        help="a passage file in the gold format instead of the named sets (repeatable)")
    parser.add_argument("--verbose", action="store_true", help="print every miss and false positive (not for heldback)")
    args = parser.parse_args(argv)
    if args.file:
        chosen = {"files": list(args.file)}
    else:
        chosen = {name: [SETS[name] / f"{code}.jsonl" for code in LANGS] for name in (args.sets or SETS)}
    if args.verbose and SECRET_SETS & set(chosen):
        print("eval: --verbose does not print held-back misses (rules are never picked from them); "
              "choose --set dev, blind or tune", file=sys.stderr)
        return 2
    extract = load_extractor()
    results: dict[str, dict[str, Scoreboard]] = {}
    try:
        for name, files in chosen.items():
            results[name] = evaluate(files, extract, args.lang)
    except DevsetError as exc:
        print(f"eval: {exc}", file=sys.stderr)
        return 1
    for name, boards in results.items():
        for code, board in boards.items():
            if code == "all" and len(boards) == 2:
                continue  # one language only: "all" would repeat it
            print(render(f"{name} {code}", board))
            print()
    print(summary(results))
    if args.verbose:
        for name, boards in results.items():
            print(f"\n== {name}: misses and false positives ==")
            print(render_misses(boards["all"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
