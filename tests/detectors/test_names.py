"""Specification of the names detector (``names:*``): people, initials, families, ages, school years.

Every person here is invented.
"""

from __future__ import annotations

import pytest

from safepost.detectors.names import AMBIGUOUS, PLACE_LIKE, NameDetector, first_names, surnames
from safepost.models import Hit
from safepost.text import PostText

DETECTOR = NameDetector()


def hits(text: str, label: str | None = None) -> list[Hit]:
    found = list(DETECTOR.detect(PostText(text)))
    return [h for h in found if label is None or h.label == label]


# (post, label, flagged text, pattern)
MUST_FIRE = [
    # given name + surname
    ("Happy birthday Daz Wilkinson", "names:person", "Daz Wilkinson", "first-last"),
    ("Thanks to Sarah Jane Smith for organising", "names:person", "Sarah Jane Smith", "first-last"),
    ("Lovely to catch up with Siobhán McDonald", "names:person", "Siobhán McDonald", "first-last"),
    ("Chidi Okonkwo scored twice!", "names:person", "Chidi Okonkwo", "first-last"),
    ("Saw Kasia Nowak at the shops", "names:person", "Kasia Nowak", "first-last"),
    ("well done Harpreet Sandhu", "names:person", "Harpreet Sandhu", "first-last"),
    ("Ffion O'Driscoll has left", "names:person", "Ffion O'Driscoll", "first-last"),
    ("met Jonny Brennan-Hale today", "names:person", "Jonny Brennan-Hale", "first-last"),
    ("June Whitaker retired today", "names:person", "June Whitaker", "first-last"),
    ("Grace Okonkwo starts Monday", "names:person", "Grace Okonkwo", "first-last"),
    ("Will Davies said no", "names:person", "Will Davies", "first-last"),
    ("congrats Aoife Brannigan", "names:person", "Aoife Brannigan", "first-last"),
    ("went with Tyreece Johnson", "names:person", "Tyreece Johnson", "unlisted-first-surname"),
    ("Daz W. was in again", "names:person", "Daz W.", "first-initial"),
    # title + surname
    ("Mrs Adeyemi in room 4", "names:person", "Mrs Adeyemi", "title-surname"),
    ("Miss Hollins is the best teacher", "names:person", "Miss Hollins", "title-surname"),
    ("Dr Patel was lovely", "names:person", "Dr Patel", "title-surname"),
    ("thanks Mr. O'Brien", "names:person", "Mr. O'Brien", "title-surname"),
    ("Mr and Mrs Okafor came in", "names:person", "Mrs Okafor", "title-surname"),
    ("Ms Jane Pritchett retires", "names:person", "Ms Jane Pritchett", "title-surname"),
    ("Cllr Whitmore opened it", "names:person", "Cllr Whitmore", "title-surname"),
    ("Sgt Hughes popped in", "names:person", "Sgt Hughes", "title-surname"),
    # a listed given name on its own
    ("I saw Grace today", "names:person", "Grace", "first-name-ambiguous"),
    ("Took Ruby to the vets", "names:person", "Ruby", "first-name-ambiguous"),
    ("thanks Bill", "names:person", "Bill", "first-name-ambiguous"),
    ("saw April today", "names:person", "April", "first-name-ambiguous"),
    ("Grace and I are off to Cornwall", "names:person", "Grace", "first-name-ambiguous"),
    ("Mark and Sue from next door popped round", "names:person", "Mark", "first-name-ambiguous"),
    ("Will's mum rang", "names:person", "Will", "first-name-ambiguous"),
    ("Megan was brilliant today", "names:person", "Megan", "first-name"),
    ("our Megan passed her test", "names:person", "Megan", "first-name"),
    ("little Alfie is walking", "names:person", "Alfie", "first-name"),
    ("Alfie (7) loved the farm", "names:person", "Alfie", "first-name"),
    ("Bex from work", "names:person", "Bex", "first-name"),
    ("Kaz says hi", "names:person", "Kaz", "first-name"),
    ("Hi Megan, thanks for today", "names:person", "Megan", "first-name"),
    ("Megan's mum rang", "names:person", "Megan", "first-name"),
    ("Happy 80th Doris!", "names:person", "Doris", "first-name"),
    ("Muhammad and Zainab were great", "names:person", "Muhammad", "first-name"),
    ("Tomasz helped a lot", "names:person", "Tomasz", "first-name"),
    ("Kwame was first", "names:person", "Kwame", "first-name"),
    ("Ellie-Mae fell asleep", "names:person", "Ellie-Mae", "first-name"),
    ("Florence (6) loved it", "names:person", "Florence", "first-name-place"),
    ("Chelsea was on shift", "names:person", "Chelsea", "first-name-place"),
    # unlisted names with a cue
    ("my son Kayden is poorly", "names:person", "Kayden", "cue-name"),
    ("our foster daughter Zaylee is home", "names:person", "Zaylee", "cue-name"),
    ("Kayzlee (7) did a great job", "names:person", "Kayzlee", "name-age"),
    # anonymised-but-identifying initials
    ("Mr H was in again", "names:initial", "Mr H", "title-initial"),
    ("our Mrs P is retiring", "names:initial", "Mrs P", "title-initial"),
    ("Mrs T. said hi", "names:initial", "Mrs T.", "title-initial"),
    ("Mr H's mum called", "names:initial", "Mr H", "title-initial"),
    ("Child A was placed today", "names:initial", "Child A", "role-initial"),
    ("young person X said", "names:initial", "young person X", "role-initial"),
    ("Baby J is doing well", "names:initial", "Baby J", "role-initial"),
    ("service user B kicked off", "names:initial", "service user B", "role-initial"),
    ("spoke to Mum K", "names:initial", "Mum K", "role-initial"),
    ("the looked after child C", "names:initial", "looked after child C", "role-initial"),
    # families
    ("the Pearson family moved", "names:family", "the Pearson family", "surname-family"),
    ("The Jones family", "names:family", "The Jones family", "surname-family"),
    ("the Khan kids are back", "names:family", "the Khan kids", "surname-family"),
    ("the Pritchard twins", "names:family", "the Pritchard twins", "surname-family"),
    ("the Smiths are back", "names:family", "the Smiths", "surname-plural"),
    ("popped round the O'Neills", "names:family", "the O'Neills", "surname-plural"),
    ("the Joneses again", "names:family", "the Joneses", "surname-plural"),
    # ages
    ("Alfie (7) loved the farm", "names:age", "(7)", "bracket"),
    ("Doris (86) got her letter", "names:age", "(86)", "bracket"),
    ("a lad (15) was arrested", "names:age", "(15)", "bracket"),
    ("boy aged 7 missing", "names:age", "aged 7", "aged"),
    ("kids aged 5 to 7", "names:age", "aged 5 to 7", "aged"),
    ("a baby aged six weeks", "names:age", "aged six weeks", "aged"),
    ("my 7yo is off school", "names:age", "7yo", "yo"),
    ("86yo woman fell", "names:age", "86yo", "yo"),
    ("her 7 y/o", "names:age", "7 y/o", "yo"),
    ("a 7 year old boy", "names:age", "7 year old", "yearold"),
    ("the 15-year-old", "names:age", "15-year-old", "yearold"),
    ("only 3 days old", "names:age", "3 days old", "yearold"),
    ("six months old already", "names:age", "six months old", "yearold"),
    ("a year old today", "names:age", "a year old", "yearold"),
    ("she's 14 today", "names:age", "she's 14", "pronoun"),
    ("he is 9 and", "names:age", "he is 9", "pronoun"),
    ("she's fourteen", "names:age", "she's fourteen", "pronoun"),
    ("my son is 4 tomorrow", "names:age", "my son is 4", "pronoun"),
    ("Nan turned 100!", "names:age", "turned 100", "turned"),
    ("just turned forty", "names:age", "turned forty", "turned"),
    # school years
    ("Y6 lot were great", "names:school-year", "Y6 lot", "school-year"),
    ("Year 4 assembly", "names:school-year", "Year 4", "school-year"),
    ("the year 10s", "names:school-year", "year 10s", "school-year"),
    ("the Year 11s were amazing", "names:school-year", "Year 11s", "school-year"),
    ("my Year 6 class", "names:school-year", "Year 6 class", "school-year"),
    ("yr 9 trip", "names:school-year", "yr 9", "school-year"),
    ("Year R nativity", "names:school-year", "Year R", "school-year"),
    # age groups
    ("U12s won 3-1", "names:age-group", "U12s", "age-group"),
    ("under-14s training", "names:age-group", "under-14s", "age-group"),
    ("coaching the under 9s", "names:age-group", "under 9s", "age-group"),
    ("U15 girls", "names:age-group", "U15", "age-group"),
]


