"""Phone numbers in a post, however they are written, judged by ``phonenumbers``.

Digits may be spaced, dotted, dashed, bracketed, prefixed with +44 / 0044 / "(0)", split over a
line or sentence break, written with letter O for zero, or spelled out in words ("oh seven seven
double oh ..."). Candidates come from one cheap regex per form and are judged with
``phonenumbers.is_possible_number``: the test ``PhoneNumberMatcher`` applies at
``Leniency.POSSIBLE`` (so Ofcom drama numbers such as 07700 900123 count although not "valid").
The matcher itself is not used: it mis-splits runs like "07700 900123 5 stars" into
"07700" + "900123 5", cannot join a number broken over a line, and costs ~25 µs a post.

Emergency, helpline and office numbers are reported with ``waived`` set, so that rules stay quiet
but the user sees why.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from importlib.resources import files
from typing import Any

import phonenumbers
import yaml

from safepost.detectors.base import context_hits, word_set
from safepost.models import Hit
from safepost.text import PostText

LABEL = "contact:phone"


@cache
def load_public_data() -> dict[str, Any]:
    """Public numbers, generic mailboxes and organisation handles, shared by the contact detectors."""
    raw = files("safepost.detectors.data").joinpath("public_numbers.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(raw)
    if not isinstance(data, dict):
        raise ValueError("public_numbers.yaml must hold a mapping")
    return data


@dataclass(frozen=True, slots=True)
class PublicNumber:
    """A number that is public by design (999, Childline, ...)."""

    digits: str
    name: str
    reason: str
    needs_context: bool


def _public_numbers() -> dict[str, PublicNumber]:
    found: dict[str, PublicNumber] = {}
    for entry in load_public_data()["numbers"]:
        digits = re.sub(r"\D", "", str(entry["number"]))
        found[digits] = PublicNumber(digits, entry["name"], entry["reason"], bool(entry["needs_context"]))
    return found


_PUBLIC = _public_numbers()
_SHORT = {d: p for d, p in _PUBLIC.items() if not d.startswith("0")}

# --- context vocabularies -------------------------------------------------------------------------

_RAISE = word_set(
    "call calls calling ring ringing bell text txt texts texting whatsapp wa mob mobile number num "
    "tel telephone phone contact reach landline cell facetime signal telegram"
)
_LOWER = word_set(
    "order orders ref reference tracking track booking parcel invoice account acc lotto lottery "
    "euromillions thunderball score scores receipt case policy ticket tickets raffle isbn serial "
    "membership claim sort barcode transaction"
)
_WEAK_RAISE = frozenset({"number", "num", "contact"})
_LOWER_PHRASES = re.compile(r"\b(?:numbers\s+tonight|lucky\s+numbers?|winning\s+numbers?|bonus\s+ball)\b")
_SHORT_CONTEXT = word_set(
    "call calling called ring rang dial dialled dialed dialling phone phoned text police ambulance "
    "emergency fire nhs helpline line number power cut shout samaritans missing services"
)
_DESCRIPTOR = re.compile(
    r"\b(?:(?:our|the|my|main|head|school|council|ward)\s+office|office\s+(?:number|line|phone)|reception"
    r"|switchboard|main\s+(?:line|number)|help\s?line|advice\s?line|support\s+line|front\s+desk"
    r"|(?:the|our)\s+(?:library|council|surgery|clinic|practice|club|contact\s+centre|leisure\s+centre"
    r"|welfare\s+line|duty\s+(?:team|line|desk)|school|nursery|box\s+office|booking\s+line))\b"
)
_ORG_WORD = re.compile(
    r"\b(?:help\s?line|charity|service|services|council|office|reception|freephone|free|advice|support"
    r"|team|nhs|hospital|surgery|gp|school|club|switchboard|centre|center|trust|hub|infoline|takeaway"
    r"|groomers?|vets?|garage|salon|shop|plumber|electrician|taxis?|restaurant|cafe|pub|hotel|dentist|pharmacy"
    r"|chemist|water|gas|electric|company|ltd|business|library|museum|theatre|church|mosque|temple"
    r"|gurdwara|hospice|food\s?bank|pantry|society|association|foundation|friends\s+of|committee"
    r"|volunteers?|scouts|guides|brownies|cubs|brigade|sanctuary|project|network|partnership"
    r"|group|drop-in|sessions|classes|appeal|campaign|forum|alliance|cic|village\s+hall|parish)\b"
)
# "the Friends of Hollins Park line", "the Carers Hub number": a named organisation's line.
_NAMED_LINE = re.compile(
    r"\b[Tt]he\s+(?:(?:[A-Z][\w'’&-]*|of|and|for|the|&)\s+){1,7}(?:[a-z]+\s+){0,2}"
    r"(?:line|helpline|hotline)\b"
    r"(?=(?:\s+(?:is|on|number))?\s*:?\s*$)"
)
# "the Grandma line", "the Patel family line": a household's, not an organisation's.
_FAMILY_WORDS = re.compile(
    r"\b(?:house|home|family|grandma|grandad|granny|grandpa|gran|nan|nanna|mum|mam|dad|auntie|aunty|uncle"
    r"|sister|brother|cousin|personal|private|mobile)\b",
    re.IGNORECASE,
)
# Another phone number: seven digits or more ("9.30 - 4.30" opening hours are not one).
_NUMBER_LIKE = re.compile(r"(?<![\d.])\d(?:[\s().-]{0,3}\d){6,}(?![\d.])")
# How a notice hands out its number: "ring … to book", "for details call …".
_NOTICE = re.compile(
    r"\b(?:to\s+(?:book|check|ask|register|enquire|find\s+out|reserve)|for\s+(?:more|tickets)|details|info"
    r"|information|booking|bookings|enquiries|book\s+online|opening\s+times)\b"
)
_PERSONAL = re.compile(r"\b(?:my|me|mine|personal|private|whatsapp|text|home|i'm|im)\b")
# Words that make even a freephone or 03 number someone's own ("text me on", "my mobile").
_CLEARLY_PERSONAL = re.compile(
    r"\b(?:my|me)\s+(?:on|number|mobile|phone|mob|cell|landline|whatsapp)\b"
    r"|\b(?:text|call|ring|phone|whatsapp|message|dm)\s+me\b|\bpersonal\b|\bprivate\b"
)
_HOME = re.compile(r"\b(?:home|personal|private)\b")

# --- digit runs -----------------------------------------------------------------------------------

_GROUP = r"\(?\d+\)?"
_SEP = r"(?:[ \t]*(?:\(0\)|[-\u2013./,;|])[ \t]*(?:\r?\n[ \t]*){0,2}|[ \t]*(?:\r?\n[ \t]*){1,2}|[ \t]+)"
_RUN = re.compile(rf"(?<![\w£$€#.])(?:\+[ \t]?)?{_GROUP}(?:{_SEP}{_GROUP})*")
_RUN_TOKEN = re.compile(r"\+|\(0\)|\(?\d+\)?")
_ENOUGH_DIGITS = re.compile(r"(?:\d[^\w\n]{0,3}+\n?[^\w\n]{0,3}+){7}\d|[Oo]\d|\d[Oo]")
_O_FOR_ZERO = re.compile(r"(?<=\d)[Oo]+(?=[\d\s.,)-]|$)|(?<![\w])[Oo]+(?=\d)")
_STARTS_AFTER = re.compile(r"\s*[,;/|]?\s*")
_DATE = re.compile(r"(?<!\d)(?:\d{1,2}([./-])\d{1,2}\1(?:\d{4}|\d{2})|\d{4}-\d{1,2}-\d{1,2})(?!\d)")
_SHORT_RE = re.compile(
    r"(?<![\w£$€.,/:+\-])("
    + "|".join(re.escape(d) if len(d) != 6 else f"{d[:3]}[ -]?{d[3:]}" for d in sorted(_SHORT, key=len)[::-1])
    + r")(?![\w%]|[.,:/\-]?\d)"
)

# --- numbers in words -----------------------------------------------------------------------------

_UNITS = {
    "zero": "0", "oh": "0", "o": "0", "nought": "0", "one": "1", "two": "2", "three": "3", "four": "4",
    "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9",
}  # fmt: skip
_TEENS = {
    "ten": "10", "eleven": "11", "twelve": "12", "thirteen": "13", "fourteen": "14", "fifteen": "15",
    "sixteen": "16", "seventeen": "17", "eighteen": "18", "nineteen": "19",
}  # fmt: skip
_TENS = {
    "twenty": "2", "thirty": "3", "forty": "4", "fifty": "5", "sixty": "6", "seventy": "7",
    "eighty": "8", "ninety": "9",
}  # fmt: skip
_REPEAT = {"double": 2, "triple": 3, "treble": 3}
_SCALE = {"hundred": "00", "thousand": "000"}
_WORD_TOKEN = "|".join(sorted([*_UNITS, *_TEENS, *_TENS, *_REPEAT, *_SCALE, "plus"], key=len, reverse=True))
_WT = rf"(?:(?:{_WORD_TOKEN})\b|\d+(?!\w))"
_WORD_RUN = re.compile(rf"\b{_WT}(?:[ \t,.\-/]*+\n?[ \t]*+\b{_WT}){{5,}}")
_WORD_HINT = re.compile(
    r"\b(?:zero|oh|o|nought|plus)\b|\d\s+(?:one|two|three|four|five|six|seven|eight|nine|double|triple|treble)\b"
)


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int
    end: int
    digits: str  # national digits ("07700900123") or "+" + international digits
    groups: tuple[str, ...]
    spelled: bool


class PhoneDetector:
    """Finds phone numbers (``contact:phone``); public and office numbers come back waived."""

    name = "contact"

    def detect(self, post: PostText) -> list[Hit]:
        text = post.text
        hits: list[Hit] = []
        candidates = _digit_candidates(text) if _ENOUGH_DIGITS.search(text) else []
        if _WORD_HINT.search(post.lower):
            candidates.extend(_word_candidates(post.lower))
        taken_starts: list[int] = []
        taken_ends: list[int] = []
        for cand in sorted(candidates, key=lambda c: (c.start, -(c.end - c.start))):
            if taken_ends and cand.start < taken_ends[-1]:
                continue  # overlaps the number just taken (candidates come in start order)
            hit = _judge(post, cand)
            if hit is not None:
                hits.append(hit)
                taken_starts.append(cand.start)
                taken_ends.append(cand.end)
        for m in _SHORT_RE.finditer(text):
            i = bisect.bisect_right(taken_starts, m.start()) - 1
            if i >= 0 and m.start() < taken_ends[i]:
                continue  # inside a longer number already found
            short = _short_code_hit(post, m)
            if short is not None:
                hits.append(short)
        hits.sort(key=lambda h: h.start)
        return _waive_siblings(post, hits)


def _digit_candidates(text: str) -> list[_Candidate]:
    """Runs of digit groups, cut into the longest group-aligned stretches that could be a number."""
    scan = _O_FOR_ZERO.sub(lambda m: "0" * len(m.group()), text) if _O_FOR_ZERO.search(text) else text
    found: list[_Candidate] = []
    for run in _RUN.finditer(scan):
        if run.end() - run.start() < 8 or sum(ch.isdigit() for ch in run.group()) < 8:
            continue
        plus = False
        groups: list[tuple[str, int, int, str]] = []  # digits, start, end, separator before
        last_end = run.start()
        for tok in _RUN_TOKEN.finditer(run.group()):
            value = tok.group()
            start, end = run.start() + tok.start(), run.start() + tok.end()
            if value == "+":
                plus = not groups
                last_end = end
                continue
            if value == "(0)":
                continue
            groups.append((value.strip("()"), start, end, scan[last_end:start]))
            last_end = end
        found.extend(_split_run(text, groups, plus))
    return found


def _split_run(text: str, groups: list[tuple[str, int, int, str]], plus: bool) -> list[_Candidate]:
    found: list[_Candidate] = []
    i = 0
    while i < len(groups):
        first = groups[i]
        if i > 0 and not _STARTS_AFTER.fullmatch(first[3]):
            i += 1  # "978-0-14-..." / "3.0113...": a number never starts inside a dashed or dotted run
            continue
        intl = (plus and i == 0) or first[0].startswith("00")
        if not intl and not first[0].startswith("0"):
            i += 1
            continue
        best: tuple[int, str] | None = None
        acc = ""
        for j in range(i, len(groups)):
            acc += groups[j][0]
            digits = acc[2:] if acc.startswith("00") else acc
            if intl:
                if len(digits) > 15:
                    break
                if len(digits) >= 8 and _possible("+" + digits):
                    best = (j, "+" + digits)
            else:
                if len(acc) > 11:
                    break
                if (len(acc) in (10, 11) and acc[1] != "0") or acc in _PUBLIC:
                    best = (j, acc)
        if best is None:
            i += 1
            continue
        j, digits = best
        start = text.rfind("+", 0, first[1]) if intl and plus and i == 0 else first[1]
        found.append(_Candidate(start, groups[j][2], digits, tuple(g[0] for g in groups[i : j + 1]), False))
        i = j + 1
    return found


def _word_candidates(lower: str) -> list[_Candidate]:
    """Numbers spelled out ("oh seven seven double oh ..."): expand word runs to digits, keep spans."""
    found: list[_Candidate] = []
    for run in _WORD_RUN.finditer(lower):
        parts = _expand_words(run.group(), run.start())
        for s in range(len(parts)):
            head = parts[s][0]
            if not (head.startswith("0") or head == "+"):
                continue
            acc = ""
            best: tuple[int, str] | None = None
            for j in range(s, len(parts)):
                acc += parts[j][0]
                national = acc.lstrip("+")
                if len(national) > 15 or (not acc.startswith("+") and len(acc) > 11):
                    break
                if acc.startswith("+"):
                    if len(national) >= 9 and _possible(acc):
                        best = (j, acc)
                elif len(acc) in (10, 11) and acc[1] != "0":
                    best = (j, acc)
            if best is not None and any(p[3] for p in parts[s : best[0] + 1]):
                j, digits = best
                groups = tuple(p[0] for p in parts[s : j + 1])
                found.append(_Candidate(parts[s][1], parts[j][2], digits, groups, True))
                break
    return found


def _expand_words(run: str, offset: int) -> list[tuple[str, int, int, bool]]:
    """Tokens of a word run as (digits, start, end, was_a_word)."""
    toks = [(m.group(), offset + m.start(), offset + m.end()) for m in re.finditer(r"\d+|[a-z]+", run)]
    out: list[tuple[str, int, int, bool]] = []
    i = 0
    while i < len(toks):
        word, start, end = toks[i]
        nxt = toks[i + 1][0] if i + 1 < len(toks) else ""
        if word.isdigit():
            out.append((word, start, end, False))
        elif word in _UNITS:
            out.append((_UNITS[word], start, end, True))
        elif word in _TEENS:
            out.append((_TEENS[word], start, end, True))
        elif word in _TENS:
            if nxt in _UNITS and _UNITS[nxt] != "0":
                out.append((_TENS[word] + _UNITS[nxt], start, toks[i + 1][2], True))
                i += 1
            else:
                out.append((_TENS[word] + "0", start, end, True))
        elif word in _REPEAT and nxt in _UNITS:
            out.append((_UNITS[nxt] * _REPEAT[word], start, toks[i + 1][2], True))
            i += 1
        elif word in _SCALE and out and out[-1][3]:
            out.append((_SCALE[word], start, end, True))
        elif word == "plus" and nxt and not out:
            out.append(("+", start, end, True))  # only as the first token: "plus four four seven …"
        i += 1
    return out


@lru_cache(maxsize=4096)
def _possible(e164: str) -> bool:
    try:
        return bool(phonenumbers.is_possible_number(phonenumbers.parse(e164, None)))
    except phonenumbers.NumberParseException:
        return False


def _judge(post: PostText, cand: _Candidate) -> Hit | None:
    """Decide whether a candidate reads as a phone number; score, explain and maybe waive it."""
    text = post.text
    raw = text[cand.start : cand.end]
    if not cand.spelled:
        if len(cand.groups) >= 4 and all(len(g) == 2 for g in cand.groups):
            return None  # a row of lottery numbers or similar
        if cand.groups[0] == "0" and any(len(g) > 1 for g in cand.groups):
            return None  # "0 14 044913 6" (an ISBN); a lone 0 only starts digit-by-digit spelling
        if _DATE.search(raw):
            return None
        after = text[cand.end : cand.end + 1]
        if after.isalpha() and after not in "xX":
            return None
        if text[cand.end : cand.end + 1] == "%":
            return None
    number = _parse(cand.digits)
    if number is None:
        return None
    nsn = phonenumbers.national_significant_number(number)
    country = number.country_code or 44
    known = _PUBLIC.get("0" + nsn) if country == 44 else None
    if known is None and not phonenumbers.is_possible_number(number):
        return None

    before, after_words = post.words_near(cand.start, cand.end, 40)
    raised = context_hits(before, after_words, _RAISE)
    lowered = context_hits(before, after_words, _LOWER)
    window = post.lower[max(0, cand.start - 40) : min(len(text), cand.end + 40)]
    phrase = _LOWER_PHRASES.search(window)
    if phrase:
        lowered = (*lowered, phrase.group())
    if "£" in text[max(0, cand.start - 12) : cand.start]:
        lowered = (*lowered, "£")
    if lowered and not set(raised) - _WEAK_RAISE:
        return None  # "policy number 0121 ...": "number" alone cannot rescue a reference

    pattern, base = _kind(country, nsn)
    if cand.spelled:
        pattern, base = f"{pattern}/spelled-out", base + 0.1
    score = base + 0.1 * min(2, len(raised)) - (0.25 if lowered else 0.0)
    waived = known.reason if known else _waiver(post, cand, country, nsn)
    return Hit(
        label=LABEL,
        start=cand.start,
        end=cand.end,
        text=raw,
        score=round(max(0.05, min(1.0, score)), 2),
        pattern="public-number" if known else pattern,
        raised_by=raised,
        lowered_by=lowered,
        waived=waived,
        value=f"+{country}{nsn}",
    )


def _parse(digits: str) -> phonenumbers.PhoneNumber | None:
    """National digits ("07700900123") become a GB number directly (parsing text costs ~15 µs);
    international ones ("+353...") go through ``phonenumbers.parse`` for the country code."""
    if not digits.startswith("+"):
        return phonenumbers.PhoneNumber(country_code=44, national_number=int(digits[1:]))
    try:
        return phonenumbers.parse(digits, None)
    except phonenumbers.NumberParseException:
        return None


def _kind(country_code: int, nsn: str) -> tuple[str, float]:
    if country_code != 44:
        return "international", 0.7
    lead = nsn[:1]
    if lead == "7":
        return "uk-mobile", 0.8
    if lead in "12":
        return "uk-landline", 0.7
    if lead == "3":
        return "uk-non-geographic", 0.6
    if nsn.startswith(("800", "808")):
        return "uk-freephone", 0.6
    return "uk-other", 0.6


def _waiver(post: PostText, cand: _Candidate, country_code: int, nsn: str) -> str | None:
    """A reason when the words around the number say it belongs to an organisation, else None."""
    if country_code != 44:
        return None
    sent_start, _ = post.sentence_span(cand.start)
    _, sent_end = post.sentence_span(max(cand.start, cand.end - 1))
    mobile = nsn.startswith("7")
    # An announcement names its organisation early in the sentence; a landline may look further back.
    lo = max(sent_start, cand.start - (50 if mobile else 120))
    hi = min(sent_end, cand.end + 40)
    # The words around a number belong to it, not to a neighbouring number.
    for previous in _NUMBER_LIKE.finditer(post.text, lo, cand.start):
        lo = previous.end()
    following = next(iter(_NUMBER_LIKE.finditer(post.text, cand.end, hi)), None)
    if following:
        hi = following.start()
    around = post.lower[lo : cand.start] + " " + post.lower[cand.end : hi]
    descriptor = _DESCRIPTOR.search(around)
    if descriptor is None and not mobile:
        named = _NAMED_LINE.search(post.text[lo : cand.start])
        descriptor = named if named and not _FAMILY_WORDS.search(named.group()) else None
    if descriptor and not (_PERSONAL if mobile else _HOME).search(around):
        return f"Described as “{descriptor.group()}” — an organisation's line, not a personal number"
    if nsn.startswith(("800", "808", "3")) and not _CLEARLY_PERSONAL.search(around):
        kind = "0800/0808 numbers are free lines" if nsn.startswith("8") else "03 numbers are lines"
        org = _ORG_WORD.search(around)
        said = f", and this one comes with “{org.group()}”" if org else ""
        return f"{kind} run by organisations{said} — not a personal number"
    if not mobile and not _PERSONAL.search(around):
        org = _ORG_WORD.search(around)
        if org is None and _NOTICE.search(around):
            # A notice names the organisation first and the number last: "Repair café at the library
            # on Saturday. … Details or ring 029 2018 0473." One of the two sentences before may name it.
            first = post.sentence_starts[max(0, post.sentence_index(cand.start) - 2)]
            earlier = post.lower[first:sent_start]
            org = None if _PERSONAL.search(earlier) else _ORG_WORD.search(earlier)
        if org:
            return f"A landline given with “{org.group()}” — an organisation's number, not a personal one"
    return None


def _waive_siblings(post: PostText, hits: list[Hit]) -> list[Hit]:
    """A landline given in the same sentence as an organisation's line ("… and out of hours it's
    0161 …") belongs to the same organisation unless the words around it say it is personal."""
    # Only a line described as an organisation's counts: a national helpline (Childline) says
    # nothing about whose the number beside it is.
    lines: dict[int, Hit] = {}
    for hit in hits:
        if hit.waived and hit.pattern not in ("short-code", "public-number"):
            lines.setdefault(post.sentence_index(hit.start), hit)
    if not lines:
        return hits
    out = []
    for hit in hits:
        sibling = lines.get(post.sentence_index(hit.start)) if hit.waived is None else None
        if sibling is not None and hit.pattern.startswith("uk-landline"):
            near = post.lower[max(0, hit.start - 40) : hit.end + 40]
            if not _PERSONAL.search(near):
                hit = replace(hit, waived=f"Given alongside {sibling.text}, an organisation's line")
        out.append(hit)
    return out


def _short_code_hit(post: PostText, m: re.Match[str]) -> Hit | None:
    digits = re.sub(r"\D", "", m.group())
    public = _SHORT[digits]
    before, after = post.words_near(m.start(), m.end(), 30)
    raised = context_hits(before, after, _SHORT_CONTEXT)
    if public.needs_context and not raised:
        return None
    return Hit(
        label=LABEL,
        start=m.start(),
        end=m.end(),
        text=m.group(),
        score=0.5,
        pattern="short-code",
        raised_by=raised,
        waived=public.reason,
        value=digits,
    )
