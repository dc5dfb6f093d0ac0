"""UK postcodes and street addresses, the parts of a home address a reader can act on.

``contact:postcode`` is a full postcode (outward + inward code) whose area really exists;
``contact:street-address`` is a house number with a street ("Flat 2, 14 Mill Lane");
``contact:street-name`` is a named street without a number ("top of Moorside Lane"), scored lower
because on its own it locates rather than addresses — the location rules use it.
"""

from __future__ import annotations

import re
from typing import Any

from safepost.detectors.base import word_set
from safepost.models import Hit
from safepost.text import PostText


def _alternation(words: set[str] | frozenset[str]) -> str:
    """A regex matching any of ``words``, factored into a prefix tree: Python's ``re`` tries
    alternatives one by one, so a tree is several times faster than a flat ``a|b|c`` list."""
    tree: dict[str, Any] = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        branches = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return f"(?:{emit(tree)})"


# The 121 UK postcode areas (Royal Mail), so that "XY1 2AB" with a made-up area never fires.
_AREAS = word_set(
    "AB AL B BA BB BD BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT DY E EC EH "
    "EN EX FK FY G GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY L LA LD LE LL LN LS LU M ME "
    "MK ML N NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM S SA SE SG SK SL SM SN SO SP SR SS ST SW "
    "SY TA TD TF TN TQ TR TS TW UB W WA WC WD WF WN WR WS WV YO ZE"
)
_AREA_RE = "|".join(sorted((a.lower() for a in _AREAS), key=len, reverse=True))
# Outward district: digit(s), or digit + letter (W1A, EC1A, SW1A); inward: digit + two letters
# drawn from the 20 Royal Mail uses (never C I K M O V), which rules out "5pm", "3am" and similar.
_POSTCODE = re.compile(
    rf"(?<![\w£$€])(?P<out>(?:{_AREA_RE})(?:\d[a-hjkpstuw]|\d{{1,2}}))"
    r"[ \t]?(?P<in>\d[abd-hjlnp-uw-z]{2})(?!\w)"
)
_POSTCODE_SHAPE = re.compile(r"\d[a-z]?[ \t]?\d[a-z]{2}(?!\w)")
_ORDINAL = re.compile(r"\d(?:st|nd|rd|th)")

# Street types. Strong ones are rarely anything else, so lower-case "7 chapel street" counts; weak
# ones are ordinary words ("the park", "a walk") and need Title Case names to count.
_STRONG = word_set(
    "street st road rd avenue ave lane ln drive dr crescent cres grove gardens gdns terrace tce mews close "
    "boulevard parade pde"
)
_WEAK = word_set(
    "way court place pl walk row square sq hill view park rise green vale croft fold brow bank meadow "
    "meadows mead chase wharf yard gate wynd heights dale garth grange ridge villas approach circus"
)
_TYPES = _alternation({*_STRONG, *_WEAK})
_VERBISH = ("ing", "ed", "ly")
_ABBREVIATIONS = word_set("st rd ave ln dr cres gdns tce pde pl sq")

_NAME_WORD = r"[a-z][\w'\u2019\-]*"
# Street-type words anchor the search: only the text just before each one is examined.
_TYPE_WORD = re.compile(rf"\b{_TYPES}\b")
_NEXT_IS_TYPE = re.compile(rf"[ \t]+{_TYPES}\b")
_NUMBERED_TAIL = re.compile(
    rf"(?P<flat>\b(?:flat|apartment|apt|unit)[ \t]+\d{{1,4}}[a-z]?[ \t]*,?[ \t]+)?"
    rf"(?<![\w£$€.,:/\-])(?P<num>\d{{1,4}}[a-z]?)(?:[ \t]*[-\u2013][ \t]*\d{{1,4}}[a-z]?)?[ \t]*,?[ \t]+"
    rf"(?P<name>(?:{_NAME_WORD}[ \t]+){{0,2}}{_NAME_WORD})[ \t]+$"
)
_NAME_TAIL = re.compile(rf"(?:{_NAME_WORD}[ \t]+){{1,3}}$")
_LOOK_BACK = 60

# Words that can sit between a number and a street-type word without naming a street:
# "3 miles down the road", "2 kids in the park", "10 minute walk".
_STOP = word_set(
    """the a an of and or to in on at by for from with into onto over under up down out off along round
    around near past through across my our your his her their its this that these those me us them more
    less other year years yr yrs month months week weeks day days hour hours hr hrs min mins minute
    minutes second seconds mile miles km metres meters yards times time kids children people pupils
    students families points goals pounds quid am pm very so too really quite is are was were be been has
    have had just only about top bottom end side front back every each all some few many lots"""
)
# Adjectives that begin real street names ("Old Road", "Long Lane") but, lower-case, are just words.
_LOWER_CASE_STOP = word_set("new old big little long short great lovely good nice whole last first next")
_LEADING_SKIP = word_set("the a an my our your his her their at on in of to by from near up down top")
# Streets famous as streets (TV, politics, songs): a bare mention is not about anybody's home.
# Numbered, most of these are ordinary addresses in some town, so only the famous numbers are waived.
_FAMOUS_ADDRESSES = frozenset(("10 downing street", "221b baker street"))
_FAMOUS = frozenset(
    (
        "coronation street", "sesame street", "wall street", "downing street", "penny lane", "abbey road",
        "baker street", "oxford street", "carnaby street", "regent street", "fleet street", "harley street",
        "bond street", "park lane", "brookside close", "ramsay street", "albert square",
    )
)  # fmt: skip