@pytest.mark.parametrize(("post", "label", "text", "pattern"), MUST_FIRE)
def test_must_fire(post: str, label: str, text: str, pattern: str) -> None:
    found = [h for h in hits(post, label) if h.text == text]
    assert found, (post, hits(post))
    hit = found[0]
    assert hit.pattern == pattern
    assert post[hit.start : hit.end] == hit.text
    assert 0.0 < hit.score <= 1.0


# (post, label that must not appear)
MUST_NOT_FIRE = [
    # places, days, months, capitalised common nouns
    ("Took the dog to Bramley Park", "names:person"),
    ("Kids loved Alexandra Park", "names:person"),
    ("Great day at Victoria Station", "names:person"),
    ("Queen Elizabeth Hospital was rammed", "names:person"),
    ("St Helen's school fair", "names:person"),
    ("went to Chelsea", "names:person"),
    ("visit Florence in spring", "names:person"),
    ("Monday was busy", "names:person"),
    ("see you in June", "names:person"),
    ("June 3rd is the deadline", "names:person"),
    ("booked for May 2024", "names:person"),
    ("In April we move", "names:person"),
    ("April showers", "names:person"),
    ("Christmas Eve party", "names:person"),
    ("World Peace", "names:person"),
    ("donate with Gift Aid", "names:person"),
    ("Poppy Appeal starts today", "names:person"),
    ("Summer Fair on Saturday", "names:person"),
    ("love Summer", "names:person"),
    ("Drinks at the Red Lion Friday", "names:person"),
    ("the Ivy restaurant", "names:person"),
    # names that are words: lower-case, or sentence-initial where ambiguous
    ("amazing grace", "names:person"),
    ("Amazing Grace was sung", "names:person"),
    ("Will you be there?", "names:person"),
    ("Hope you're well", "names:person"),
    ("Mark my words", "names:person"),
    ("May I ask something", "names:person"),
    ("Bill me later", "names:person"),
    ("Jack was brilliant", "names:person"),
    ("June and July were busy", "names:person"),
    ("May's staff meeting", "names:person"),
    ("Joy all round", "names:person"),
    ("Faith in humanity restored", "names:person"),
    ("a Christian charity", "names:person"),
    ("pure Joy", "names:person"),
    ("will you bill me", "names:person"),
    ("bash Christian sects", "names:person"),
    ("their pesky Bill of Rights", "names:person"),
    ("i saw megan", "names:person"),
    # titles that are not people
    ("I Miss You", "names:person"),
    ("Dr. Who marathon", "names:person"),
    ("Mr Right", "names:person"),
    ("12 Oak Dr Leeds", "names:person"),
    ("Good on ya Mr. President", "names:person"),
    ("my baby Momma", "names:person"),
    # unlisted capitalised words without a cue
    ("Ofsted came in", "names:person"),
    ("Bramley won", "names:person"),
    ("Proud Mum moment", "names:person"),
    ("HAPPY BIRTHDAY DAZ", "names:person"),
    ("@megan hi", "names:person"),
    # initials
    ("Got A levels back", "names:initial"),
    ("pupil A levels", "names:initial"),
    ("the child I saw", "names:initial"),
    ("A great day", "names:initial"),
    ("Plan B it is", "names:initial"),
    ("Mr Blobby", "names:initial"),
    ("off to A&E", "names:initial"),
    ("thanks Mr. O'Brien", "names:initial"),
    # families
    ("the Jewish family", "names:family"),
    ("the Royal family", "names:family"),
    ("the Polish family next door", "names:family"),
    ("the foster family", "names:family"),
    ("the Greens are in power", "names:family"),
    ("the Beatles", "names:family"),
    ("the Midlands", "names:family"),
    ("the kids", "names:family"),
    # ages
    ("he's 6 foot", "names:age"),
    ("she's 1 of the best", "names:age"),
    ("he's 2 hours late", "names:age"),
    ("she's 100% right", "names:age"),
    ("turned 180 degrees", "names:age"),
    ("a 30 year old car", "names:age"),
    ("born 2 weeks early", "names:age"),
    ("page (15)", "names:age"),
    ("£(15)", "names:age"),
    ("it's 10:30", "names:age"),
    ("scored 3.5", "names:age"),
    ("(2)", "names:age"),
    ("He's one lucky guy", "names:age"),
    ("@alexrojas_10 yo", "names:age"),
    ("@MoeMartin44 Yo", "names:age"),
    # school years and age groups
    ("year 2024 was hard", "names:school-year"),
    ("a year 5 times over", "names:age"),
    ("Y2K bug", "names:school-year"),
    ("years ago", "names:school-year"),
    ("U2 concert", "names:age-group"),
    ("u12 lower case", "names:age-group"),
    ("under 12 people came", "names:age-group"),
]


