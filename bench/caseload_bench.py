"""Caseload matching: recall on misspelt names, false matches on strangers, lookup time — and a peer.

Generates a caseload of diverse UK names (English, Welsh, Irish, Scottish, South Asian, West
African, Eastern European; name parts written below) and, from it, a few thousand ways people
actually mistype them: dropped, doubled and swapped letters, changed vowels, missing accents and
hyphens, surname first, listed spelling variants, nicknames given as aliases. Strangers come from
the same name parts and from safepost's name lists, and are kept only when at least one part is
genuinely another name (not the same, a listed variant, or one letter away): those are the people
who must not match. "Same surname" and "same first name" strangers are reported separately.

The peer is plain fuzzy matching on plaintext names with rapidfuzz (``token_sort_ratio``), which
is what safepost avoids: it needs the caseload stored as names. Run in one process, same data.

    python bench/caseload_bench.py                  # caseload of 300, ~4,000 variants, ~6,000 strangers
    python bench/caseload_bench.py --caseload 1000 --json out.json

Informational only: nothing here asserts on timings. Needs ``pip install -e .[bench]`` for rapidfuzz.
"""

from __future__ import annotations

import argparse
import json
import random
import secrets
import statistics
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from safepost.caseload.entries import hash_row
from safepost.caseload.keys import SOUND_MIN, NameHasher, Strength
from safepost.caseload.matcher import Caseload, CheckStatus
from safepost.caseload.normalise import fold, split_name
from safepost.caseload.sources import CaseloadRow
from safepost.caseload.store import CaseloadFile
from safepost.caseload.variants import built_in_variants
from safepost.detectors.names import first_names, surnames

COMMUNITIES: dict[str, tuple[str, str]] = {
    "english": (
        "Oliver Jack Harry George Alfie Charlie Thomas Jacob Freddie Mason Tyler Kayden Riley Lewis "
        "Amelia Olivia Emily Isla Ava Jessica Poppy Sophie Kayleigh Chloe Megan Lacey Bethany Courtney",
        "Smith Jones Taylor Brown Wilson Johnson Walker Wright Robinson Thompson Hughes Edwards Green "
        "Hall Wood Harris Clarke Jackson Turner Hill Cooper Ward Morris Moore Barker Pearson Garside",
    ),
    "welsh": (
        "Dafydd Rhys Iestyn Gethin Huw Emyr Owain Gareth Aled Cerys Carys Sian Angharad Ffion "
        "Seren Lowri Nia Gwen Eluned Bethan Catrin Sioned Manon Gruffydd",
        "Jones Davies Williams Evans Thomas Roberts Lewis Hughes Morgan Griffiths Owen Price Pritchard "
        "Powell Pugh Rees Lloyd Llewellyn Bevan Vaughan Prosser",
    ),
    "irish": (
        "Siobhan Niamh Aoife Sinead Caoimhe Saoirse Roisin Aisling Orla Grainne Ciaran Declan Padraig "
        "Eoin Cian Oisin Darragh Tadhg Seamus Conor Sean Ronan Cathal",
        "Murphy Kelly OBrien Byrne Ryan OConnor ONeill Walsh McCarthy Doherty Gallagher Quinn Kennedy "
        "Lynch Brennan Fitzgerald Maguire Donnelly McLaughlin Flanagan",
    ),
    "scottish": (
        "Hamish Angus Fraser Callum Ewan Alasdair Struan Lachlan Finlay Ruaridh Eilidh Mhairi Morag "
        "Catriona Isla Kirsty Fiona Iona Skye Ailsa Greer",
        "MacDonald Campbell Stewart Robertson MacLeod Fraser Mackenzie Ross Murray Paterson Sinclair "
        "Cameron Henderson Grant Ferguson McIntyre Munro Buchanan Drummond Kerr",
    ),
    "south-asian": (
        "Mohammed Muhammad Ahmed Imran Hamza Yusuf Ibrahim Rajesh Sandeep Gurpreet Harpreet Amir "
        "Aisha Fatima Zainab Maryam Priya Anjali Sunita Simran Ayesha Nadia Farah Rukhsana Deepak",
        "Khan Ahmed Hussain Patel Begum Ali Shah Iqbal Akhtar Rahman Choudhury Sharma Singh Kaur Mistry "
        "Chauhan Bibi Mahmood Qureshi Siddiqui Malik Parmar",
    ),
    "west-african": (
        "Oluwaseun Adebayo Chinedu Emeka Olumide Tunde Kwame Kofi Yaw Kwabena Chidi Obinna Babajide "
        "Ngozi Abena Adwoa Chiamaka Funmilayo Folake Yetunde Nneka Adaeze Efua Temitope Blessing",
        "Okafor Adeyemi Okonkwo Mensah Owusu Boateng Asante Adebayo Ogunleye Eze Nwosu Oyelaran Bankole "
        "Afolabi Oduya Appiah Danso Ansah Acheampong Obi",
    ),
    "eastern-european": (
        "Jakub Mateusz Piotr Krzysztof Tomasz Lukasz Wojciech Andrei Mihai Dmitri Oleksandr Bogdan "
        "Zofia Agnieszka Katarzyna Magdalena Aleksandra Ioana Elena Oksana Natalia Iryna Viktoria",
        "Nowak Kowalski Wisniewski Wojcik Lewandowski Kaminski Zielinski Szymanski Popescu Ionescu "
        "Popa Petrov Ivanov Kovalenko Shevchenko Horvath Novak Dvorak Kowalczyk Mazur",
    ),
}
ACCENTED = {"sian": "Siân", "sinead": "Sinéad", "roisin": "Róisín", "grainne": "Gráinne", "lukasz": "Łukasz",
            "wojcik": "Wójcik", "wisniewski": "Wiśniewski", "zofia": "Zofía", "seamus": "Séamus",
            "orla": "Orla", "oisin": "Oisín", "horvath": "Horváth", "dvorak": "Dvořák"}  # fmt: skip