class AddressDetector:
    """Finds postcodes (``contact:postcode``), street addresses and bare street names."""

    name = "contact"

    def detect(self, post: PostText) -> list[Hit]:
        text = post.text
        hits: list[Hit] = []
        lower = post.lower
        if _POSTCODE_SHAPE.search(lower):
            hits.extend(_postcodes(text, lower))
        for tm in _TYPE_WORD.finditer(lower):
            if _NEXT_IS_TYPE.match(lower, tm.end()):
                continue  # "Chapel Hill Road": judge at "Road", with "Hill" as part of the name
            hit = _street_address(post, tm) or _street_name(post, tm)
            if hit is not None:
                hits.append(hit)
        hits.sort(key=lambda h: h.start)
        return hits


def _postcodes(text: str, lower: str) -> list[Hit]:
    hits: list[Hit] = []
    for m in _POSTCODE.finditer(lower):
        inward = m.group("in")
        spaced = m.end("out") != m.start("in")
        lower_case = text[m.start() : m.end()] == m.group()
        if lower_case and _ORDINAL.fullmatch(inward):
            continue  # "m1 2nd" is a motorway and an ordinal
        value = f"{m.group('out').upper()} {inward.upper()}"
        score = (0.9 if spaced else 0.8) - (0.1 if lower_case else 0.0)
        hits.append(
            Hit(
                label="contact:postcode",
                start=m.start(),
                end=m.end(),
                text=text[m.start() : m.end()],
                score=round(score, 2),
                pattern="uk-postcode",
                value=value,
            )
        )
    return hits


def _title(word: str) -> bool:
    return word[:1].isupper()


def _street_address(post: PostText, tm: re.Match[str]) -> Hit | None:
    """A house number and street name ending at this street-type word: "Flat 2, 14 Mill Lane"."""
    text = post.text
    lo = max(0, tm.start() - _LOOK_BACK)
    m = _NUMBERED_TAIL.search(post.lower, lo, tm.start())
    if m is None:
        return None
    name_words = text[m.start("name") : m.end("name")].split()
    street_type = text[tm.start() : tm.end()]
    if any(w.lower() in _STOP for w in name_words):
        return None
    titled = all(_title(w) for w in name_words)
    if not titled and any(w.lower() in _LOWER_CASE_STOP for w in name_words):
        return None
    if street_type.lower() not in _STRONG and not (titled and _title(street_type)):
        return None
    if _saint_or_doctor(text, tm.end(), street_type):
        return None
    street = f"{' '.join(name_words)} {street_type}"
    address = f"{text[m.start('num') : m.end('num')]} {street}"
    famous = address.lower() in _FAMOUS_ADDRESSES
    start = m.start("flat") if m.group("flat") else m.start("num")
    return Hit(
        label="contact:street-address",
        start=start,
        end=tm.end(),
        text=text[start : tm.end()],
        score=0.9 if titled else 0.75,
        pattern="number-street" + ("-flat" if m.group("flat") else ""),
        waived=f"{address} is a famous address, not somebody's home" if famous else None,
        value=address,
    )


def _street_name(post: PostText, tm: re.Match[str]) -> Hit | None:
    """A named street without a number ("top of Moorside Lane"): capitalised words before the type."""
    text = post.text
    street_type = text[tm.start() : tm.end()]
    strong = street_type.lower() in _STRONG
    if not (strong or _title(street_type)):
        return None
    if street_type.lower() in _ABBREVIATIONS and not _title(street_type):
        return None
    if _saint_or_doctor(text, tm.end(), street_type):
        return None
    m = _NAME_TAIL.search(post.lower, max(0, tm.start() - _LOOK_BACK), tm.start())
    if m is None:
        return None
    words = [(w.group(), m.start() + w.start()) for w in re.finditer(r"\S+", text[m.start() : m.end()])]
    # Keep only the capitalised words just before the type: "the Mill Lane sign" -> "Mill".
    kept: list[tuple[str, int]] = []
    for word, pos in reversed(words):
        if not _title(word) or word.lower() in _LEADING_SKIP or word.lower() in _STOP:
            break
        kept.insert(0, (word, pos))
    if len(kept) > 1 and _at_sentence_start(post, kept[0][1]) and kept[0][0].lower().endswith(_VERBISH):
        kept = kept[1:]  # "Watching Coronation Street": the first capital is the sentence's
    if not kept:
        return None
    start = kept[0][1]
    if not strong and len(kept) == 1 and _at_sentence_start(post, start):
        return None  # "Lovely Park today!" — a capital at the start of a sentence proves nothing
    street = text[start : tm.end()]
    if street.lower() in _FAMOUS:
        return None
    return Hit(
        label="contact:street-name",
        start=start,
        end=tm.end(),
        text=street,
        score=0.5 if strong else 0.35,
        pattern="named-street",
        value=street,
    )


def _at_sentence_start(post: PostText, pos: int) -> bool:
    return post.sentence_starts[post.sentence_index(pos)] == pos


def _saint_or_doctor(text: str, end: int, street_type: str) -> bool:
    """True for "St Helens" / "Dr Patel", where the abbreviation titles the next name, not a street."""
    if street_type.lower().rstrip(".") not in {"st", "dr"}:
        return False
    nxt = text[end : end + 3].lstrip(". ")
    return nxt[:1].isupper()
