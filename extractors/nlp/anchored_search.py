"""Search a complex regex only in short windows around cheap "anchors".

Why: Python's `re` tries a pattern at every position. The money pattern (currencies, digits, number
words, scales, ranges) costs ~0.7 s per MB that way, more than the whole extraction budget. But every
amount contains a currency ("$", "EUR", "Dollar") and every percentage a unit ("%", "Prozent"), which a
trivial regex finds at C speed and which are rare in text. So the full pattern only runs in a window
of `before` characters before and `after` characters after each anchor.

`AnchoredScanner.search(pos)` returns the leftmost match at or after `pos` that reaches the next
pending anchor (matches ending before it hold no anchor and are skipped). The window only serves to *find* a start: the returned match is re-run without
the window's end (`pattern.match(text, start)`), so it is never truncated. Matches that hold no anchor
are not returned, which is the point: they are not amounts.
"""
from __future__ import annotations

import re

# Longest prefix of a match that may fail to match on its own (number words before their scale word).
_MARGIN = 48


class AnchoredScanner:
    """Iterates matches of `pattern` near matches of `anchors` (see module docstring)."""

    def __init__(self, pattern: re.Pattern[str], anchors: re.Pattern[str], text: str, before: int, after: int) -> None:
        self._pattern = pattern
        self._text = text
        self._before = before
        self._after = after
        self._anchors = anchors.finditer(text)
        self._anchor = next(self._anchors, None)
        self._floor = 0  # no match starts before this (windows already searched in vain)

    def _window_start(self, pos: int, anchor_start: int) -> int:
        """`anchor_start - before`, moved back to a space so the window never starts inside a number."""
        pos = max(pos, self._floor)
        cut = anchor_start - self._before
        if cut <= pos:
            return pos
        space = self._text.rfind(" ", pos, cut)
        return space + 1 if space >= 0 else pos

    def search(self, pos: int) -> re.Match[str] | None:
        """The leftmost match starting at or after `pos` near a pending anchor, or None when done."""
        while self._anchor is not None:
            anchor = self._anchor
            if anchor.end() <= pos:
                self._anchor = next(self._anchors, None)
                continue
            end = anchor.end() + self._after
            m = self._pattern.search(self._text, self._window_start(pos, anchor.start()), end)
            while m is not None and m.end() <= anchor.start():
                # Ends before the anchor, so holds none (earlier anchors are done): not a match we want.
                m = self._pattern.search(self._text, m.end(), end)
            if m is None:
                # Nothing starts in this window; a match starting near its end could have been cut
                # short, so only the part `_MARGIN` before the end is known to be empty.
                self._floor = max(self._floor, end - _MARGIN)
                self._anchor = next(self._anchors, None)
                continue
            full = self._pattern.match(self._text, m.start())
            if full is not None:
                return full
            pos = m.start() + 1  # only matched because the window cut a word short: look further
        return None
