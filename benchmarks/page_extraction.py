"""Main-text extraction quality on pages we wrote: trafilatura (what newsmon uses) and, when available, fundus.

Pages: the sample server's article pages (`config/sample_feeds/articles/`, 10 pages, EN and DE, with cookie
banner, navigation, related links and footer around the story) and two pages in `extraction_pages/` that
put our own text inside the element structure of publishers fundus has parsers for and newsmon polls
(TechCrunch, heise). Ground truth is each page's story paragraphs: the `<p>` elements inside `<article>`,
less bylines and ad labels. Score: ROUGE-LSum F1 over lower-cased word tokens (the measure fundus's
benchmark reports), one figure per page and the mean.

fundus cannot be installed next to newsmon's lock (fundus 0.5.7 wants lxml < 6, trafilatura 2.3.1 wants
lxml >= 6.1.3), so it runs in a separate interpreter named by `NEWSMON_FUNDUS_PYTHON` (a venv with
`pip install fundus "curl_cffi<0.14"`); without it only trafilatura is measured. fundus parses a page only
with the parser of the publisher it comes from; the sample pages come from no publisher it covers.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PAGES = sorted((REPO / "config" / "sample_feeds" / "articles").rglob("*.html")) + sorted(
    (Path(__file__).parent / "extraction_pages").glob("*.html"))
#: the fundus publisher whose parser applies to a page (None: no parser of fundus covers its publisher)
FUNDUS_PUBLISHER = {"techcrunch-shaped-en.html": "us.TechCrunch", "heise-shaped-de.html": "de.Heise"}

FUNDUS_SCRIPT = """
import json, sys
from datetime import datetime
from fundus import PublisherCollection
out = {}
for path, name in json.loads(sys.stdin.read()):
    region, publisher = name.split(".")
    parser = getattr(getattr(PublisherCollection, region), publisher).parser(datetime(2026, 11, 27))
    body = parser.parse(open(path, encoding="utf-8").read(), error_handling="suppress").get("body")
    out[path] = str(body) if body else ""
print(json.dumps(out))
"""

_WORD = re.compile(r"\w+", re.UNICODE)


def tokens(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _lcs_positions(reference: list[str], candidate: list[str]) -> set[int]:
    """Indices of `reference` tokens on one longest common subsequence with `candidate`."""
    rows, cols = len(reference), len(candidate)
    table = [[0] * (cols + 1) for _ in range(rows + 1)]
    for i in range(rows):
        for j in range(cols):
            table[i + 1][j + 1] = table[i][j] + 1 if reference[i] == candidate[j] else max(table[i][j + 1], table[i + 1][j])
    hits, i, j = set(), rows, cols
    while i and j:
        if reference[i - 1] == candidate[j - 1]:
            hits.add(i - 1)
            i, j = i - 1, j - 1
        elif table[i - 1][j] >= table[i][j - 1]:
            i -= 1
        else:
            j -= 1
    return hits


def rouge_lsum_f1(reference: str, candidate: str) -> float:
    """ROUGE-LSum F1: lines are the sentences; each reference line's union-LCS with every candidate line."""
    ref_lines = [tokens(line) for line in reference.splitlines() if tokens(line)]
    cand_lines = [tokens(line) for line in candidate.splitlines() if tokens(line)]
    ref_total, cand_total = sum(map(len, ref_lines)), sum(map(len, cand_lines))
    if not ref_total or not cand_total:
        return 0.0
    hits = 0
    for ref in ref_lines:
        union: set[int] = set()
        for cand in cand_lines:
            union |= _lcs_positions(ref, cand)
        hits += len(union)
    precision, recall = hits / cand_total, hits / ref_total
    return 0.0 if not hits else 2 * precision * recall / (precision + recall)


def ground_truth(html: str) -> str:
    """The story paragraphs: `<p>` inside `<article>`, without bylines and ad labels, one per line."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "lxml")
    paragraphs = [p for p in soup.select("article p")
                  if not any(c.startswith("byline") or c == "ad-label" for c in p.get("class", []))]
    return "\n".join(p.get_text(" ", strip=True) for p in paragraphs)


def fundus_bodies(pages: list[Path]) -> dict[str, str] | None:
    python = os.environ.get("NEWSMON_FUNDUS_PYTHON")
    if not python:
        return None
    jobs = [(str(p), FUNDUS_PUBLISHER[p.name]) for p in pages if p.name in FUNDUS_PUBLISHER]
    done = subprocess.run([python, "-c", FUNDUS_SCRIPT], input=json.dumps(jobs), capture_output=True, text=True,
                          check=True, timeout=300)
    return json.loads(done.stdout)


def main() -> None:
    from extractors.feeds.fulltext import extract_main_text

    fundus = fundus_bodies(PAGES)
    rows = []
    for page in PAGES:
        html = page.read_text(encoding="utf-8")
        truth = ground_truth(html)
        trafilatura = rouge_lsum_f1(truth, extract_main_text(html) or "")
        parsed = None if fundus is None or page.name not in FUNDUS_PUBLISHER else rouge_lsum_f1(truth, fundus[str(page)])
        rows.append((page.name, trafilatura, parsed))
    print(f"page extraction: {len(rows)} pages written for newsmon, ROUGE-LSum F1 against their story paragraphs")
    for name, trafilatura, parsed in rows:
        fundus_text = "n/a (no fundus parser for this publisher)" if name not in FUNDUS_PUBLISHER else (
            "not measured (NEWSMON_FUNDUS_PYTHON unset)" if parsed is None else f"{parsed:.3f}")
        print(f"  {name:32} trafilatura {trafilatura:.3f}   fundus {fundus_text}")
    mean = sum(r[1] for r in rows) / len(rows)
    covered = [r for r in rows if r[0] in FUNDUS_PUBLISHER]
    print(f"trafilatura: mean {mean:.3f} over {len(rows)} pages; on the {len(covered)} fundus-shaped pages "
          f"{sum(r[1] for r in covered) / len(covered):.3f}")
    if fundus is not None:
        print(f"fundus: parses {len(covered)} of {len(rows)} pages (the others are from no publisher it covers); "
              f"mean on those {sum(r[2] for r in covered) / len(covered):.3f}")


if __name__ == "__main__":
    main()