APOSTROPHE = {"obrien": "O'Brien", "oconnor": "O'Connor", "oneill": "O'Neill"}
NICKNAMES = {"oluwaseun": "Seun", "oluwaseun ": "Shola", "babajide": "Jide", "temitope": "Tope",
             "mohammed": "Mo", "aleksandra": "Ola", "katarzyna": "Kasia", "tomasz": "Tomek",
             "kayleigh": "Kay", "alasdair": "Ali", "funmilayo": "Funmi", "chiamaka": "Amaka",
             "margaret": "Peggy", "catriona": "Cat", "elizabeth": "Beth", "alexander": "Sandy"}  # fmt: skip
VOWELS = "aeiou"


@dataclass(frozen=True)
class Person:
    ref: str
    given: str
    surname: str
    alias: str | None

    @property
    def written(self) -> str:
        given = ACCENTED.get(self.given.lower(), self.given)
        surname = APOSTROPHE.get(self.surname.lower(), ACCENTED.get(self.surname.lower(), self.surname))
        return f"{given} {surname}"


def _people(rng: random.Random, size: int) -> list[Person]:
    people: list[Person] = []
    seen: set[tuple[str, str]] = set()
    pools = [(g.split(), s.split()) for g, s in COMMUNITIES.values()]
    while len(people) < size:
        given_pool, surname_pool = rng.choice(pools)
        given, surname = rng.choice(given_pool), rng.choice(surname_pool)
        if rng.random() < 0.05:
            surname = f"{surname}-{rng.choice(surname_pool)}"
        if (given, surname) in seen or given == surname:
            continue
        seen.add((given, surname))
        alias = NICKNAMES.get(given.lower()) if rng.random() < 0.5 else None
        people.append(Person(f"C{len(people) + 1:04d}", given, surname, alias))
    return people


# -- misspellings ------------------------------------------------------------------------------
def _drop(w: str, r: random.Random) -> str:
    i = r.randrange(1, len(w))
    return w[:i] + w[i + 1 :]


def _double(w: str, r: random.Random) -> str:
    i = r.randrange(1, len(w))
    return w[:i] + w[i] + w[i:]


def _vowel(w: str, r: random.Random) -> str:
    spots = [i for i, c in enumerate(w) if c.lower() in VOWELS and i > 0]
    if not spots:
        return _drop(w, r)
    i = r.choice(spots)
    return w[:i] + r.choice([v for v in VOWELS if v != w[i].lower()]) + w[i + 1 :]


def _swap(w: str, r: random.Random) -> str:
    i = r.randrange(1, len(w) - 1)
    return w[:i] + w[i + 1] + w[i] + w[i + 2 :]


