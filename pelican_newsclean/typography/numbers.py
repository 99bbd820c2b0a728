"""Numbers and units: digit groups, long numbers, hours, units."""

from __future__ import annotations

import functools
import re

from ..html import ATOM
from .base import HS, MINUTE_MARKS, SPACE_CHARS, Edits, Style, space_edit, space_run_after

# Digit runs are found in a bytes copy of the text where each digit is "1"
# and every other character "0": encoding to Latin-1 with "replace" keeps one
# byte per character ("?" for the others), so positions carry over, and the
# literal-first pattern 11* lets the regex engine jump from digit to digit,
# where [0-9]+ on the text tests every character against a class (about
# three times slower, and this scan runs again after each number rule that
# edits).
_DIGITS_AS_ONES = bytes(49 if 48 <= byte <= 57 else 48 for byte in range(256))
_ONES_RE = re.compile(b"11*")


@functools.lru_cache(maxsize=1)
def number_tokens(text: str) -> tuple[tuple[int, int], ...]:
    """Spans of the runs of ASCII digits in ``text`` (shared by the number rules).

    The number rules read these instead of scanning the text for digits
    themselves: the spans stay cached until a rule edits the text.

    >>> number_tokens("« 12 » – 3\u202f000 🙂 4")
    ((2, 4), (9, 10), (11, 14), (17, 18))
    """
    digits = text.encode("latin-1", "replace").translate(_DIGITS_AS_ONES)
    return tuple([match.span() for match in _ONES_RE.finditer(digits)])


UNITS: tuple[str, ...] = tuple(
    sorted(
        [
            *"""% ‰ € $ £ ¥ °C °F km/h km² km³ km m² m³ m2 m3 m cm mm µm nm kg g mg µg t
        l L ml mL cl cL dl hl kWh MWh GWh TWh Wh kW MW GW W mW kV V mV mA A·h Ah mAh
        ha h min s ms µs ns ps Ω kΩ MΩ mΩ rad rad/s m/s tr/min ppm
        Ko Mo Go To Kio Mio Gio kB MB GB TB Mbit/s Gbit/s Mo/s Go/s kHz MHz GHz Hz dB
        M€ Md€ Mds€ k€ M$ Md$ CHF USD EUR GBP ¢
        euros euro dollars dollar francs franc yens yen yuans yuan roubles rouble
        dinars dinar dirhams dirham roupies roupie centimes centime""".split(),
            # Units of two words: emissions.
            *("g CO2", "kg CO2", "t CO2", "g CO₂", "kg CO₂", "t CO₂"),
        ],
        key=len,
        reverse=True,
    )
)
_UNIT_AHEAD = "(?:" + "|".join(re.escape(u) for u in UNITS) + r")(?![\w'’])"
_GROUP_SEPARATORS = " \u00a0\u202f\u2007\u2008\u2009\u200a"

_GROUPS_RE = re.compile(rf"(?:[{_GROUP_SEPARATORS}][0-9]{{3}})+(?![0-9{ATOM}])")
_NOT_BEFORE_NUMBER = frozenset("0123456789.," + ATOM)


def _ends_score(text: str, start: int) -> bool:
    """Whether the number at ``start`` ends a time or a score (``11:2``, ``12:30``).

    The grouping and unit rules leave such a number alone, like the ordinal
    and hour rules: spaced (``11:2L`` → ``11:2 L``) or grouped, it would
    read as a score the next time the masks are made, so a second run would
    mask what the first one did not, and read the text around it otherwise.
    """
    return start > 1 and text[start - 1] == ":" and "0" <= text[start - 2] <= "9"


def find_thousands(text: str, style: Style) -> Edits:
    """Numbers already written in groups of three get U+202F between the groups.

    ``10 000`` (ordinary or thin space) → ``10\u202f000``; ``10.000`` and
    ``2023`` stay as written.
    """
    edits: Edits = []
    skip_to = 0
    last = len(text) - 1
    for start, end in number_tokens(text):
        if start < skip_to or end - start > 3:
            continue
        if start and text[start - 1] in _NOT_BEFORE_NUMBER:
            continue
        # A group opens with a separator and a digit; most numbers have neither.
        if end >= last or text[end] not in _GROUP_SEPARATORS or not "0" <= text[end + 1] <= "9":
            continue
        match = _GROUPS_RE.match(text, end)
        if match is None:
            continue
        skip_to = match.end()
        # One edit per number (a hostile megabyte of groups stays one edit).
        groups = match.group()
        fixed = "".join(style.narrow + groups[i + 1 : i + 4] for i in range(0, len(groups), 4))
        if fixed != groups:
            edits.append((end, skip_to, fixed))
    return edits


