"""Social handles and personal links: ways to find someone online ("add me on snap jo.b23").

Found forms: @mentions, Mastodon addresses (@user@server — a handle, not an email), profile URLs
on the big platforms, personal blog hosts (wordpress, blogspot, substack ...), a platform name
followed by a handle ("my insta is jo_b"), and any site introduced as "my blog/site/website".
Mentions of big public organisations (@NSPCC) come back waived.
"""

from __future__ import annotations

import bisect
import re

from safepost.detectors.base import context_hits, word_set
from safepost.detectors.phones import load_public_data
from safepost.models import Hit
from safepost.text import PostText

LABEL = "contact:handle"

_ORGS: dict[str, str] = {
    str(k).lower(): str(v["reason"]) for k, v in load_public_data()["organisation_handles"].items()
}

_PROFILE_SITES = (
    r"linktr\.ee|tiktok\.com|instagram\.com|instagr\.am|facebook\.com|fb\.com|fb\.me|m\.me|twitter\.com|x\.com"
    r"|threads\.net|youtube\.com|youtu\.be|snapchat\.com|bsky\.app|linkedin\.com|medium\.com|patreon\.com"
    r"|ko-fi\.com|twitch\.tv|onlyfans\.com|pinterest\.com|pinterest\.co\.uk|tumblr\.com|buymeacoffee\.com"
    r"|github\.com|flickr\.com|soundcloud\.com|vimeo\.com|reddit\.com|discord\.gg|t\.me|wa\.me|beacons\.ai"
)
_BLOG_HOSTS = (
    r"wordpress\.com|blogspot\.com|blogspot\.co\.uk|substack\.com|tumblr\.com|bsky\.social|carrd\.co"
    r"|wixsite\.com|squarespace\.com|weebly\.com|github\.io|neocities\.org|ghost\.io|mystrikingly\.com"
)
_PLATFORMS = (
    r"instagram|insta|ig|snapchat|snap|tiktok|tik tok|twitter|threads|bluesky|bsky|discord|telegram|kik"
    r"|twitch|youtube|yt|mastodon|facebook|fb|linkedin|whatsapp|signal"
)
_OWN_TLDS = (
    r"co\.uk|org\.uk|me\.uk|com|org|net|uk|me|blog|io|info|online|site|xyz|co|website|page|art|design|studio"
)

_HANDLES = re.compile(
    # a profile URL on a big platform
    rf"(?P<url>(?:https?://)?(?:www\.|m\.)?(?:{_PROFILE_SITES})/(?P<path>[\w@.\-]+(?:/[\w@.\-]+)*))"
    # a personal blog host subdomain
    rf"|(?<![a-z0-9\-])(?P<blog>(?:https?://)?(?P<sub>[a-z0-9][a-z0-9\-]*)\.(?:{_BLOG_HOSTS})(?:/[\w\-./]*)?)"
    # a Mastodon-style address
    r"|(?<![\w@./])(?P<masto>@(?P<mu>[a-z0-9_]{1,30})@(?P<md>[a-z0-9\-]+(?:\.[a-z0-9\-]+)+))"
    # a site introduced as "my blog/site/website ..."
    rf"|\bmy[ \t]+(?:own[ \t]+)?(?:blog|site|website|web[ \t]site|page|portfolio|shop|podcast|newsletter)\b"
    rf"[^.\n@]{{0,25}}?(?P<own>(?:https?://)?(?:www\.)?[a-z0-9][a-z0-9\-]*(?:\.[a-z0-9\-]+)*\.(?:{_OWN_TLDS})"
    r"(?:/[\w\-./]*[\w/])?)(?![\w@]|\.\w)"
    # a platform name followed by a handle: "my insta is jo_b", "add me on snap jo.b23"
    rf"|\b(?P<plat>{_PLATFORMS})\b(?:[ \t]+(?:name|handle|username|user|id|account|acc))?"
    r"(?P<marker>[ \t]*+(?:\bis\b|:|=|-|—|\u2013"
    r"|,?[ \t]*+(?:i['\u2019]?m|i am|it['\u2019]?s|it is|as)\b)?[ \t]*+)"
    r"@?(?P<ph>[a-z0-9_][a-z0-9_.]{1,29}[a-z0-9_])"
    # a plain @mention
    r"|(?<![\w@./])(?P<mention>@(?P<h>[a-z0-9_](?:[a-z0-9_.]{0,28}[a-z0-9_])?))(?![\w@])"
)
_HINT = re.compile(
    rf"@|[a-z]\.[a-z]{{2,}}/|\.(?:{_BLOG_HOSTS})|\b(?:{_PLATFORMS})\b"
    r"|\bmy[ \t]+(?:own[ \t]+)?(?:blog|site|website|web[ \t]site|page|portfolio|shop|podcast|newsletter)\b"
)