# Respellings by sound, each changing two letters or more ("Kayleigh" -> "Kaylie", "Siobhan" -> "Shivawn").
SOUNDS = [("ph", "f"), ("ck", "k"), ("leigh", "lie"), ("eigh", "ay"), ("ey", "ee"), ("ie", "ee"),
          ("ee", "ea"),
          ("ch", "tch"), ("ai", "ay"), ("ou", "ow"), ("th", "tth"), ("y", "ie"), ("mm", "m"), ("ss", "s"),
          ("c", "ck"), ("k", "ck"), ("s", "ss"), ("f", "ph"), ("an", "awn"), ("en", "yn"), ("z", "s"),
          ("w", "v"), ("j", "dj"), ("ow", "oe")]  # fmt: skip


def _by_sound(w: str, r: random.Random) -> str | None:
    options = [
        (a, b) for a, b in SOUNDS if a in w.lower()[1:] and abs(len(a) - len(b)) + min(len(a), len(b)) >= 2
    ]
    if not options:
        return None
    a, b = r.choice(options)
    i = w.lower().index(a, 1)
    return w[:i] + b + w[i + len(a) :]


TYPOS: dict[str, Callable[[str, random.Random], str]] = {
    "dropped letter": _drop,
    "doubled letter": _double,
    "changed vowel": _vowel,
    "swapped letters": _swap,
}


