"""People named or pointed at in a post: names, initials, families, ages and school years.

A name, an initial or an age is what turns "a child at work" into *that* child, so the detector
looks for the shapes people actually write ("Mrs Okafor", "our Megan", "Alfie (7)", "Child A",
"the Pearson family", "Y6 lot") and stays quiet on capitalised words that only look like names
(sentence-initial "Will", "in June", "Amazing Grace", "Alexandra Park"). Given names and surnames
are curated lists shipped in ``safepost.detectors.data``, loaded once.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import cache
from importlib.resources import files
from typing import Final

from safepost.detectors.base import word_set
from safepost.models import Hit
from safepost.text import PostText

__all__ = ["NameDetector", "first_names", "surnames"]


@cache
def _load(filename: str) -> frozenset[str]:
    text = files("safepost.detectors.data").joinpath(filename).read_text(encoding="utf-8")
    return frozenset(w for line in text.splitlines() if (w := line.strip()) and not w.startswith("#"))


def first_names() -> frozenset[str]:
    """Curated given names and nickname forms (lower-case)."""
    return _load("first_names.txt")


def surnames() -> frozenset[str]:
    """Curated common surnames (lower-case)."""
    return _load("surnames.txt")


# Listed given names that are also everyday words: a name only when capitalised mid-sentence
# and not in a phrase that reads as the word ("in June", "Amazing Grace", "Will you...?").
AMBIGUOUS: Final = word_set(
    """will may mark jack pat sue bill rob bob rich ray max miles frank grant drew dean dale glen wade
    jay robin norman christian roman rowan hunter pierce marshall warren basil woody teddy kit kitty reg
    sol prem ram dev ion said nada yang ting em di vi mo si cat jan jun june april eve summer autumn
    dawn hope faith joy grace mercy patience precious blessing favour goodness comfort peace prosper
    gift destiny trinity honor amber ruby jade pearl coral crystal holly ivy hazel fern heather iris
    lily lilac rose rosemary daisy poppy posy violet willow primrose blossom clover marigold jasmine
    olive sky river misty nova zion penny dolly carol cherry chanel bonnie ebony sultana mickey barney
    biddy dicky becks mags tash pip ally gruff jock del les sal val vee victor lacey bea ayo"""
)
# Listed given names that are also places: not a person after "to", "in", "at"...
PLACE_LIKE: Final = word_set(
    """chelsea chels florence jordan georgia victoria lincoln preston cleveland henley vienna savannah
    sydney lourdes shannon tyrone austin devon eden milan clare kerry iona jericho phoenix"""
)
_MONTHS: Final = word_set("jan jun june april may")

# Capitalised words that are never the surname half of a name, nor a name themselves.
STOP: Final = word_set(
    """i you he she it we they me him her us them my your his our their its this that these those the
    a an and or but so if then than for of to in on at by with from as is are was were be been am do
    did does has have had not no yes ok okay oh please sorry thanks thank cheers love lots well done
    good bad great best happy merry birthday bday congratulations congrats welcome hello hi hey hiya
    dear bye goodbye morning afternoon evening night today tomorrow yesterday tonight weekend week
    month year day time just very really all everyone everybody anyone someone somebody nobody nothing
    guys girls boys kids children family friends team staff mum mam mom mummy mommy dad daddy nan nana
    nanny gran granny grandma grandad grandpa grandmother grandfather auntie aunty aunt uncle sis bro
    god jesus christ lord allah christmas xmas easter eid diwali ramadan hanukkah halloween bonfire
    valentine valentines new monday tuesday wednesday thursday friday saturday sunday january february
    march july august september october november december school council trust hospital ward unit
    home house court police service services social care centre center club group church college
    university uni academy nursery office team world universe right wrong men women man woman lady
    facebook instagram twitter tiktok whatsapp snapchat youtube google amazon tesco asda aldi lidl
    morrisons primark costa starbucks greggs netflix uber england scotland wales ireland britain
    london manchester birmingham leeds liverpool glasgow cardiff belfast edinburgh bristol uk
    premier league cup final match game fc united city town rovers vs here there where when what who
    why how which while after before also only even still ever never always again more most much many
    some any every each other another such same own both few off out up down over under into onto
    about above below through during without within between against among yeah yep nope lol omg xx
    xxx x bless wow hmm amazing lovely beautiful gorgeous proud little big old young baby boy girl son
    daughter brother sister cousin nephew niece husband wife partner friend mate bestie president
    minister speaker chairman chairwoman chairperson mayor secretary chief director governor senator
    headteacher deputy manager cardinal pastor officer detective inspector captain colonel sergeant
    constable professor doctor coach sir madam momma mama mamma papa pops bruv"""
)
# A capitalised word after a listed given name that makes the pair a place, not a person.
PLACE_SUFFIX: Final = word_set(
    """park road rd street st lane ln avenue ave close drive dr way crescent terrace gardens square
    place parade mews grove rise vale view walk row court station school primary academy college
    university hospital infirmary centre center surgery clinic hospice library chapel cathedral church
    estate farm common heath bridge pier quay wharf dock docks hotel inn arms tavern cafe café bar pub
    theatre cinema museum gallery stadium arena ground pool gym nursery infants juniors palace castle
    tower towers manor lodge cottage beach bay island lake falls river line ward unit house hall market
    town city united rovers athletic albion wanderers rangers fc village campus memorial cross sponge
    day eve fair festival appeal aid fund awards"""
)
# Surnames that are also ordinary words or place parts: weaker evidence on their own.
WORDLIKE_SURNAMES: Final = word_set(
    """hall green wood hill king young white brown black day long rose may cross church bird fox stone
    bell cook baker mason hunt marsh lane ford brooks west page read reed wells parsons miles moss sharp
    hardy potter bishop dean rogers little lord law north south short small power rich winter sparks
    steele storey rowe kay kemp kent kirk lamb law mann moon best gill ball page field fields banks
    park grant price rice wolfe wade walker turner cooper parker bailey carter fisher butler hart
    bond bull holland jordan george james thomas lewis francis henry may nash grey gray cole"""
)
NATIONALITY: Final = word_set(
    """english british polish romanian syrian muslim jewish christian hindu sikh asian black white
    irish scottish welsh indian pakistani bangladeshi somali nigerian ghanaian chinese italian french
    german spanish portuguese turkish kurdish afghan iraqi iranian eritrean sudanese albanian
    lithuanian latvian roma traveller gypsy american african caribbean jamaican royal catholic
    european ukrainian russian foster adoptive host birth local new old whole entire"""
)

# Lower-cased words before a name that make it a person ("our Megan", "my son Kayden").
KIN_CUES: Final = word_set(
    """son daughter grandson granddaughter nephew niece stepson stepdaughter brother sister cousin
    baby little lil wee boy girl friend mate bestie neighbour husband wife partner boyfriend girlfriend
    colleague client pupil student patient resident foster"""
)
CUES: Final = KIN_CUES | word_set(
    """our young bless birthday bday congrats congratulations thanks thank love hi hello hey hiya dear
    welcome bye goodbye miss with saw met told asked visited seen"""
)
_RAISING_CUES: Final = KIN_CUES | word_set("our young")
# Before an ambiguous name these make it the ordinary word: "in June", "Amazing Grace", "a Christian".
BLOCKERS: Final = word_set(
    """in on of by since until till til for from to during before after around through throughout end
    start beginning middle mid early late last next this every each a an the amazing saving sweet
    pure such much great full no any some more less your his her their its is are was be will would
    can could should may might must shall"""
)
_PLACE_PREPS: Final = word_set(
    """to in at from near visit visiting visited around through via of into outside towards toward
    across for round"""
)
_PLACE_PREFIX: Final = word_set(
    "st st. saint port fort lake mount cape queen king prince princess lady lord sir hms"
)

_TITLES: Final = ("Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Prof", "Professor", "Rev", "Revd", "Cllr")
_TITLES_MORE: Final = ("Councillor", "Sgt", "PCSO")
_INITIAL_TITLES: Final = frozenset({"Mr", "Mrs", "Ms", "Miss", "Mx", "Dr"})
# Words that, before a lone capital letter, make it an anonymised person ("Child A", "young person X").
_ROLES: Final = word_set(
    """child baby client patient pupil student learner resident boy girl sibling family mother father
    mum dad person adult victim witness carer case"""
)
_ROLES2: Final = word_set(
    "person user child"
)  # second word of "young person", "service user", "foster child"
_ROLE_FIRST: Final = word_set("young service foster after looked-after")

_UP = "A-Z\u00c0-\u00de\u0100-\u017e"
_LO = "a-z\u00df-\u00ff\u0100-\u017f"
_REST = rf"(?:['\u2019][{_UP}])?[{_LO}]+(?:[{_UP}][{_LO}]+)?(?:-[{_UP}][{_LO}]+)*"
_CAP = rf"[{_UP}]{_REST}"

# Scans start with a character class or literal (which the regex engine skips to quickly);
# word boundaries are checked afterwards.
_CAP_WORD: Final = re.compile(rf"[{_UP}](?<![\w@#'\u2019./-][{_UP}]){_REST}(?![\w@])")
_LONE_CAP: Final = re.compile(r"[A-HJ-Z](?<![\w@#'\u2019.-][A-HJ-Z])(?![\w&*+])(?!['\u2019](?!s\b)\w)")
_NEXT_CAP: Final = re.compile(rf"[ \t]+({_CAP})(?![\w@])")
_NEXT_INITIAL: Final = re.compile(rf"[ \t]+([{_UP}])(?:\.|(?=[\s,;:!?)]|$))")
_AGE_AFTER: Final = re.compile(r"[ \t]?\(\d{1,3}\)")
_NOT_INITIAL_AFTER: Final = re.compile(r"\.?[ \t]+(?:levels?|grades?|stars?|and E|&)\b", re.IGNORECASE)
_TITLE: Final = re.compile(
    rf"({'|'.join(_TITLES + _TITLES_MORE)})\.?[ \t]+({_CAP}(?:[ \t]+{_CAP})?)(?![\w@])"
)
_FAMILY: Final = re.compile(
    rf"[Tt]he[ \t]+({_CAP})(?![\w@])(?:[ \t]+(family|families|household|kids|children|boys|girls|"
    rf"twins|triplets|brothers|sisters|siblings|clan|lot|crew|tribe|fam)\b)?"
)
_STREET_BEFORE: Final = re.compile(r"\d[ \t]+\S+[ \t]+$")
_DATE_AFTER: Final = re.compile(r"[ \t]*(?:\d|the\b|of\b)")
_OF_AFTER: Final = re.compile(r"[ \t]+of\b")
_POSSESSIVE_AFTER: Final = re.compile(
    r"['\u2019]s[ \t]+(?:mum|dad|nan|house|room|birthday|party|brother|sister|son|daughter)\b"
)
_AND_AFTER: Final = re.compile(rf"[ \t]+(?:and|&)[ \t]+(?:(I|me|my)\b|({_CAP})(?![\w@]))")
_SURNAME_OR_PLACE: Final = word_set(
    "hall lane heath cross church bridge wood green hill field fields marsh brook brooks banks day"
)
# Names that read as a month, season or adjective unless a person cue says otherwise.
_STRICT: Final = _MONTHS | word_set("summer autumn eve christian roman norman")
_BYPASS_CUES: Final = _RAISING_CUES | word_set(
    """bless birthday bday congrats congratulations thanks thank hi hello hey hiya dear welcome bye
    goodbye saw met told asked visited seen"""
)

# --- Ages: anchored on number tokens, context checked around each ---------------------------------
_UNITS_WORDS: Final = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS_WORDS: Final = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90,
}  # fmt: skip
_SMALL = "|".join(sorted(_UNITS_WORDS, key=len, reverse=True))
_TENS = "|".join(sorted(_TENS_WORDS, key=len, reverse=True))
_DIGITS: Final = re.compile(r"\d+")
_WORD_NUMBER: Final = re.compile(
    rf"\b(?:(?:{_TENS})(?:[ -](?:one|two|three|four|five|six|seven|eight|nine))?|{_SMALL})\b"
)
# Spelled-out ages only occur in these phrasings; checking substrings first keeps ordinary posts fast.
_WORD_NUMBER_HINTS: Final = (" old", "aged", "age of", "turn", "he's", "he\u2019s", "he is", "he was")
_NUM_RE = rf"(?:\d{{1,3}}|(?:{_TENS})(?:[ -](?:one|two|three|four|five|six|seven|eight|nine))?|{_SMALL})"

_BRACKET_TAIL: Final = re.compile(r"[ \t]*(?:yrs?|y/?o|years?)?\)")
_YO_TAIL: Final = re.compile(r"[ \t]?(?:yo|y/o|y\.o\.?|yrs?[ \t]+old)(?![\w/])")
_OLD_TAIL: Final = re.compile(r"[ \t-]*(year|yr|month|mth|week|wk|day)s?[ \t-]*old\b")
_A_UNIT_OLD: Final = re.compile(r"\ban?[ \t]+(year|month|week|day)[ \t-]*old\b")
_AGED_BEFORE: Final = re.compile(r"\b(?:aged?|ages)[ \t:]+(?:of[ \t]+)?$")
_AGED_TAIL: Final = re.compile(
    rf"(?:[ \t]+(?:and|&|to)[ \t]+{_NUM_RE}\b|-\d{{1,2}}\b)?(?:[ \t]+(month|week|day)s?\b)?"
)
_KIN = (
    r"son|daughter|boy|girl|lad|lass|baby|child|kid|grandson|granddaughter|nephew|niece|brother|sister|"
    r"nan|nana|nanny|grandma|grandad|grandpa|mum|dad|mam|little one|youngest|eldest|oldest"
)
_PRONOUN_BEFORE: Final = re.compile(
    r"(?:\b(?:she|he)(?:['\u2019]s|[ \t]+is|[ \t]+was|['\u2019]ll[ \t]+be|[ \t]+will[ \t]+be)"
    rf"|\b(?:my|our|her|his|their)[ \t]+(?:{_KIN})[ \t]+(?:is|was|turned|turns|will[ \t]+be))[ \t]+"
    r"(?:(?:only|just|now|nearly|almost|about|turning)[ \t]+)?$"
)
_PRONOUN_LAST: Final = word_set(
    "she's he's she\u2019s he\u2019s is was be turned turns only just now nearly almost about turning"
)
_TURNED_BEFORE: Final = re.compile(r"\b(?:turned|turns|turning)[ \t]+$")
_NOT_AGE_AFTER: Final = re.compile(
    r"[\w'\u2019%£/:]|[.,]\d|[ \t]*-[ \t]*\d|[ \t]+(?:of|out|in[ \t]+a|times|x|percent|foot|feet|ft|"
    r"inch|inches|cm|mm|metres?|meters?|miles?|km|kg|kgs|kilos?|stone|st|lbs?|pounds?|quid|p|pence|points?|pts|"
    r"goals?|degrees?|o['\u2019]clock|pm|am|mph|minutes?|mins?|hours?|hrs?|seconds?|secs?|days?|weeks?|"
    r"months?|years?|yrs?|quarters?|nil|all|each)\b"
)
_YEAR_BEFORE: Final = re.compile(r"\b(?:year|yr)[ \t]?$|\by$")
_YEAR_TAIL: Final = re.compile(
    r"(?:s|[ \t]+(?:lot|class|kids|pupils|group|girls|boys))?(?![\w])(?![ \t]*(?:olds?\b|\d))"
)
_YEAR_R: Final = re.compile(r"\byear[ \t]?r\b")
_GROUP_BEFORE: Final = re.compile(r"\b(?:u|under)[- ]?$")
_GROUP_TAIL: Final = re.compile(r"['\u2019]?s\b")
_LOWERING_AGE: Final = word_set("under over above below minimum legal least")
_OLD_THINGS: Final = word_set(
    """car house building van bike tree whisky wine tradition photo picture post phone laptop boiler
    sofa company business bridge church school joke song film movie recipe coat dog cat"""
)
# Sentence-initial verbs that leave the next capitalised word free to be a name ("Took Ruby to the vets").
_VERBS: Final = word_set(
    """took take bring brought got get picked dropped collected met meet saw see told tell asked ask
    visited visit love miss thank helped help hugged called rang texted watched"""
)
_PERSON_NOUNS: Final = word_set(
    """lad lass boy girl man woman son daughter child kid teen teenager youth baby toddler mum dad mam
    nan nana grandad grandma grandpa pupil student resident patient client driver pedestrian victim
    cyclist brother sister grandson granddaughter nephew niece husband wife partner friend neighbour
    men women boys girls children kids"""
)
_AGE_FOLLOWERS: Final = word_set(
    "today tomorrow now next this and in on when but so soon already yet too then"
)
_UNIT_NAMES: Final = {"month": "months", "mth": "months", "week": "weeks", "wk": "weeks", "day": "days"}


def _key(word: str) -> str:
    return word.lower().replace("\u2019", "'")


def _joined(text: str) -> str:
    return " ".join(text.split())


def _word_value(token: str) -> int:
    parts = token.replace("-", " ").split()
    value = _TENS_WORDS.get(parts[0]) or _UNITS_WORDS.get(parts[0], 0)
    if len(parts) > 1:
        value += _UNITS_WORDS.get(parts[1], 0)
    return value


class _Taken:
    """Text already claimed by an earlier pass, as merged spans: look-ups stay O(log n), so a
    very long post costs time in proportion to its length rather than to its length squared."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []

    def append(self, span: tuple[int, int]) -> None:
        start, end = span
        if end <= start:
            return
        first = bisect_left(self._ends, start)  # spans ending at or after start touch it
        last = bisect_right(self._starts, end)  # spans starting at or before end touch it
        if first < last:
            start, end = min(start, self._starts[first]), max(end, self._ends[last - 1])
        self._starts[first:last] = [start]
        self._ends[first:last] = [end]

    def covers(self, position: int) -> bool:
        index = bisect_right(self._starts, position) - 1
        return index >= 0 and position < self._ends[index]