# Addresses written out to dodge filters: "jo dot wordpress dot com", "jo(dot)blog".
_DOT = r"(?:\.|[ \t]+dot[ \t]+|[ \t]*[(\[]dot[)\]][ \t]*)"
_SPOKEN_DOT = r"(?:[ \t]+dot[ \t]+|[ \t]*[(\[]dot[)\]][ \t]*)"
# An address ends at a space, a comma or a closing full stop, not at a dot that goes on.
_ADDRESS_END = r"(?![\w@]|\.\w)"
_SPOKEN_BLOG_HOSTS = _BLOG_HOSTS.replace(r"\.", _DOT)
_SPOKEN_BLOG = re.compile(
    rf"(?<![\w@./-])(?:[a-z0-9][a-z0-9\-]*{_DOT}){{1,3}}(?:{_SPOKEN_BLOG_HOSTS}){_ADDRESS_END}"
)
# Bare web addresses, for the "started a blog … www.crumbsandco.co.uk" case below: written with
# real dots (any of our top-level domains) or with "dot" (only the common ones: "polka dot design"
# is a pattern, not an address).
_SITE = re.compile(
    rf"(?<![\w@./-])(?:https?://)?(?:www\.)?[a-z0-9][a-z0-9\-]*(?:\.[a-z0-9][a-z0-9\-]*){{0,3}}"
    rf"\.(?:{_OWN_TLDS}){_ADDRESS_END}(?:/[\w\-./]*[\w/])?"
    rf"|(?<![\w@./-])(?:www{_SPOKEN_DOT})?[a-z0-9][a-z0-9\-]*{_SPOKEN_DOT}(?:co{_SPOKEN_DOT}uk|com|net|blog|me)\b"
)
# Organisations' addresses: a charity's, council's, school's or the NHS's site is not personal, nor
# is a big public or commercial one.
_PUBLIC_SITE = re.compile(
    r"(?:^|\.)(?:org|gov|nhs|ac|sch|police|mod|parliament|ltd|plc)\.uk$|\.(?:org|gov|edu)$|\.nhs\.net$"
    r"|^(?:www\.)?(?:nhs|gov)\.uk$"
    r"|(?:^|\.)(?:bbc|theguardian|independent|amazon|google|ebay|wikipedia|justgiving|gofundme|tesco|argos"
    r"|clarks|netflix|booking|asda|sainsburys|johnlewis|boots|next|etsy|vinted|facebook|youtube|rightmove)"
    r"\.(?:co\.uk|com)$"
)
# The author says the site is theirs: "my blog", "started a blog", "link in bio"; or invites people
# to it ("have a nosy") while talking about a blog, site or post of their own.
_NOUN = r"(?:blog|site|website|web\s+site|page|shop|podcast|newsletter|vlog|channel|portfolio)"
_SITE_IS_MINE = re.compile(
    rf"\bmy\s+(?:own\s+|new\s+|personal\s+|little\s+|first\s+)?{_NOUN}\b"
    rf"|\b(?:started|launched|set\s+up|made|built|starting|launching)\s+(?:a|my)\s+(?:new\s+|little\s+)?{_NOUN}\b"
    r"|\blink\s+in\s+(?:my\s+)?bio\b"
)
_SITE_INVITE = re.compile(
    r"\b(?:have\s+a\s+(?:nosy|read|look|browse)|come\s+and\s+(?:have|read|say)|check\s+(?:it|me)\s+out"
    r"|give\s+(?:it|me)\s+a\s+(?:read|follow)|new\s+post\s+up|i\s+(?:write|post|blog))\b"
)
# How far round an address the author's words are read: enough for the sentence it sits in.
_SITE_CONTEXT = 160

_RAISE = word_set("my me follow add find dm dms message hmu snap insta subscribe check visit")
_PERSONAL_INTRO = re.compile(r"\b(?:my|add me|follow me|find me|dm me|message me|hmu)\b")
# Words that follow a platform name without being a handle: "my insta is private", "snap chat later".
_NOT_HANDLES = word_set(
    """the a an my me and or but so if too now here there later tonight today tomorrow pls please lol
    x xx back account page story stories feed post posts reel reels live dms dm messages it this that for
    with where what how why when was is are on in at of to up out off just also not no yes again instead
    private public locked down broken dead full great amazing boring rubbish annoying banned hacked
    deleted gone new old better worse literally actually obviously honestly really everyone all guys
    chat name handle username user id acc streak streaks filter filters video videos photo photos pic pics
    group groups call calls me"""
)
_NOT_MENTIONS = word_set("home work school uni gym church lunch night noon the my everyone here")
_TIME = re.compile(r"\d{1,2}(?::\d{2})?(?:am|pm)?|\d+(?:p|k|m)?")


