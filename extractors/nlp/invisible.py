"""Invisible format characters out of the text before the rules run, with offsets kept on the caller's text.

Feeds and pasted text carry characters no reader sees: a zero-width space inside a name ("Micro\u200bsoft"
gave the investor "Micro"), a soft hyphen, a byte-order mark, a word joiner; and line or paragraph separators
(U+2028/U+2029, NEL) that end a line for a reader but are no whitespace to a regex ("$1\u2029 billion" read
as a $1 round). The rules see the text a reader sees: zero-width characters removed, separators turned into
"\n", no-break and other odd spaces into " ". Every offset the extractor returns still points into the text
it was given (`Normalised.original_offset`), and surfaces are cut from that text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# zero-width space/non-joiner/joiner, word joiner, invisible times/separator/plus, BOM, soft hyphen, Mongolian
# vowel separator
_REMOVED = "\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad\u180e"
_AS_NEWLINE = "\u2028\u2029\u0085"
_AS_SPACE = "\u00a0\u202f\u2007\u2009\u200a\u2002\u2003\u2004\u2005\u2006\u2008\u205f\u3000"
_ANY = re.compile(f"[{_REMOVED}{_AS_NEWLINE}{_AS_SPACE}]")
_SAME_LENGTH = str.maketrans({**{c: "\n" for c in _AS_NEWLINE}, **{c: " " for c in _AS_SPACE}})


@dataclass(frozen=True)
class Normalised:
    """The text the rules read, and where each of its characters is in the original (None: no character was
    removed, offsets are the same)."""

    text: str
    positions: tuple[int, ...] | None = None

    def original_offset(self, offset: int, *, end: bool = False) -> int:
        """The original offset of `offset` in `text`; an `end` offset maps to just after its last character."""
        if self.positions is None:
            return offset
        if end:
            return self.positions[offset - 1] + 1 if offset > 0 else 0
        return self.positions[offset] if offset < len(self.positions) else (self.positions[-1] + 1 if self.positions else 0)


def normalise(text: str) -> Normalised:
    """The reader's text of `text` (see the module docstring); the common case, nothing invisible, costs one
    regex search."""
    if not _ANY.search(text):
        return Normalised(text)
    same = text.translate(_SAME_LENGTH)
    if not any(c in same for c in _REMOVED):
        return Normalised(same)
    positions = tuple(i for i, c in enumerate(same) if c not in _REMOVED)
    return Normalised("".join(same[i] for i in positions), positions)