class NameDetector:
    """Personal names, anonymised initials, family references, ages, school years and age groups."""

    name = "names"

    def __init__(self) -> None:
        self._first = first_names()
        self._last = surnames()

    def detect(self, post: PostText) -> list[Hit]:
        hits: list[Hit] = []
        text = post.text
        if text != post.lower and not text.isupper():
            taken = _Taken()
            self._titles(post, hits, taken)
            self._initials(post, hits, taken)
            self._families(post, hits, taken)
            self._names(post, hits, taken)
        self._ages(post, hits)
        hits.sort(key=lambda h: (h.start, h.end))
        return hits

    # -- helpers ---------------------------------------------------------------------------------
    @staticmethod
    def _prev_word(text: str, start: int) -> tuple[str, bool]:
        """The word before ``start`` as written, and whether punctuation or a line break separates them."""
        stripped = text[max(0, start - 30) : start].rstrip(" \t")
        if not stripped or stripped[-1] in "\r\n":
            return "", True
        last = stripped.split()[-1]
        bare = last.lstrip("\"'(\u201c\u2018[*#@")
        word = bare.rstrip(",.;:!?\"')]\u2026-\u2013\u2014")
        if not any(ch.isalpha() for ch in word):
            return word, True
        return word, word != bare

    @staticmethod
    def _sentence_start(post: PostText, start: int) -> bool:
        first = post.sentence_span(start)[0]
        lead = post.text[first:start].strip(" \t\"'\u201c\u2018(*-•>[")
        return not lead or lead.endswith(":")

    def _is_name(self, key: str) -> bool:
        return key in self._first or ("-" in key and key.split("-", 1)[0] in self._first)

    @staticmethod
    def _next_cap(text: str, end: int) -> tuple[str, int] | None:
        n = _NEXT_CAP.match(text, end)
        return (n.group(1), n.end(1)) if n else None

    # -- "Mrs Okafor", "Dr Patel" ----------------------------------------------------------------
    def _titles(self, post: PostText, hits: list[Hit], taken: _Taken) -> None:
        text = post.text
        for m in _TITLE.finditer(text):
            start = m.start()
            if start and (text[start - 1].isalnum() or text[start - 1] == "_"):
                continue
            title = m.group(1)
            prev, _ = self._prev_word(text, start)
            if (
                title == "Dr"
                and prev[:1].isupper()
                and _STREET_BEFORE.search(text, max(0, start - 40), start)
            ):
                continue  # "12 Oak Dr Leeds": a street
            words = m.group(2).split()
            if _key(words[0]) in STOP:
                continue  # "Miss You", "Mr Right"
            end = m.end()
            if len(words) > 1 and (_key(words[1]) in STOP or _key(words[1]) in PLACE_SUFFIX):
                words = words[:1]
                end = m.start(2) + len(words[0])
            raised = (prev.lower(),) if prev.lower() in CUES else ()
            hits.append(
                Hit("names:person", start, end, text[start:end], 0.9, "title-surname",
                    raised_by=raised, value=f"{title} {' '.join(words)}")
            )  # fmt: skip
            taken.append((start, end))

    # -- "Mr H", "Child A", "young person X" -----------------------------------------------------
    @staticmethod
    def _initials(post: PostText, hits: list[Hit], taken: _Taken) -> None:
        text = post.text
        for m in _LONE_CAP.finditer(text):
            s, e = m.start(), m.end()
            if taken.covers(s):
                continue
            before = text[max(0, s - 32) : s]
            stripped = before.rstrip(" \t")
            if len(stripped) == len(before) or not stripped:
                continue  # not preceded by a word and a space
            words = stripped.split()
            if not words:
                continue  # only a line break before the capital
            last = words[-1]
            if _NOT_INITIAL_AFTER.match(text, e):
                continue  # "A levels", "A*", "A and E"
            if e < len(text) and text[e] == ".":
                e += 1
            if last.rstrip(".") in _INITIAL_TITLES:
                start = s - (len(before) - len(stripped)) - len(last)
                prev = words[-2].lower() if len(words) > 1 else ""
                raised = (prev,) if prev in CUES else ()
                hits.append(
                    Hit("names:initial", start, e, text[start:e], 0.6, "title-initial", raised_by=raised,
                        value=f"{last.rstrip('.')} {m.group(0)}")
                )  # fmt: skip
                taken.append((start, e))
                continue
            role = last.lower()
            if role not in _ROLES and role not in _ROLES2:
                continue
            n_words = 1
            if len(words) > 1 and words[-2].lower() in _ROLE_FIRST and role in _ROLES2:
                n_words = 2  # "young person X", "service user B", "foster child C"
                if len(words) > 2 and words[-2].lower() == "after" and words[-3].lower() == "looked":
                    n_words = 3
            elif role not in _ROLES:
                continue
            span_words = words[-n_words:]
            start = s - (len(before) - len(stripped)) - len(" ".join(span_words))
            if not stripped.endswith(" ".join(span_words)):
                start = s - (len(before) - len(stripped)) - len(last)
                span_words = [last]
            value = f"{' '.join(span_words).capitalize()} {m.group(0)}"
            hits.append(Hit("names:initial", start, e, text[start:e], 0.6, "role-initial", value=value))
            taken.append((start, e))

    # -- "the Pearson family", "the Smiths" ------------------------------------------------------
    def _families(self, post: PostText, hits: list[Hit], taken: _Taken) -> None:
        text = post.text
        for m in _FAMILY.finditer(text):
            start = m.start()
            if start and text[start - 1].isalnum():
                continue
            word = m.group(1)
            key = _key(word)
            if key in STOP or key in NATIONALITY or key in PLACE_SUFFIX:
                continue
            if m.group(2):
                score = 0.85 if key in self._last or not self._is_name(key) else 0.75
                hits.append(
                    Hit("names:family", start, m.end(), m.group(0), score, "surname-family", value=word)
                )
                taken.append((start, m.end()))
                continue
            if not key.endswith("s"):
                continue
            stems = (key[:-1], key[:-2]) if key.endswith("es") else (key[:-1],)
            stem = next((st for st in stems if st in self._last), None)
            if stem is None or stem in WORDLIKE_SURNAMES:
                continue  # "the Greens", "the Beatles": too likely to be something else
            end = m.end(1)
            hits.append(
                Hit("names:family", start, end, text[start:end], 0.75, "surname-plural",
                    value=word[: len(stem)])
            )  # fmt: skip
            taken.append((start, end))

    # -- given names -----------------------------------------------------------------------------
    def _names(self, post: PostText, hits: list[Hit], taken: _Taken) -> None:
        skip_until = 0
        for m in _CAP_WORD.finditer(post.text):
            s = m.start()
            if s < skip_until or taken.covers(s):
                continue
            key = _key(m.group(0))
            if key in STOP:
                continue
            if self._is_name(key):
                hit = self._listed(post, key, m.group(0), s, m.end())
            else:
                hit = self._unlisted(post, key, m.group(0), s, m.end())
            if hit is not None:
                hits.append(hit)
                skip_until = hit.end

    def _companion(self, text: str, e: int) -> str:
        """What right after a name says it is a person: a possessive, "and I", or "and <name>"."""
        if _POSSESSIVE_AFTER.match(text, e):
            return "possessive"
        m = _AND_AFTER.match(text, e)
        if m is None:
            return ""
        if m.group(1):
            return "and-me"
        partner = _key(m.group(2))
        return "and-name" if self._is_name(partner) and partner not in _STRICT else ""

    def _ambiguous_blocked(self, post: PostText, s: int, prev: str, boundary: bool) -> bool:
        """Whether a name that is also a word reads as the word here."""
        if self._sentence_start(post, s):
            return True  # "Will you...", "Hope you're well", "May I..."
        if boundary:
            return False
        prev_key = _key(prev)
        if prev_key in BLOCKERS:
            return True  # "in June", "a Christian", "pure Joy"
        if not prev[:1].isupper() or prev_key in CUES or self._is_name(prev_key):
            return False
        # "Christmas Eve", "World Peace": part of a capitalised phrase, unless that word only
        # starts the sentence ("Took Ruby to the vets").
        prev_start = len(post.text[:s].rstrip(" \t")) - len(prev)
        return not (
            self._sentence_start(post, prev_start) and (prev_key in _VERBS or prev_key.endswith("ed"))
        )

    def _listed(self, post: PostText, key: str, word: str, s: int, e: int) -> Hit | None:
        text = post.text
        prev, boundary = self._prev_word(text, s)
        prev_key = _key(prev)
        if not boundary and prev[:1].isupper() and prev_key in _PLACE_PREFIX:
            return None  # "St Helen", "Queen Elizabeth", "Lady Grace"
        if not boundary and prev_key == "the":
            return None  # "the Ivy", "the Harry Potter films"
        ambiguous = key in AMBIGUOUS or key in _MONTHS
        raised: list[str] = []
        if not boundary and prev_key in CUES:
            raised.append(prev_key)
        if _AGE_AFTER.match(text, e):
            raised.append("age")
        if ambiguous and key not in _STRICT:
            companion = self._companion(text, e)
            if companion:
                raised.append(companion)  # "Grace and I", "Will's mum", "Mark and Sue"
        bypass = bool(set(raised) & {"age", "possessive", "and-me", "and-name"}) or any(
            r in _BYPASS_CUES for r in raised
        )

        nxt = self._next_cap(text, e)
        if nxt is not None:
            nkey = _key(nxt[0])
            if nkey in PLACE_SUFFIX and nkey not in _SURNAME_OR_PLACE:
                return None  # "Alexandra Park", "Victoria Station", "Gift Aid"
            if nkey not in STOP:
                strong_last = nkey in self._last and nkey not in WORDLIKE_SURNAMES
                if (
                    ambiguous
                    and not strong_last
                    and not bypass
                    and self._ambiguous_blocked(post, s, prev, boundary)
                ):
                    return None  # "Summer Fair", "Amazing Grace Church"
                end = nxt[1]
                third = self._next_cap(text, end) if self._is_name(nkey) else None
                if third is not None and _key(third[0]) not in STOP and _key(third[0]) not in PLACE_SUFFIX:
                    end = third[1]  # "Sarah Jane Smith"
                if ambiguous:
                    score = 0.8 if strong_last else 0.6
                elif nkey in WORDLIKE_SURNAMES or nkey in _SURNAME_OR_PLACE:
                    score = 0.75
                else:
                    score = 0.9
                return Hit("names:person", s, end, text[s:end], score, "first-last",
                           raised_by=tuple(raised), value=_joined(text[s:end]))  # fmt: skip
        initial = _NEXT_INITIAL.match(text, e)
        if initial is not None and initial.group(1) not in "IA" and not ambiguous:
            end = initial.end()
            return Hit("names:person", s, end, text[s:end], 0.8, "first-initial",
                       raised_by=tuple(raised), value=_joined(text[s:end]))  # fmt: skip

        if ambiguous:
            if key in _STRICT and not bypass:
                return None  # need a person cue: "saw June", "Summer (6)", not "Christian values"
            if key in _MONTHS and _DATE_AFTER.match(text, e):
                return None  # "June 3rd", "May 2024"
            if not bypass and _OF_AFTER.match(text, e):
                return None  # "Bill of Rights", "Rose of Tralee"
            if not bypass and self._ambiguous_blocked(post, s, prev, boundary):
                return None
            score, pattern = 0.5, "first-name-ambiguous"
        elif key in PLACE_LIKE:
            if not bypass and not boundary and prev_key in _PLACE_PREPS:
                return None  # "went to Chelsea"
            score, pattern = 0.55, "first-name-place"
        else:
            score, pattern = 0.7, "first-name"
        if any(r in _RAISING_CUES or r == "age" for r in raised):
            score = round(min(0.9, score + 0.1), 2)
        return Hit("names:person", s, e, word, score, pattern, raised_by=tuple(raised), value=word)

    def _unlisted(self, post: PostText, key: str, word: str, s: int, e: int) -> Hit | None:
        if key in PLACE_SUFFIX or key in NATIONALITY:
            return None
        text = post.text
        prev, boundary = self._prev_word(text, s)
        prev_key = _key(prev)
        if not boundary and prev_key in KIN_CUES and prev[:1].islower():
            return Hit("names:person", s, e, word, 0.6, "cue-name", raised_by=(prev_key,), value=word)
        if _AGE_AFTER.match(text, e):
            return Hit("names:person", s, e, word, 0.7, "name-age", raised_by=("age",), value=word)
        if len(word) < 3 or key in self._last or key.endswith("s"):
            return None  # "Democrats Rhodes": plurals are not given names
        nxt = self._next_cap(text, e)
        if nxt is None:
            return None
        nkey = _key(nxt[0])
        if (
            nkey in self._last
            and nkey not in WORDLIKE_SURNAMES
            and nkey not in PLACE_SUFFIX
            and nkey not in STOP
            and not self._sentence_start(post, s)
        ):
            end = nxt[1]
            return Hit("names:person", s, end, text[s:end], 0.6, "unlisted-first-surname",
                       value=_joined(text[s:end]))  # fmt: skip
        return None

    # -- ages, school years, age groups ---------------------------------------------------------
    def _ages(self, post: PostText, hits: list[Hit]) -> None:
        lower = post.lower
        tokens: list[tuple[int, int, int, bool]] = []
        if any(d in lower for d in "0123456789"):
            tokens = [
                (m.start(), m.end(), int(m.group(0)), True)
                for m in _DIGITS.finditer(lower)
                if m.end() - m.start() <= 3
            ]
        if any(hint in lower for hint in _WORD_NUMBER_HINTS):
            for m in _WORD_NUMBER.finditer(lower):
                tokens.append((m.start(), m.end(), _word_value(m.group(0)), False))
            for m in _A_UNIT_OLD.finditer(lower):
                tokens.append((m.start(), m.start() + 1, 1, False))
            tokens.sort()
        if "year r" in lower or "yearr" in lower:
            for m in _YEAR_R.finditer(lower):
                hits.append(Hit("names:school-year", m.start(), m.end(), post.text[m.start() : m.end()], 0.6,
                                "school-year", value="R"))  # fmt: skip
        done = -1
        for s, e, n, digit in tokens:
            if s < done or (digit and self._in_bigger_number(lower, s, e)):
                continue  # inside a previous hit, or part of a decimal, time, price or handle
            hit = self._age_at(post, s, e, n, digit)
            if hit is not None:
                hits.append(hit)
                done = hit.end

    @staticmethod
    def _ends_phrase(lower: str, e: int) -> bool:
        """Whether a spelled-out number ends its phrase as an age does ("he's one!", not "he's one of us")."""
        nxt = lower[e : e + 12].split()
        word = nxt[0] if nxt else ""
        return not word or not word[0].isalpha() or word.rstrip(".,!?") in _AGE_FOLLOWERS

    @staticmethod
    def _in_bigger_number(lower: str, s: int, e: int) -> bool:
        """Whether digits at ``s:e`` are part of a price, time, decimal or date ("£15", "10:30", "3/4")."""
        if s and (lower[s - 1] in ".,:/£$_@#" or (lower[s - 1] == "-" and lower[s - 2 : s - 1].isdigit())):
            return True
        return lower[e : e + 1] in (".", ",", ":", "/") and e + 1 < len(lower) and lower[e + 1].isdigit()

    def _age_at(self, post: PostText, s: int, e: int, n: int, digit: bool) -> Hit | None:
        lower, text = post.lower, post.text
        if s and lower[s - 1].isalpha():
            return self._year_or_group(post, s, e, n)  # "Y6", "U12s"; never "Martin44 yo"
        if digit and s and lower[s - 1] == "(":
            tail = _BRACKET_TAIL.match(lower, e)
            if (
                tail
                and s >= 2
                and (lower[s - 2].isalpha() or (lower[s - 2] == " " and lower[s - 3 : s - 2].isalpha()))
            ):
                prev = text[max(0, s - 26) : s - 1].split()
                if not prev or n > 120:
                    return None
                if prev[-1][:1].isupper():
                    return self._age_hit(post, s - 1, tail.end(), n, "", 0.8, "bracket")  # "Alfie (7)"
                if _key(prev[-1]) in _PERSON_NOUNS:
                    return self._age_hit(post, s - 1, tail.end(), n, "", 0.7, "bracket")  # "a lad (15)"
                return None  # "page (15)", "comments (12)"
        if digit:
            tail = _YO_TAIL.match(lower, e)
            if tail:
                return self._age_hit(post, s, tail.end(), n, "", 0.85, "yo") if n <= 120 else None
        old = _OLD_TAIL.match(lower, e)
        if old:
            after = lower[old.end() : old.end() + 20].split()
            if (after and after[0].strip(".,!?") in _OLD_THINGS) or n > 120:
                return None  # "a 30 year old car"
            unit = old.group(1)
            score = 0.8 if unit in ("year", "yr") else 0.85
            return self._age_hit(post, s, old.end(), n, _UNIT_NAMES.get(unit, ""), score, "yearold")
        before = lower[max(0, s - 40) : s]
        aged = _AGED_BEFORE.search(before, max(0, len(before) - 12))
        if aged:
            tail = _AGED_TAIL.match(lower, e)
            end = tail.end() if tail else e
            unit = tail.group(1) if tail and tail.group(1) else ""
            start = s - len(before) + aged.start()
            lowered = tuple(w for w in lower[max(0, start - 20) : start].split()[-3:] if w in _LOWERING_AGE)
            score = 0.4 if lowered else 0.8  # "under the age of 18": a rule, not a person
            return self._age_hit(post, start, end, n, _UNIT_NAMES.get(unit, ""), score, "aged", lowered)
        words = before.split()
        last = words[-1] if words else ""
        if last in _PRONOUN_LAST and not _NOT_AGE_AFTER.match(lower, e):
            pron = _PRONOUN_BEFORE.search(before)
            if pron and n <= 120 and (digit or self._ends_phrase(lower, e)):
                return self._age_hit(post, s - len(before) + pron.start(), e, n, "", 0.75, "pronoun")
            turned = _TURNED_BEFORE.search(before, max(0, len(before) - 10))
            if turned and n <= 120:
                return self._age_hit(post, s - len(before) + turned.start(), e, n, "", 0.7, "turned")
        return self._year_or_group(post, s, e, n) if digit else None

    @staticmethod
    def _year_or_group(post: PostText, s: int, e: int, n: int) -> Hit | None:
        lower, text = post.lower, post.text
        before = lower[max(0, s - 10) : s]
        if 1 <= n <= 13:
            year = _YEAR_BEFORE.search(before, max(0, len(before) - 6))
            tail = _YEAR_TAIL.match(lower, e)
            if year and tail:
                start = s - len(before) + year.start()
                raw = text[start : tail.end()]
                return Hit("names:school-year", start, tail.end(), raw, 0.6, "school-year", value=str(n))
        if 5 <= n <= 23:
            group = _GROUP_BEFORE.search(before, max(0, len(before) - 7))
            if group:
                tail = _GROUP_TAIL.match(lower, e)
                start = s - len(before) + group.start()
                if tail is None and not (text[start] == "U" and group.group(0) in ("u", "u-")):
                    return None  # lower-case "u12" without an "s" is too often something else
                end = tail.end() if tail else e
                if end < len(lower) and (lower[end].isalnum()):
                    return None
                return Hit("names:age-group", start, end, text[start:end], 0.5, "age-group", value=f"U{n}")
        return None

    @staticmethod
    def _age_hit(
        post: PostText, start: int, end: int, n: int, unit: str, score: float, pattern: str,
        lowered: tuple[str, ...] = (),
    ) -> Hit:  # fmt: skip
        value = f"{n} {unit}" if unit else str(n)
        return Hit(
            "names:age", start, end, post.text[start:end], score, pattern, lowered_by=lowered, value=value
        )