def _plain(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def variants_of(person: Person, rng: random.Random) -> list[tuple[str, str]]:
    """(kind, written name) pairs: the ways this person's name gets typed."""
    g, s = person.given, person.surname
    out = [
        ("as written, lower case", person.written.lower()),
        ("surname first", f"{s} {g}"),
        ("surname, first name", f"{s.upper()}, {g}"),
        ("no accents, hyphens or apostrophes", _plain(person.written).replace("-", " ").replace("'", "")),
    ]
    spellings = sorted(built_in_variants().of(fold(g)))
    if spellings:
        out.append(("listed spelling variant", f"{rng.choice(spellings).title()} {s}"))
    surname_spellings = sorted(built_in_variants().of(fold(s)))
    if surname_spellings:
        out.append(("listed spelling variant", f"{g} {rng.choice(surname_spellings).title()}"))
    if person.alias:
        out.append(("nickname given as alias", f"{person.alias} {s}"))
    for kind, typo in TYPOS.items():
        if len(g) >= 4:
            out.append((kind, f"{typo(g, rng)} {s}"))
        if len(s) >= 4:
            out.append((kind, f"{g} {typo(s, rng)}"))
    for kind, part, other, first in (("spelt as it sounds", g, s, True), ("spelt as it sounds", s, g, False)):
        respelt = _by_sound(part, rng)
        if respelt and not _damerau_one(fold(respelt), fold(part)):
            out.append((kind, f"{respelt} {other}" if first else f"{other} {respelt}"))
    if len(g) >= 5 and len(s) >= 5:
        out.append(("a typo in both parts", f"{_vowel(g, rng)} {_drop(s, rng)}"))
    return out


def _damerau_one(a: str, b: str) -> bool:
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def _same_name(a: str, b: str) -> bool:
    return _damerau_one(a, b) or b in built_in_variants().of(a)


def _is_stranger(given: str, surname: str, people: list[Person]) -> bool:
    g, s = fold(given), fold(surname)
    for p in people:
        pg = {fold(p.given), *([fold(p.alias)] if p.alias else [])}
        ps = {fold(p.surname), *(fold(x) for x in p.surname.split("-"))}
        for a, b in ((g, s), (s, g)):
            if any(_same_name(a, x) for x in pg) and any(_same_name(b, y) for y in ps):
                return False
    return True


def strangers(rng: random.Random, people: list[Person], count: int) -> list[tuple[str, str]]:
    """(kind, name) of people who are not on the caseload."""
    all_given = sorted({g for gs, _ in COMMUNITIES.values() for g in gs.split()} | set(first_names()))
    all_surnames = sorted({s for _, ss in COMMUNITIES.values() for s in ss.split()} | set(surnames()))
    out: list[tuple[str, str]] = []
    third = count // 3
    while len(out) < count:
        if len(out) < third:
            kind, given, surname = (
                "same surname as someone on the caseload",
                rng.choice(all_given),
                rng.choice(people).surname.split("-")[0],
            )
        elif len(out) < 2 * third:
            kind, given, surname = (
                "same first name as someone on the caseload",
                rng.choice(people).given,
                rng.choice(all_surnames),
            )
        else:
            kind, given, surname = "any other name", rng.choice(all_given), rng.choice(all_surnames)
        if _is_stranger(given, surname, people):
            out.append((kind, f"{given.title()} {surname.title()}"))
    return out


# -- engines -----------------------------------------------------------------------------------
def build_safepost(people: list[Person], sound_min: int = SOUND_MIN) -> Caseload:
    names = NameHasher(secrets.token_bytes(32), sound_min=sound_min)
    entries = [
        hash_row(CaseloadRow(p.written, (p.alias,) if p.alias else (), "child", p.ref), names, p.ref)
        for p in people
    ]
    return Caseload(CaseloadFile(scheme="bench", key_fingerprint="bench", updated="", entries=entries), names)


def safepost_lookup(caseload: Caseload) -> Callable[[str], str | None]:
    def lookup(name: str) -> str | None:
        check = caseload.check_name(name)
        return check.match.ref if check.status is CheckStatus.MATCH and check.match else None

    return lookup


def exact_hash_lookup(people: list[Person]) -> Callable[[str], str | None]:
    """The naive private design: one keyed hash of the whole normalised name."""
    index = {" ".join(sorted(p.joined for p in split_name(p_.written))): p_.ref for p_ in people}

    def lookup(name: str) -> str | None:
        return index.get(" ".join(sorted(p.joined for p in split_name(name))))

    return lookup


def rapidfuzz_lookup(people: list[Person], cutoff: float) -> Callable[[str], str | None] | None:
    try:
        from rapidfuzz import fuzz, process, utils
    except ImportError:
        return None
    choices = {p.ref: _plain(p.written) for p in people}
    choices.update({f"{p.ref}~": f"{p.alias} {p.surname}" for p in people if p.alias})

    def lookup(name: str) -> str | None:
        found = process.extractOne(
            _plain(name),
            choices,
            scorer=fuzz.token_sort_ratio,
            processor=utils.default_process,
            score_cutoff=cutoff,
        )
        return found[2].rstrip("~") if found else None

    return lookup


@dataclass
class Score:
    recall: float
    flagged: float
    false_matches: float
    per_kind: dict[str, float]
    stranger_kinds: dict[str, float]
    median_us: float
    p99_us: float


def score(lookup: Callable[[str], str | None], variants: list[tuple[str, str, str]],
          strangers_: list[tuple[str, str]]) -> Score:  # fmt: skip
    times: list[float] = []
    hits_by_kind: dict[str, list[bool]] = {}
    flagged: list[bool] = []
    for ref, kind, name in variants:
        t0 = time.perf_counter()
        got = lookup(name)
        times.append(time.perf_counter() - t0)
        hits_by_kind.setdefault(kind, []).append(got == ref)
        flagged.append(got is not None)
    false_by_kind: dict[str, list[bool]] = {}
    for kind, name in strangers_:
        t0 = time.perf_counter()
        got = lookup(name)
        times.append(time.perf_counter() - t0)
        false_by_kind.setdefault(kind, []).append(got is not None)
    all_hits = [h for hs in hits_by_kind.values() for h in hs]
    all_false = [f for fs in false_by_kind.values() for f in fs]
    times.sort()
    return Score(
        recall=sum(all_hits) / len(all_hits),
        flagged=sum(flagged) / len(flagged),
        false_matches=sum(all_false) / len(all_false),
        per_kind={k: sum(v) / len(v) for k, v in hits_by_kind.items()},
        stranger_kinds={k: sum(v) / len(v) for k, v in false_by_kind.items()},
        median_us=statistics.median(times) * 1e6,
        p99_us=times[int(len(times) * 0.99)] * 1e6,
    )


FILLER_TEXT = (
    "had a lovely day at the park with the kids then tea at my mums and a long walk home in the rain "
    "can't believe how fast this year is going honestly need a holiday so badly"
)
FILLER = FILLER_TEXT.split()


def _post_scan(caseload: Caseload, people: list[Person], rng: random.Random) -> None:
    """Time the post detector: 2,000 posts of ~30 words, one in ten naming someone on the caseload."""
    from safepost.detectors.caseload import CaseloadDetector
    from safepost.text import PostText

    posts = []
    for i in range(2000):
        words = rng.sample(FILLER, 28)
        if i % 10 == 0:
            words.insert(rng.randrange(len(words)), rng.choice(people).written)
        posts.append(" ".join(words))
    detector = CaseloadDetector(caseload)
    for label in ("first pass (nothing cached)", "second pass (words cached)"):
        t0 = time.perf_counter()
        found = sum(bool(detector.detect(PostText(p))) for p in posts)
        took = time.perf_counter() - t0
        per_post = took / len(posts) * 1e6
        print(f"post scan, {label}: {per_post:.0f} µs/post, {found} of {len(posts)} posts flagged")
    from safepost.checker import Checker

    checkers = {"without": Checker(), "with": Checker(caseload=caseload)}
    rates = dict.fromkeys(checkers, 0.0)
    for _ in range(3):  # alternate and keep the best of three: a busy machine is noisy
        for label, checker in checkers.items():
            t0 = time.perf_counter()
            for post in posts:
                checker.check(post)
            rates[label] = max(rates[label], len(posts) / (time.perf_counter() - t0))
    print(
        f"full checker: {rates['without']:.0f} posts/s without a caseload, {rates['with']:.0f} with "
        f"({rates['with'] / rates['without']:.2f}x)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--caseload", type=int, default=300, help="people on the caseload")
    parser.add_argument("--strangers", type=int, default=6000)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--cutoff", type=float, default=85.0, help="rapidfuzz score cut-off (0-100)")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    people = _people(rng, args.caseload)
    variants = [(p.ref, kind, name) for p in people for kind, name in variants_of(p, rng)]
    strangers_ = strangers(rng, people, args.strangers)
    t0 = time.perf_counter()
    caseload = build_safepost(people)
    build_s = time.perf_counter() - t0
    engines: dict[str, Callable[[str], str | None]] = {
        "safepost (keyed hashes)": safepost_lookup(caseload),
        "safepost, also 2-letter sound codes": safepost_lookup(build_safepost(people, 2)),
        "safepost, no sound keys": safepost_lookup(build_safepost(people, 99)),
        "exact hash of the whole name": exact_hash_lookup(people),
    }
    fuzzy = rapidfuzz_lookup(people, args.cutoff)
    if fuzzy is not None:
        engines[f"rapidfuzz token_sort_ratio>={args.cutoff:g} (plaintext)"] = fuzzy
    print(
        f"caseload {len(people)} people · {len(variants)} misspelt/variant names · "
        f"{len(strangers_)} strangers"
    )
    print(f"safepost caseload built (hashed) in {build_s * 1000:.0f} ms\n")
    results = {name: score(lookup, variants, strangers_) for name, lookup in engines.items()}
    base = results["safepost (keyed hashes)"]
    print("recall: matched the right entry; flagged: matched some entry (a variant typed by a person")
    print("who is on the caseload is stopped either way); false: strangers matched to any entry\n")
    head = f"{'engine':<48} {'recall':>7} {'flagged':>8} {'false':>7}"
    print(f"{head} {'median µs':>10} {'p99 µs':>8} {'time ×':>7}")
    for name, r in results.items():
        rates = f"{name:<48} {r.recall:>7.1%} {r.flagged:>8.1%} {r.false_matches:>7.2%}"
        print(f"{rates} {r.median_us:>10.1f} {r.p99_us:>8.1f} {r.median_us / base.median_us:>7.2f}")
    print("\nrecall by kind of misspelling:")
    kinds = list(base.per_kind)
    short = [n.split(" ")[0].rstrip(",") + ("*" if "," in n else "") for n in results]
    print(f"  {'kind':<38}" + "".join(f"{n:>12}" for n in short))
    for kind in kinds:
        print(f"  {kind:<38}" + "".join(f"{r.per_kind[kind]:>12.1%}" for r in results.values()))
    print("\nfalse matches by kind of stranger:")
    for kind in base.stranger_kinds:
        print(f"  {kind:<38}" + "".join(f"{r.stranger_kinds[kind]:>12.2%}" for r in results.values()))
    print("  (safepost* = the variants of safepost above, in the same order)")
    _post_scan(caseload, people, rng)
    print(f"\nstrengths: {', '.join(s.label for s in Strength)}; a match needs both parts, not both by sound")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump({name: r.__dict__ for name, r in results.items()}, handle, indent=2)


if __name__ == "__main__":
    main()