@pytest.mark.parametrize(("post", "label"), MUST_NOT_FIRE)
def test_must_not_fire(post: str, label: str) -> None:
    assert hits(post, label) == []


@pytest.mark.parametrize(
    "post",
    [
        "",
        "Lovely day at the park with the kids, then dropped off at her mums. Best weekend in ages!",
        "Shift done. Tea, bath, bed.",
        "Great training session tonight, thanks all",
    ],
)
def test_ordinary_posts_are_quiet(post: str) -> None:
    assert hits(post) == []


# (post, text of the names:person hit, expected score)
SCORES = [
    ("Mrs Adeyemi in room 4", "Mrs Adeyemi", 0.9),
    ("Happy birthday Daz Wilkinson", "Daz Wilkinson", 0.9),
    ("Megan was brilliant", "Megan", 0.7),
    ("our Megan passed", "Megan", 0.8),
    ("Alfie (7) loved it", "Alfie", 0.8),
    ("I saw Grace today", "Grace", 0.5),
    ("Chelsea was on shift", "Chelsea", 0.55),
]


@pytest.mark.parametrize(("post", "text", "score"), SCORES)
def test_scores(post: str, text: str, score: float) -> None:
    (hit,) = [h for h in hits(post, "names:person") if h.text == text]
    assert hit.score == pytest.approx(score)