_UNIT_AFTER_RE = re.compile(rf"({HS}*){_UNIT_AHEAD}")


def find_long_number(text: str, style: Style) -> Edits:
    """A bare integer of five digits or more before a unit or currency is grouped.

    ``15000 euros`` → ``15\u202f000 euros`` (the unit rule adds its own space);
    postcodes (``75001``), years, phone numbers and decimals stay as written.
    """
    edits: Edits = []
    length = len(text)
    for start, end in number_tokens(text):
        if end - start < 5:
            continue
        if start and (text[start - 1] in _NOT_BEFORE_NUMBER or text[start - 1].isalpha()):
            continue
        if _ends_score(text, start):
            continue
        if start > 1 and text[start - 1] in _GROUP_SEPARATORS and "0" <= text[start - 2] <= "9":
            # "30 303020000": one number badly grouped, or two numbers. Grouped, its
            # tail would read as the thousands of "30" on the next run: left alone.
            continue
        if end + 1 < length and text[end] in ".," and "0" <= text[end + 1] <= "9":
            continue  # a decimal
        if _UNIT_AFTER_RE.match(text, end) is None:
            continue
        digits = text[start:end]
        head = len(digits) % 3 or 3
        groups = [digits[:head], *(digits[i : i + 3] for i in range(head, len(digits), 3))]
        edits.append((start, end, style.narrow.join(groups)))
    return edits


# The minutes of a sports time, after its "h": 1h50'36", 01h 30' 10", 3h09'.
_MINUTES_MARKED = rf"{HS}?[0-9]{{1,2}}{HS}?[{MINUTE_MARKS}]"
_MINUTES_MARKED_RE = re.compile(_MINUTES_MARKED)
_HOURS_RE = re.compile(
    rf"h(?:(?<=[0-9]h)|(?<=[0-9]{HS}h))({HS}?)([0-9][0-9])(?![\w{ATOM}]|{HS}?[{MINUTE_MARKS}])"
)
_NOT_BEFORE_HOUR = frozenset(".,:" + ATOM)


def find_time_hours(text: str, style: Style) -> Edits:
    """Times written with ``h`` get no-break spaces: ``14h30`` → ``14\u00a0h\u00a030``.

    A time whose minutes carry a mark (``1h50'36"``, ``01h 30' 10"``) is a
    sports time in its own notation, left whole: spaced around its ``h``
    only, it would read half converted (``1 h 50'36"``).
    """
    edits: Edits = []
    for match in _HOURS_RE.finditer(text):
        h = match.start()
        before = h - 1 if text[h - 1] in SPACE_CHARS else h
        start = before
        while start > 0 and before - start < 3 and "0" <= text[start - 1] <= "9":
            start -= 1
        if before - start > 2:
            continue
        if start > 0 and (text[start - 1] in _NOT_BEFORE_HOUR or text[start - 1].isalnum()):
            continue
        if int(text[start:before]) > 24 or int(match.group(2)) > 59:
            continue
        space_edit(text, before, h, style.nbsp, style, edits)
        space_edit(text, match.start(1), match.end(1), style.nbsp, style, edits)
    return edits


_NUMBER_CHARS = frozenset("0123456789.,\u202f\u00a0")
_UNIT_STARTS = frozenset(u[0] for u in UNITS)


def find_unit_space(text: str, style: Style) -> Edits:
    """A number and its unit, percent sign or currency are tied by U+00A0.

    ``12%`` → ``12\u00a0%``; ``20°C`` → ``20\u00a0°C``; ``5 km`` →
    ``5\u00a0km``; ``30 euros`` → ``30\u00a0euros``. The units form a closed list.
    """
    edits: Edits = []
    length = len(text)
    for start, end in number_tokens(text):
        if end == length:
            continue
        # Several spaces before the unit collapse into one no-break space.
        after_spaces = space_run_after(text, end) if text[end] in SPACE_CHARS else end
        if after_spaces == length or text[after_spaces] not in _UNIT_STARTS:
            continue
        match = _UNIT_AFTER_RE.match(text, end)
        if match is None:
            continue
        if _ends_score(text, start):
            continue
        if text[after_spaces] == "h" and _MINUTES_MARKED_RE.match(text, after_spaces + 1):
            continue  # the hours of a sports time: 01h 30' 10" (see find_time_hours)
        # The number must stand alone: "A4 m" or "COP28 h" is no quantity.
        index = start
        while index > 0 and start - index < 64 and text[index - 1] in _NUMBER_CHARS:
            index -= 1
        if index > 0 and (text[index - 1].isalpha() or text[index - 1] in "_" + ATOM):
            continue
        space_edit(text, match.start(1), match.end(1), style.nbsp, style, edits)
    return edits