class HandleDetector:
    """Finds social handles and personal links offered for contact (``contact:handle``)."""

    name = "contact"

    def detect(self, post: PostText) -> list[Hit]:
        hits: list[Hit] = []
        if _HINT.search(post.lower):
            for m in _HANDLES.finditer(post.lower):
                hit = _judge(post, m)
                if hit is not None:
                    hits.append(hit)
        if "." in post.lower or "dot" in post.lower:
            hits.extend(_own_sites(post, [(h.start, h.end) for h in hits]))
            hits.sort(key=lambda h: h.start)
        return hits


def _judge(post: PostText, m: re.Match[str]) -> Hit | None:
    """Which form matched, whether it really is a handle, and how strongly it is offered."""
    span_group, pattern, base = "mention", "mention", 0.6
    if m.group("url"):
        span_group, pattern, base = "url", "profile-url", 0.8
        key = m.group("path").split("/")[0].lstrip("@").lower()
    elif m.group("blog"):
        span_group, pattern, base = "blog", "blog-host", 0.75
        key = m.group("sub").lower()
    elif m.group("masto"):
        span_group, pattern, base = "masto", "mastodon", 0.8
        key = m.group("mu").lower()
    elif m.group("own"):
        span_group, pattern, base = "own", "own-site", 0.75
        key = ""
    elif m.group("plat"):
        if not _looks_like_handle(post, m, m.group("ph")):
            return None
        span_group, pattern, base = "ph", "platform-handle", 0.8
        key = m.group("ph").lower()
    else:
        key = m.group("h").lower()
        if key in _NOT_MENTIONS or _TIME.fullmatch(key):
            return None
    start = m.start("plat") if pattern == "platform-handle" else m.start(span_group)
    end = m.end(span_group)
    before, after = post.words_near(start, end, 40)
    raised = context_hits(before, after, _RAISE)
    if pattern == "platform-handle":
        raised = (*dict.fromkeys((*raised, m.group("plat").lower())),)
    return Hit(
        label=LABEL,
        start=start,
        end=end,
        text=post.text[start:end],
        score=round(min(1.0, base + 0.1 * min(2, len(raised))), 2),
        pattern=pattern,
        raised_by=raised,
        waived=_ORGS.get(key),
        value=post.text[m.start(span_group) : m.end(span_group)],
    )


def _looks_like_handle(post: PostText, m: re.Match[str], handle: str) -> bool:
    """After a platform name, accept a word as a handle only with some sign that it is one."""
    low = handle.lower()
    if low in _NOT_HANDLES or _TIME.fullmatch(low):
        return False
    marker = m.group("marker").strip()
    if any(ch in handle for ch in "._") or any(ch.isdigit() for ch in handle):
        return True
    if "@" in post.text[m.start("ph") - 1 : m.start("ph")] or marker in {":", "=", "-", "—", "\u2013"}:
        return True
    intro = post.lower[max(0, m.start() - 25) : m.start() + len(m.group("plat"))]
    return bool(_PERSONAL_INTRO.search(intro))


def _own_sites(post: PostText, taken: list[tuple[int, int]]) -> list[Hit]:
    """Blog addresses spelled out with "dot", and bare web addresses the author calls their own site."""
    found: list[Hit] = []
    spans = sorted(taken)
    candidates = [("spoken-blog", m) for m in _SPOKEN_BLOG.finditer(post.lower)]
    candidates += [("own-site", m) for m in _SITE.finditer(post.lower)]
    for pattern, m in candidates:
        start, end = m.span()
        i = bisect.bisect_left(spans, (end, end))
        if i and spans[i - 1][1] > start:
            continue  # inside something already found (both lists come in order, so one look back)
        address = re.sub(_DOT, ".", m.group()).removeprefix("https://").removeprefix("http://")
        if pattern == "own-site" and not _reads_as_own_site(post, start, end, address):
            continue
        before, after = post.words_near(start, end, 40)
        raised = context_hits(before, after, _RAISE)
        bisect.insort(spans, (start, end))
        found.append(
            Hit(
                label=LABEL,
                start=start,
                end=end,
                text=post.text[start:end],
                score=round(min(1.0, 0.8 + 0.1 * min(2, len(raised))), 2),
                pattern=pattern,
                raised_by=raised,
                value=address,
            )
        )
    return found


def _reads_as_own_site(post: PostText, start: int, end: int, address: str) -> bool:
    """A bare address counts only when it is not an organisation's and the author calls it theirs."""
    host = address.split("/")[0]
    tld = post.text[start:end].split("/")[0].rsplit(".", 1)[-1]
    if _PUBLIC_SITE.search(host) or not tld.islower():  # "son.Me": a missing space, not an address
        return False
    around = post.lower[max(0, start - _SITE_CONTEXT) : end + _SITE_CONTEXT]
    if _SITE_IS_MINE.search(around):
        return True
    return bool(_SITE_INVITE.search(around)) and re.search(rf"\b(?:{_NOUN}|post|posts)\b", around) is not None