def test_ambiguous_names_score_below_plain_names() -> None:
    (grace,) = hits("I saw Grace today", "names:person")
    (megan,) = hits("I saw Megan today", "names:person")
    assert grace.score < megan.score


@pytest.mark.parametrize(
    ("post", "cue"),
    [("our Megan passed", "our"), ("little Alfie is walking", "little"), ("Alfie (7) loved it", "age")],
)
def test_cues_are_recorded(post: str, cue: str) -> None:
    (hit,) = hits(post, "names:person")
    assert cue in hit.raised_by


@pytest.mark.parametrize(
    ("post", "value"),
    [
        ("Alfie (7)", "7"),
        ("six months old", "6 months"),
        ("3 days old", "3 days"),
        ("aged twenty-one", "21"),
        ("she's fourteen", "14"),
        ("a week old", "1 weeks"),
    ],
)
def test_age_values_are_normalised(post: str, value: str) -> None:
    (hit,) = hits(post, "names:age")
    assert hit.value == value


def test_policy_wording_about_ages_scores_low() -> None:
    (hit,) = hits("nobody under the age of 18", "names:age")
    assert hit.score < 0.5
    assert hit.lowered_by == ("under",)


def test_values() -> None:
    assert hits("Y6 lot", "names:school-year")[0].value == "6"
    assert hits("under-14s", "names:age-group")[0].value == "U14"
    assert hits("the Smiths", "names:family")[0].value == "Smith"
    assert hits("Mr H was in", "names:initial")[0].value == "Mr H"
    assert hits("thanks Mr. O'Brien", "names:person")[0].value == "Mr O'Brien"


def test_one_post_many_kinds_in_order() -> None:
    post = (
        "Our Year 6 lot smashed it and Alfie (11) got top marks. Well done Mrs Okafor and the Pearson family"
    )
    labels = [(h.label, h.text) for h in hits(post)]
    assert labels == [
        ("names:school-year", "Year 6 lot"),
        ("names:person", "Alfie"),
        ("names:age", "(11)"),
        ("names:person", "Mrs Okafor"),
        ("names:family", "the Pearson family"),
    ]


def test_name_lists() -> None:
    names, last = first_names(), surnames()
    assert len(names) >= 2500
    assert len(last) >= 800
    assert {"megan", "daz", "kaz", "jonny", "bex", "siobhán", "chidi", "kwame", "tomasz", "wei"} <= names
    assert all(n == n.lower() and " " not in n for n in names)
    assert first_names() is names  # loaded once
    assert names >= AMBIGUOUS
    assert names >= PLACE_LIKE


def test_detector_shape() -> None:
    assert NameDetector().name == "names"
    assert isinstance(NameDetector().detect(PostText("nothing here")), list)


def test_claimed_spans_merge_and_answer_membership_like_a_plain_list() -> None:
    import random

    from safepost.detectors.names import _Taken

    rng = random.Random(7)
    for _ in range(200):
        spans = [(a, a + rng.randint(0, 6)) for a in (rng.randint(0, 60) for _ in range(rng.randint(0, 12)))]
        taken = _Taken()
        for span in spans:
            taken.append(span)
        for position in range(-1, 70):
            assert taken.covers(position) == any(s <= position < e for s, e in spans), (spans, position)
