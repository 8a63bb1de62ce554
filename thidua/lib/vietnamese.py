"""Vietnamese text: diacritic-free search keys, name splitting and the Vietnamese sort order.

Names sort by given name, then middle name, then family name (STYLE.md, Language), letters in the
Vietnamese alphabet (a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y) and tones compared
only when the letters are equal. The keys are plain digit strings so that every database collation
(SQLite's binary, PostgreSQL's C or en_US) orders them the same way, and they can be indexed.
"""

from __future__ import annotations

import re
import unicodedata

# The Vietnamese alphabet, with the letters of foreign names (f j w z) in their Latin places.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_TONE_MARKS = {
    "\u0300": 1,  # huyền (grave)
    "\u0309": 2,  # hỏi (hook above)
    "\u0303": 3,  # ngã (tilde)
    "\u0301": 4,  # sắc (acute)
    "\u0323": 5,  # nặng (dot below)
}
# Marks that make a different letter rather than a tone: ă (breve), â ê ô (circumflex), ơ ư (horn).
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}
_SPACE = re.compile(r"\s+")

# Codes: digits 10-19, letters 20-53, other characters 60-99; "00" ends a name part.
_CODES: dict[str, int] = {str(d): 10 + d for d in range(10)}
_CODES.update({letter: 20 + i for i, letter in enumerate(_ALPHABET)})


def normalize_space(text: str) -> str:
    """Single spaces and composed characters (text pasted from Word or Excel is often decomposed)."""
    return unicodedata.normalize("NFC", _SPACE.sub(" ", text).strip())


def _letter_and_tone(char: str) -> tuple[str, int]:
    """Split one character into its Vietnamese letter (with vowel marks) and its tone (0-5)."""
    decomposed = unicodedata.normalize("NFD", char.lower())
    tone = 0
    kept = []
    for part in decomposed:
        if part in _TONE_MARKS:
            tone = _TONE_MARKS[part]
        else:
            kept.append(part)
    return unicodedata.normalize("NFC", "".join(kept)), tone


def search_key(text: str) -> str:
    """Lower-case text without any diacritic, đ as d, single spaces: "Nguyễn Văn Đức" -> "nguyen van duc"."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d").replace("Đ", "d"))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return normalize_space(stripped)


def _part_key(part: str) -> str:
    letters: list[str] = []
    tones: list[str] = []
    for char in part:
        letter, tone = _letter_and_tone(char)
        code = _CODES.get(letter)
        if code is None:
            code = 60 + (ord(letter[:1] or " ") % 40)
        letters.append(f"{code:02d}")
        tones.append(f"{tone + 1:02d}")
    # Letters first, then tones (only decisive between equal letters), each ended by "00".
    return "".join(letters) + "00" + "".join(tones) + "00"


def split_name(full_name: str) -> tuple[str, str, str]:
    """(family, middle, given) of a Vietnamese full name: "Nguyễn Thị Minh Khai" -> ("Nguyễn", "Thị Minh", "Khai")."""
    parts = normalize_space(full_name).split(" ")
    if len(parts) == 1:
        return "", "", parts[0]
    return parts[0], " ".join(parts[1:-1]), parts[-1]


def name_sort_key(full_name: str) -> str:
    """Sort key of a person's name: given name, then middle name, then family name."""
    family, middle, given = split_name(full_name)  # split_name normalises to NFC
    middle_key = "".join(_part_key(word) for word in middle.split(" ") if word) + "00"
    return _part_key(given) + middle_key + _part_key(family)


def text_sort_key(text: str) -> str:
    """Sort key of a unit or block name in the Vietnamese alphabet, word by word."""
    return "".join(_part_key(word) for word in normalize_space(text).split(" ") if word)
