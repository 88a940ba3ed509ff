"""Past results in a briefing: what a body reports it did, kept as evidence, never as a promise.

A follow-up briefing says what happened to earlier promises: "the park's construction has been
completed", "exports reached $3.8 billion in FY2024-25", "the loan scheme has been shelved",
"the Bank has moved the one-million target to December 2024". The parser gives no item for
these (nothing is undertaken); :func:`read_results` keeps each clause that carries such a
**status cue**, with the quantity it states, so that the linker (:mod:`tracker.linking`) can
propose it as a progress report on (or a restatement of) a stored commitment.

A clause is read by its verb group (:func:`verb_group`): the verb and the auxiliaries,
negation and modals before it. "The auction has been completed" is a result, "the auction would
be completed by June" a promise, "the plan had still not been presented" a step that did not
happen; Urdu, its verb last, is read by the aspect and tense after the verb ("نمٹا دی گئی",
"موصول نہیں ہوئی", "ختم کر دیا جائے گا"). A written briefing's status table reports
in its cells: the row of a table whose header names an "Achieved" or "Status" column is read
cell by cell (:func:`_table_results`). Pure and headless, like the parser that calls it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from tracker.aliases import AliasIndex
from tracker.text import CaselessPattern
from tracker.themes import trie_pattern

__all__ = [
    "CUE_STATUSES",
    "FIGURE",
    "MENTIONED",
    "Quantity",
    "URDU_SCALES",
    "Result",
    "VerbGroup",
    "read_mentions",
    "read_results",
    "verb_group",
]

# What a cue says about the deliverable it reports on. "progress" cues ("reached", "laid",
# "trained") leave the status to the quantity and the deadline; "restated" cues move a
# deadline or a target rather than report work.
CUE_STATUSES = ("done", "progress", "stalled", "dropped", "restated")
# The status of a mention (:func:`read_mentions`): a sentence that speaks of something and
# reports, in words no cue reads, nothing of its status.
MENTIONED = "mentioned"

# "the PSDP includes 31 new schemes despite the Committee's recommendation": what the committee
# asked for was set aside, whatever the verb (a cue read as it stands, with no verb group).
_DISREGARDING = (r"despite", r"contrary\s+to", r"notwithstanding")
_DISREGARDED = (
    r"\s+the\s+committee(?:'s|\u2019s)?\s+(?:recommendations?|directions?|directives?|instructions?|decisions?)"
)
_CUES: dict[str, str] = {
    "done": (
        r"completed|finished|went\s+live|gone\s+live|launched|inaugurated|commissioned|switched\s+on|delivered"
        r"|submitted|presented|handed\s+over|shifted|vacated|finali[sz]ed|approved|issued|cleared|achieved"
        r"|put\s+in\s+place|made\s+operational|became\s+operational|shared|opened|gone\s+to|sent\s+to"
        # "went online in May", "came into force in July", "started functioning in April".
        r"|(?:went|gone|came|come)\s+(?:online|on\s+line|on\s+stream|into\s+(?:force|operation|effect|service))"
        r"|(?:started|began|commenced)\s+(?:functioning|operations?|working|work)"
        # "was received", "had been received"; "a list of buildings, with the rent received" reports nothing.
        r"|(?:(?<=was\s)|(?<=were\s)|(?<=been\s)|(?<=has\s)|(?<=have\s)|(?<=had\s))received"
    ),
    "progress": (
        r"reached|stood\s+at|remained\s+at(?=\s+(?:rs|\$|pkr|usd|\d))|laid(?!\s+off)|trained|released|disbursed|signed\s+up|registered|onboarded|on-boarded"
        r"|taken|operating|operational|deployed|installed|piloted|connected|set\s+up|built|exported"
        r"|spent|collected|now\s+offers?|now\s+covers?|covered|recruited|hired|enrolled|extended\s+to\s+\d"
    ),
    "stalled": r"missed|delayed|stalled|halted|suspended|stopped|postponed|held\s+up|slipped",
    "dropped": (
        r"shelved|dropped|abandoned|scrapped|cancell?ed|withdrawn|discontinued|in\s+favour\s+of"
        + "".join(f"|{before}{_DISREGARDED}" for before in _DISREGARDING)
    ),
    "restated": (
        r"fixed\s+(?:[\w-]+\s+){0,4}?at|moved\s+(?:[\w-]+\s+){0,4}?to|given\s+until"
        r"|extended\s+(?:[\w-]+\s+){0,3}?(?:to|till|until)|revised\s+(?:[\w-]+\s+){0,3}?to|rescheduled|pushed\s+back"
        r"|set\s+(?:[\w-]+\s+){0,4}?at|now\s+stands?\s+at"
        # "the goal ... had now been set for December 2025": a date set again.
        r"|(?<=been\s)(?:re)?set\s+for|(?<=now\s)(?:re)?set\s+for"
        # "For 2019-20, the Commission has set itself a receipts target of Rs 150 billion": the next
        # period's figure for a target already set.
        r"|(?<=has\s)set\s+(?:itself\s+)?(?:a|an|its)\s+(?:[\w-]+\s+){0,3}?target\s+of(?=\s+(?:rs\.?\s*|\$\s*|pkr\s*|usd\s*)?\d)"
        # "has lowered its target for new connections in the current fiscal year to 280,000".
        r"|(?:lowered|raised|cut|reduced|increased|scaled\s+(?:back|down|up))\s+(?:[\w-]+\s+){0,12}?to"
        r"(?=\s+(?:rs\.?\s*|\$\s*|pkr\s*|usd\s*)?\d)"
    ),
}
# Urdu: a verb of completion, release, start or abandonment in a past or perfect form.
# The simple past too ("موصول ہوئیں", were received) and what could be done ("شروع ہو سکیں",
# could start); never a future ("ہو سکے گا").
_URDU_PAST = (
    r"(?:\s+(?:کر|ہو|دی|دیا|دیے|لیا|لی|جا))*\s+(?:گیا|گئی|گئے|گئیں|چکا|چکی|چکے|چکیں|ہے|ہیں"
    r"|ہوا|ہوئی|ہوئے|ہوئیں|سکا|سکی|سکیں)(?!\s+(?:گا|گی|گے))"
)
# Urdu negation of a past or perfect: "منظور نہیں ہو سکا" (could not be approved), "موصول نہیں
# ہوئی" (has not come), "شروع نہیں ہوا" (has not started); "ابھی تک/تاحال ... نہیں ہے" (still not).
_URDU_NEGATED = (
    r"(?:نہیں|نہ)\s+(?:\S+\s+){0,2}?(?:ہوا|ہوئی|ہوئے|ہوئیں|گیا|گئی|گئے|گئیں|سکا|سکی|سکے|سکیں|ملا|ملی|ملے"
    r"|پایا|پائی|پائے)(?!\s+(?:گا|گی|گے))"
    r"|(?:ابھی\s+تک|تاحال)\s+(?:\S+\s+){0,4}?نہیں\s+(?:ہے|ہیں)"
)
_URDU_CUES: dict[str, str] = {
    "done": r"(?:مکمل|جاری|فعال|موصول|فراہم|پیش|جمع|حوالے)" + _URDU_PAST,
    # "... کا حجم 2210 ارب روپے رہا" (stood at Rs 2,210 billion): an amount that stood or remained.
    "progress": (
        rf"شروع{_URDU_PAST}|نصب{_URDU_PAST}"
        r"|(?:(?<=روپے\s)|(?<=ڈالر\s)|(?<=فیصد\s)|(?<=[0-9۰-۹]\s))(?:رہا|رہی|رہیں|رہے)(?!\w)(?!\s+(?:گا|گی|گے))"
    ),
    "stalled": (
        r"ملتوی|تاخیر|رک\s+گیا|رک\s+گئی|رکے\s+ہوئے|رکا\s+ہوا|رکی\s+ہوئی|روک\s+(?:دیا|دی|دیے)"
        rf"|{_URDU_NEGATED}"
        # "فروری سے بند پڑا ہے": has lain shut (since February).
        r"|بند\s+پڑ[اییے]"
    ),
    "dropped": r"ختم\s+کر\s+دیا|ترک\s+کر\s+دیا|منسوخ",
    # "اب یہ اکتوبر میں پیش کیا جائے گا": "now ... by/in <date>" promised again ("اب تک" is "so far").
    "restated": (
        r"اب(?!\s+تک)\s+(?:\S+\s+){0,5}?(?:تک|میں)\s+(?:\S+\s+){0,4}?(?:گا|گی|گے)"
        r"|ہدف\s+(?:رکھا|مقرر\s+کیا)\s+گیا"
    ),
}
_DISREGARDED_CUE = CaselessPattern(f"(?:{'|'.join(_DISREGARDING)}){_DISREGARDED}")
# "Despite the Committee's recommendation, the Authority would complete ...": a modal or future
# after it is a promise, which sets nothing aside; only what was or is done does.
_PROMISED_AFTER = CaselessPattern(r"\b(?:will|would|shall|may|might|(?:is|are)\s+to)\b")
# CaselessPattern: ASCII sentences are searched lower-cased without IGNORECASE (the same
# matches, several times faster; these patterns run on every sentence of a briefing).
_CUE = CaselessPattern(
    "|".join(f"(?P<{status}>\\b(?:{pattern})\\b)" for status, pattern in _CUES.items())
    + "|"
    + "|".join(f"(?P<ur_{status}>{pattern})" for status, pattern in _URDU_CUES.items())
)
# The first word of every cue, as one trie: most sentences hold none and are passed over
# without trying the cues one by one.
_CUE_START = CaselessPattern(
    trie_pattern(
        m.group()
        for pattern in (*_CUES.values(), *_URDU_CUES.values())
        for alternative in re.split(r"\|(?![^(]*\))", pattern)
        if (m := re.match(r"[a-z-]+|[\u0600-\u06ff]+", alternative))
    )
)
# Urdu puts the verb last: a clause that ends in a perfect ("خرید لی گئی ہیں", "لگائے جا چکے
# ہیں") or a present progressive ("موصول ہو رہی ہے") reports work whatever the verb; the quantity
# and the deadline say how far it got. Only at the clause's end, so that "کو بتایا گیا ہے کہ ..."
# (the committee was told that ...) is no result.
_URDU_PERFECT_END = re.compile(
    r"[\u0600-\u06ff]+(?:\s+(?:کر|ہو|(?P<completive>دی|دیا|دیے|لی|لیا|لیے|ڈالا|ڈالی|ڈالے)|جا))?"
    r"\s+(?:گیا|گئی|گئے|گئیں|چکا|چکی|چکے|چکیں|رہا|رہی|رہے|ہوا|ہوئی|ہوئے|ہوئیں|سکا|سکی|سکیں)"
    r"(?:\s+(?:ہے|ہیں|تھا|تھی|تھے|تھیں))?\s*[۔.]?\s*$"
)
# The active voice with "لینا" or "دینا" at the clause's end ("CDWP نے منظور کر لیا", CDWP approved
# it; "جاری کر دی ہے"): the thing done by the body named before "نے". A verb's own stem ending in
# alif does as "کر" does ("بھجوا دیا ہے", has sent; "کرا لیے ہیں", have had them held); a noun
# before "دی" ("ہدایت دی", gave a direction) is no act done.
_URDU_ACTIVE_DONE = re.compile(
    r"(?:[\u0600-\u06ff]+\s+کر|[\u0600-\u06ff]+ا)\s+(?:لیا|لی|لیے|دیا|دی|دیے)(?:\s+(?:ہے|ہیں|تھا|تھی|تھے|تھیں))?"
    r"\s*[۔.]?\s*$"
)
# A request, a direction, a demand, a recommendation or a promise made ("کی ہدایت کر دی", "مزید
# وقت طلب کر لیا") is words, not work: no result, as with verbs of speaking in English.
_URDU_ASKED = re.compile(
    r"(?<!\w)(?:ہدایت|طلب|درخواست|مطالبہ|مطالبے|سفارش|سفارشات|وعدہ|وعدے|دہانی)"
    r"\s+کر\s+(?:لیا|لی|لیے|دیا|دی|دیے)(?!\w)"
)
# --- the verb group of a clause -----------------------------------------------------------
#
# A clause is read by its finite verb group: the head (a verb of result from the cues above, a
# participle, or an adjective of state) and the auxiliaries, adverbs, negation and modals right
# before it. The group says whether the clause reports a fact ("had been energised", "reached",
# "is now operational"), a fact that did not happen ("had still not been presented", "has yet
# to be notified", "is still awaited", "could not be signed"), or a promise ("would be
# completed", "is to be launched"), whatever the verb.
_AUXILIARIES = frozenset("has have had is are was were be been being am remains remain remained".split())
_ADVERBS = frozenset(
    "now still already so far also just finally fully partly partially successfully since recently eventually "
    "duly only again yet even formally longer".split()
)
_NEGATIONS = frozenset("not never no cannot".split())
_MODALS = frozenset("will would shall should can could may might must to".split())
_FINITE = frozenset("has have had is are was were am".split())
_CHAIN_WORDS = _AUXILIARIES | _ADVERBS | _NEGATIONS | _MODALS
# The perfect or the past passive: what these auxiliaries carry is done ("has been reconciled",
# "were notified"); "is" and "are" alone carry a present, which reports nothing.
_PERFECT_AUXILIARIES = frozenset("has have had was were been".split())
# Any participle ("re-tendered", "energised"), and those that end otherwise ("had been got
# back", "has been put in place"); "has set a target" and "have done" say nothing delivered.
_PARTICIPLE_HEAD = CaselessPattern(
    r"\b(?P<verb>[a-z][a-z-]*(?:ed|en|wn|ught|ilt|id|ent)"
    r"|got|put|cut|won|met|held|made|sold|kept|left|lost|found|begun|run|shut|spun|struck)\b"
)
# Participles that are irregular are read after "has", "have", "had" or "been" only: "was
# held" is the meeting itself, "was made" a remark.
_REGULAR = re.compile(r"[a-z-]+ed$")
# The verbs that say who spoke, not what was done ("has been informed", "had told").
_REPORTING = frozenset(
    "informed told said apprised briefed asked directed stated explained added noted been seen given taken "
    "requested urged assured expected advised confirmed".split()
)
# Adjectives of state after "is", "was", "remains": "is now operational", "was now available".
_STATE = CaselessPattern(
    r"\b(?:(?P<done>available|in\s+place|live|ready|functional|complete|online|in\s+(?:operation|force|effect))"
    r"|(?P<progress>working|running|functioning|underway|under\s+way)"
    # "is still awaited", "remained pending": what was due has not come.
    r"|(?P<stalled>awaited|pending|outstanding|overdue))\b"
)
_COPULAS = frozenset("is are was were been remains remain remained".split())
# A share of the work and no verb of result: "the laboratory was 80 percent complete", "Civil
# works: 40 % done". The share is how far it got.
_SHARE_DONE = CaselessPattern(
    r"(?:\b(?:is|are|was|were|stood|remains?|remained)\s+(?:now\s+|about\s+|around\s+|nearly\s+|almost\s+|over\s+)?"
    r"|:\s*)\d+(?:\.\d+)?\s*(?:%|percent\b|per\s+cent\b)\s*(?:complete|completed|done|finished|ready)\b"
    # "Physical progress on the bypass was 60 percent", "Progress: 60 %": the share is the result.
    r"|\bprogress\b[^.;:]{0,80}?(?:\b(?:is|was|stands|stood)\s+(?:now\s+|at\s+)?|:\s*)\d+(?:\.\d+)?\s*"
    r"(?:%|percent\b|per\s+cent\b)"
)
# "Some 1,870 employees left under the scheme": a counted subject and a verb in the simple
# past, at the head of the clause, report what happened to them.
_COUNTED_PAST = CaselessPattern(
    r"^\W*(?:(?:some|about|around|nearly|over|only|another|almost)\s+)?\d[\d,.]*\s+(?:[a-z-]+\s+){1,3}?"
    r"(?P<verb>[a-z]{3,}ed|left|joined|took|went|came|got|won|paid|sold|bought|built|gave|fell|rose|grew)\b"
    r"(?!\s+by\b)"
)
# "The Sindh government cleaned and repainted the auction hall in May": a body named as the
# subject and a verb in the simple past, at the head of the clause, report an act done.
_BODY_PAST = re.compile(
    r"^\W*(?:the\s+)?(?:[A-Z][\w&-]*\s+){0,4}?(?:[Gg]overnment|[Aa]uthority|[Mm]inistry|[Dd]ivision|[Bb]oard"
    r"|[Dd]epartment|[Cc]ompany|[Cc]orporation|[Cc]ouncil|[Cc]ommission|[Bb]ureau|[Aa]gency|[Dd]irectorate"
    r"|[A-Z]{2,6})\s+(?:also\s+|finally\s+|duly\s+)?(?P<verb>[a-z]{3,}ed)\b(?!\s+(?:to|that|on\s+the\s+committee)\b)"
)
# A body's simple past reports an act done only when the verb is one of doing. Verbs of
# speaking, of thinking or reviewing, of wanting or planning, of promising, of feeling and of
# trying are a closed class in the language, and none reports a result: "The Authority reviewed
# the study", "the Ministry promised the Committee a report", "the Board discussed the plan".
_NOT_ACTS = frozenset(
    # speaking and telling
    "said stated informed reported explained mentioned remarked announced declared claimed argued replied "
    "responded answered clarified described outlined conveyed communicated highlighted stressed emphasised "
    "emphasized underlined underscored pointed indicated acknowledged admitted conceded confirmed denied "
    "expressed voiced complained objected opposed defended questioned asked requested urged demanded "
    "suggested proposed recommended advised warned insisted discussed debated deliberated "
    # thinking, reviewing and deciding
    "considered reviewed examined studied analysed analyzed assessed evaluated perused noted observed "
    "realised realized recognised recognized believed assumed doubted wondered explored contemplated "
    "envisaged envisioned decided "
    # wanting, planning and expecting
    "wanted desired wished hoped intended aimed planned needed preferred expected anticipated sought "
    # promising and agreeing
    "promised pledged vowed assured reassured agreed committed "
    # feeling and judging
    "welcomed appreciated regretted lamented deplored feared worried praised criticised criticized "
    # trying, which says nothing of the outcome
    "tried attempted worked struggled endeavoured endeavored failed".split()
)
# What a body's simple past may be and report nothing done: who spoke, and the class above.
_NOT_DONE_BY_A_BODY = _REPORTING | _NOT_ACTS
# A cue after one of these words, within three words, is a plan, a hedge or a condition, not a
# result ("plans to launch", "once the park is completed"); the words of its verb group count
# among the three, and a modal inside the group is read by :func:`verb_group`.
_HEDGES = (
    # "plans to", never "the plan": a noun names no intention.
    r"\b(?:will|would|shall|to|be|could|can|may|might|must|should|(?:aims?|plans?|intends?)(?=\s+to\b)|expected|likely|"
    r"if|unless|once|before|until|when)\b"
)
# "after" with a present perfect looks ahead: "... will be shared after the Board has considered it".
_AFTER_BEFORE = re.compile(r"\b(?:after|once)\b(?:\s+\S+){0,4}\s*$", re.IGNORECASE)
# A result after one of these, however far into its clause, is a condition of something else:
# "interest could pick up once the programme was in place" reports nothing done.
_CONDITION_BEFORE = re.compile(r"\b(?:once(?!\W+(?:again|more)\b)|if|unless|until)\b", re.IGNORECASE)
_HEDGED_BEFORE = [re.compile(_HEDGES + rf"(?:\s+\S+){{0,{n}}}\s*$", re.IGNORECASE) for n in range(4)]
_NOT_YET_DONE = _HEDGED_BEFORE[3]
# Urdu puts its tense after the verb: "ختم کر دیا جائے گا" (will be ended), "مکمل ہو سکے گا"
# (can be completed) are promises.
_URDU_FUTURE = re.compile(r"\s+(?:\S+\s+){0,2}?(?:جائے|جائیں|گا|گی|گے)(?!\w)")
_DETERMINER_BEFORE = re.compile(r"\b(?:the|a|an|its|their|this|these|those)\s+$", re.IGNORECASE)
_CHAIN_TOKEN = re.compile(r"(\S+)\s*$")
_URDU_REPORTING = re.compile(r"(?:بتایا|کہا|آگاہ\s+کیا|ہدایت\s+کی|پوچھا)\s+گیا")


@dataclass(frozen=True)
class VerbGroup:
    """The verb group before a clause's head word, as :func:`verb_group` reads it.

    ``start`` is where the group begins in the clause (its first auxiliary, else the head);
    ``words`` the auxiliaries, adverbs, negation and modals before the head, lower-cased;
    ``negated`` when it says the thing did not happen ("not", "never", "has yet to", "could
    not"); ``modal`` the modal that makes it a promise ("would", "to", a subjunctive "be"), or "" when there is none
    or when the modal says what could not be done."""

    start: int
    words: tuple[str, ...]
    negated: bool
    modal: str

    @property
    def perfect(self) -> bool:
        """A perfect or a past ("has been", "had", "was", "were")."""
        return any(w in _PERFECT_AUXILIARIES for w in self.words)

    @property
    def copula(self) -> bool:
        return any(w in _COPULAS for w in self.words)


def verb_group(clause: str, head: int) -> VerbGroup:
    """The verb group of ``clause`` whose head word starts at ``head``: the words before it that
    are auxiliaries, adverbs, negation or modals, read for tense, negation and modality."""
    words: list[str] = []
    start = head
    while True:
        m = _CHAIN_TOKEN.search(clause, 0, start)
        if m is None or m.group(1).lower() not in _CHAIN_WORDS:
            break
        words.insert(0, m.group(1).lower())
        start = m.start(1)
    negated = False
    modal = ""
    for k, word in enumerate(words):
        following = words[k + 1] if k + 1 < len(words) else ""
        if word in ("not", "never", "cannot") and following != "only":
            negated = True
        elif word == "no" and following == "longer":
            negated = True
        elif word == "yet" and following == "to":
            negated = True  # "has yet to be notified"
        elif word in _MODALS and not modal and not (word == "to" and k and words[k - 1] == "yet"):
            modal = word
    if not modal and "be" in words and not _FINITE & set(words):
        modal = "be"  # "recommended that the projects be finished": a subjunctive asks, reports nothing
    if negated and modal in ("could", "can"):
        modal = ""  # "could not be signed": what could not be done, a fact
    if negated and modal == "to" and "yet" in words:
        modal = ""
    return VerbGroup(start, tuple(words), negated, modal)


# Clauses: a report and a promise often share a sentence ("29 now offer ..., and the remaining
# five have been given until 30 June"); each is kept on its own.
_CLAUSE_BREAK = re.compile(
    r";\s+|,\s+(?:and|while|but|whereas|where)\s+|\s+while\s+|\s+and\s+(?=the\s+(?:remaining|rest)\b)"
    # Urdu: "جبکہ" (while), a comma, or "اور" (and) right after a finite verb ends a clause.
    r"|\s+جبکہ\s+|،\s*|(?:(?<=گئی|گیا|گئے|ہیں|تھا|تھی|تھے|ہوا|سکا|سکی)|(?<=ہے)|(?<=تھیں|ہوئی|ہوئے|سکیں)|(?<=ہوئیں))\s+اور\s+"
)
# "1,240 km of the 1,500 km", "64 of 79 mills", "71 of the 120 Sindh schools".
_NUMBER = r"\d+(?:,\d{2,3})*(?:\.\d+)?"
# Small counts are often in words: "seven of the twelve new wheat varieties".
_NUMBER_WORDS = {
    w: k + 1 for k, w in enumerate("one two three four five six seven eight nine ten eleven twelve".split())
}
_COUNT = rf"(?:{_NUMBER}|\b(?:{'|'.join(_NUMBER_WORDS)})\b)"
_PART_OF = re.compile(
    rf"(?P<part>{_COUNT})(?:\s+(?P<unit1>[A-Za-z][\w-]*))?\s+(?:out\s+)?of\s+(?:the\s+|its\s+|all\s+)?(?P<whole>{_COUNT})"
    r"(?:\s+(?P<unit2>[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){0,2}))?",
    re.IGNORECASE,
)
# "about 610,000 of the targeted new investor accounts": a part of a target named, not counted;
# what it counts is the last plural ("savings accounts" counts accounts).
_PART_OF_TARGET = re.compile(
    rf"(?P<part>{_NUMBER})\s+of\s+(?:the|its)\s+(?:targeted|planned|promised|intended)\s+"
    r"(?:[a-z][\w-]*\s+){0,3}?(?P<unit>[a-z][\w-]*s)\b(?!\s+(?!(?:was|has|is)\b)[a-z][\w-]*s\b)",
    re.IGNORECASE,
)
# "Of the 34 banks and MFBs, 29 now offer ...".
_OF_THE_WHOLE = re.compile(
    rf"\bof\s+the\s+(?P<whole>{_NUMBER})\s+(?P<unit>[A-Za-z][\w-]*)[^,]*,\s+(?P<part>{_NUMBER})\b", re.IGNORECASE
)
# Urdu "۴۰ میں سے ۲۶ تحصیلوں" (of the 40, 26 tehsils): the whole first, then the part and what it counts.
# Also "نو بستیوں میں سے چار" (of the nine settlements, four), the small numbers often in words.
_URDU_NUMBER_WORDS = {w: k + 1 for k, w in enumerate("ایک دو تین چار پانچ چھ سات آٹھ نو دس گیارہ بارہ".split())}
# "۳ لاکھ" (3 hundred thousand), "۲ لاکھ ۶۰ ہزار" (260,000): a count with its Urdu scale words.
# Urdu scale words and what each multiplies by; the parser reads amounts with them too
# ("3 ارب 40 کروڑ روپے"), a count here ("۲ لاکھ ۶۰ ہزار").
URDU_SCALES = {"ارب": 1e9, "کروڑ": 1e7, "لاکھ": 1e5, "ملین": 1e6, "بلین": 1e9, "ہزار": 1e3}
_URDU_SCALED = re.compile(rf"({_NUMBER})\s+(لاکھ|کروڑ|ہزار)(?:\s+({_NUMBER})\s+ہزار)?")
_URDU_COUNT = rf"(?:{_URDU_SCALED.pattern}|{_NUMBER}|" + "|".join(_URDU_NUMBER_WORDS) + r")(?!\w)"
_URDU_OF_THE_WHOLE = re.compile(
    rf"(?<!\w)(?P<whole>{_URDU_COUNT})\s+میں\s+سے\s+(?P<part>{_URDU_COUNT})\s+(?P<unit>[\u0600-\u06ff]+)"
    rf"|(?<!\w)(?P<whole2>{_URDU_COUNT})\s+(?P<unit2>[\u0600-\u06ff]+)\s+میں\s+سے\s+(?P<part2>{_URDU_COUNT})"
)
_URDU_OUT_OF = re.compile(r"\s*میں\s+سے\s*")
_SHORT = re.compile(r"\b(?:short\s+of|below|less\s+than|fell\s+short|only|except)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Quantity:
    """An amount stated in a sentence: value, unit ("USD", "km", "%"), offsets in the sentence."""

    value: float
    unit: str
    start: int = 0
    end: int = 0


@dataclass(frozen=True)
class Result:
    """One clause reporting what happened, with where it is in the briefing's text.

    ``status`` is what the cue says (one of :data:`CUE_STATUSES`); ``cue`` the cue's words;
    ``actual`` the quantity the clause reports, if any, and ``of_total`` the whole it is a part
    of ("1,240 km of the 1,500 km"); ``short`` when it says the result fell short ("short of the $3.5 billion target").
    ``owner`` is the first known body the clause names, else its sentence, else the presenter;
    ``sentence_start``/``sentence_end`` the whole sentence it is in. ``mention``: the sentence
    was read as a mention (:func:`read_mentions`), not by a cue: its status is :data:`MENTIONED`,
    or "stalled" where it is negated, and ``cue`` its words of negation ("" where none).
    """

    start: int
    end: int
    text: str
    cue: str
    status: str
    actual: Quantity | None
    of_total: Quantity | None
    short: bool
    owner: str
    sentence_start: int
    sentence_end: int
    mention: bool = False
    # The words of its sentence after it, up to the next result clause: "could not be signed in
    # December ..., and that the agreement would now be signed by June" keeps the new date there.
    after: str = ""


class _Sentence(Protocol):
    """What the parser decided about a sentence (``Decision``'s start, end, text, verdict)."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def text(self) -> str: ...
    @property
    def verdict(self) -> str: ...
    @property
    def items(self) -> int: ...


# Sentences that can hold no result: furniture, questions, who attended.
_NEVER = frozenset({"byline", "dateline", "headline", "footer", "question", "attendance"})
# A member's remark ("Senator X remarked that every missed date ...") reports nothing.
# "Members noted that no plan ... had been presented" is what members found, not their view, and
# so is what a member complains or regrets of ("complained that the list had reached the
# committee only last week"): such a verb takes what follows as a fact. "Members were told
# that ..." ("Members of the Committee were informed that ...") is what the body told them:
# members who are told say nothing, and the first speaker named is the one that counts ("told
# by the Chairman that" is still the body's report). Words that end ", members demanded" are
# the members' too, wherever the sentence begins.
_SPEAKER = r"\b(?:senators?|sen\.|members?|MNAs?|chairman|chairperson)\b"
_MEMBER_SPEAKS = re.compile(
    rf"^(?:(?!{_SPEAKER})[^,]){{0,40}}?{_SPEAKER}"
    r"(?!\s+(?:noted|complained|regretted|lamented|expressed\s+(?:\w+\s+){0,2}?(?:displeasure|dismay))\s+that\b)"
    r"(?!(?:\s+of\s+the(?:\s+\w+){0,3}?\s+committee)?\s+(?:were|was|had\s+been)\s+(?:told|informed|apprised|briefed|assured)\b)"
    r"|,\s+(?:the\s+)?(?:committee\s+(?:members|chairman|chairperson)|members|senators|MNAs)\s+(?:\w+\s+)?"
    r"(?:demanded|said|urged|asked|insisted|stressed|observed|remarked|suggested|maintained|argued)\s*[.!]?\s*$",
    re.IGNORECASE,
)


# The sitting itself ("اجلاس ... کی صدارت میں منعقد ہوا", the meeting was held under the
# chairmanship of ...): how it met, not what a body did.
_SITTING_ITSELF = re.compile(
    r"(?:اجلاس|صدارت)\s+(?:\S+\s+){0,8}?منعقد|\bunder\s+the\s+chair(?:man|person)?ship\b", re.IGNORECASE
)


def read_results(
    text: str,
    decisions: Iterable[_Sentence],
    quantities: Callable[[str], Sequence[Quantity]],
    aliases: AliasIndex,
    presenter: str,
) -> tuple[Result, ...]:
    """Every clause of the parsed sentences that reports a result.

    ``decisions`` are the parser's per-sentence decisions (their ``text`` is the sentence as
    matched, same offsets as ``text``); ``quantities`` finds the amounts in a clause (the
    parser's own, so a result reads amounts exactly as an item does). The owner is the first
    known body named in the clause, else in its sentence, else the ``presenter``.
    """
    found: list[Result] = []
    for decision in decisions:
        if decision.verdict in _NEVER:
            continue
        columns = _result_columns(text, decision.start) if "|" in decision.text else {}
        if columns:
            found += _table_results(text, decision, columns, quantities, aliases, presenter)
            continue
        urdu = any("\u0600" <= c <= "\u06ff" for c in decision.text)
        cued = _CUE_START.search(decision.text) and _CUE.search(decision.text)
        if not (
            cued
            or urdu
            or _PARTICIPLE_HEAD.search(decision.text)
            or _STATE.search(decision.text)
            or _SHARE_DONE.search(decision.text)
        ):
            continue
        if decision.verdict == "opinion" and _MEMBER_SPEAKS.search(decision.text):
            continue
        if _SITTING_ITSELF.search(decision.text):
            continue
        words = decision.text
        first = len(found)
        for start, end in _clauses(words):
            clause = words[start:end]
            cue = _read_clause(clause)
            if cue is None:
                continue
            status, cue_start, cue_end = cue
            actual, total = _actual(clause, quantities(clause))
            if status in ("stalled", "dropped") and total is None:
                # "had not raised any of the Rs 140 billion": the amount is what was not done.
                actual = None
            found.append(
                Result(
                    start=decision.start + start,
                    end=decision.start + end,
                    text=text[decision.start + start : decision.start + end],
                    cue=clause[cue_start:cue_end],
                    status=status,
                    actual=actual,
                    of_total=total,
                    short=_SHORT.search(clause) is not None,
                    owner=_owner(aliases, clause, words, cue_start, start) or presenter,
                    sentence_start=decision.start,
                    sentence_end=decision.end,
                )
            )
        ends = [r.start for r in found[first + 1 :]] + [decision.end]
        for k, upto in enumerate(ends[: len(found) - first], start=first):
            found[k] = replace(found[k], after=text[found[k].end : upto])
    return tuple(found)


# A mention negated or not yet done, by the grammar of negation alone: a finite verb with
# "not" or "never" ("has not", "had still not", "could not"), "not yet", "yet to", "no
# progress", a subject opening with "no"; Urdu "نہیں" (not), "ابھی تک"/"تاحال" (still, as yet).
# "would not" is a promise, not a report, and "not only" negates nothing.
_NOT_YET = re.compile(
    r"\b(?:has|have|had|is|are|was|were|could|can|did|does|do)\s+(?:(?:still|yet|so\s+far|as\s+yet)\s+)?"
    r"(?:not\b(?!\s+only\b)|never\b)(?:\s+yet\b)?"
    r"|\b(?:has|have|had|is|are|was|were|could|did|does|do)n['\u2019]t\b|\bcannot\b"
    r"|\bnot\s+yet\b|\byet\s+to\b|\bno\s+progress\b"
    r"|(?<!\S)(?:نہیں|ابھی\s+تک|تاحال)(?!\S)",
    re.IGNORECASE,
)


# A digit, Western or Urdu ("۴۵"): \d is any decimal digit in Python.
FIGURE = re.compile(r"\d")
# What frames a sitting rather than reports on anything: the meeting held under its chair ("کا
# اجلاس ... کی صدارت میں ہوا"), the committee briefed by someone on its agenda; and a member's own
# words, in English (:data:`_MEMBER_SPEAKS`) or Urdu ("رکن کمیٹی ... نے کہا", "سینیٹر ... نے کہا"),
# whatever the parser's verdict: a mention is what the body reports, not what a member thinks.
_FRAMES_THE_SITTING = re.compile(
    r"اجلاس\s+(?:\S+\s+){0,12}?(?:کی\s+)?(?:زیر\s+)?صدارت|\bwas\s+briefed\s+by\b"
    r"|^\W*(?:رکن\s+کمیٹی|ارکان|اراکین|سینیٹر)\s",
    re.IGNORECASE,
)


def read_mentions(
    text: str,
    decisions: Iterable[_Sentence],
    results: Iterable[Result],
    quantities: Callable[[str], Sequence[Quantity]],
    aliases: AliasIndex,
    presenter: str,
) -> tuple[Result, ...]:
    """Every sentence that speaks of something and is neither an item nor a result: a mention.

    Real briefings report in words no list of cues foresees ("work on the second phase is going
    on", "the matter is with the Law Division"); such a sentence is kept whole, so that the
    linker can propose it where it names a stored commitment strongly enough. Left out, as
    :func:`read_results` leaves them: furniture, questions, attendance, a member's own remark
    (whatever its verdict), the sitting itself and what frames it; and every sentence that gave
    an item (``decision.items``) or holds one of ``results``. A headline-like line after the
    body has begun is read only where it states a share of a whole ("سرمائی پیکٹ: ۳ لاکھ میں سے
    ۲ لاکھ ۶۰ ہزار"); one that only names something is left out. A mention's status is
    :data:`MENTIONED`, or "stalled" where its grammar negates it ("has not yet been approved",
    "ابھی تک ... نہیں"); its actual is the amount it states, which the linker keeps only as a
    share of the target.
    """
    reported = {r.sentence_start for r in results}
    found: list[Result] = []
    in_body = False  # a body sentence came before: a headline-like line now is a line of the body
    for decision in decisions:
        headed = in_body and decision.verdict == "headline"
        in_body = in_body or decision.verdict not in _NEVER
        if (decision.verdict in _NEVER and not headed) or decision.items or decision.start in reported:
            continue
        words = decision.text
        if _MEMBER_SPEAKS.search(words) or _SITTING_ITSELF.search(words) or _FRAMES_THE_SITTING.search(words):
            continue
        negated = _NOT_YET.search(words) or _NO_SUBJECT.search(words)
        # Most sentences hold no figure: their amounts are not looked for.
        amounts = quantities(words) if FIGURE.search(words) else ()
        actual, total = _actual(words, amounts)
        if headed and total is None:
            continue  # "سرمائی پیکٹ: ۳ لاکھ میں سے ۲ لاکھ ..." reports; a heading with no share only names
        found.append(
            Result(
                start=decision.start,
                end=decision.end,
                text=text[decision.start : decision.end],
                cue=negated.group().strip() if negated else "",
                status="stalled" if negated else MENTIONED,
                actual=None if negated and total is None else actual,
                of_total=total,
                short=_SHORT.search(words) is not None,
                owner=_owner(aliases, words, words) or presenter,
                sentence_start=decision.start,
                sentence_end=decision.end,
                mention=True,
            )
        )
    return tuple(found)


# A status table's columns that report what was done: "Achieved", "Actual", "Progress",
# "Status", "Position" (Urdu "پیش رفت", "صورتحال", "حاصل"). A written briefing puts its results
# in such cells, in few words and with no verb of report ("11,240 outlets integrated by 30 June").
# A "Remarks" column is read only where its cell opens with a status word ("Shelved: the donor
# withdrew its grant"); elsewhere it holds comments ("On schedule").
_RESULT_HEADER = re.compile(
    r"^\s*(?:(?P<achieved>achieved|actual|done\s+so\s+far|حاصل|حصول)|(?P<status>status|progress|position|پیش\s*رفت|صورتحال|صورت\s+حال)"
    r"|(?P<remarks>remarks|comments))",
    re.IGNORECASE,
)
# A status word opening a cell, set off by a colon or a dash, or alone: "Shelved: ...", "Completed".
_OPENING_WORD = re.compile(r"^\s*([A-Za-z]+)\s*(?:[:–—]|-\s|$)")
_TABLE_LINE = re.compile(r"[ \t]*\|")
# A participle in a status cell: the thing is done ("notified on 1 August", "first draw held").
_PARTICIPLE = re.compile(r"\b(?:[a-z]{3,}ed|held|made|built|paid|sent|won|begun|done)\b", re.IGNORECASE)
_EMPTY_CELL = re.compile(r"^\s*(?:-+|–|—|nil|none|n/?a)?\s*$", re.IGNORECASE)
# A table's "Target" column: an "Achieved" cell's bare figure counts in the unit of its row's target.
_TARGET_HEADER = re.compile(r"^\s*(?:target|ہدف)\b", re.IGNORECASE)
# A bare figure alone in an "Achieved" cell ("38,600", "74 notified", "۷۴"): a count with no unit.
_BARE_CELL = re.compile(
    r"^\s*(?P<figure>[0-9۰-۹]{1,3}(?:[,٬][0-9۰-۹]{3})+(?:[.٫][0-9۰-۹]+)?|[0-9۰-۹]+(?:[.٫][0-9۰-۹]+)?)"
    r"(?:\s+(?P<word>[A-Za-z]+))?\s*$"
)


def _cells(row: str) -> list[tuple[int, int]]:
    """The cells of a table row, as offsets in it (outer bars, where written, left out)."""
    spans, start = [], 0
    for k, char in enumerate(row + "|"):
        if char == "|":
            spans.append((start, k))
            start = k + 1
    if spans and not row[: spans[0][1]].strip() and row.lstrip().startswith("|"):
        spans = spans[1:]
    if spans and not row[spans[-1][0] : spans[-1][1]].strip():
        spans = spans[:-1]
    return spans


def _result_columns(text: str, row_start: int) -> dict[int, str]:
    """The columns of the table a row is in that report results, by position ("achieved" or
    "status"), and beside them its "target" columns; none when the row is not in a table or its
    header names no column of results."""
    line_start = text.rfind("\n", 0, row_start) + 1
    if not _TABLE_LINE.match(text, line_start):
        return {}
    header_start = line_start
    while header_start > 0:
        above = text.rfind("\n", 0, header_start - 1) + 1
        if not _TABLE_LINE.match(text, above):
            break
        header_start = above
    if header_start == line_start:
        return {}  # the header row itself
    header = text[header_start : text.find("\n", header_start)]
    out = {}
    for k, (start, end) in enumerate(_cells(header)):
        m = _RESULT_HEADER.match(header[start:end])
        if m is not None:
            out[k] = m.lastgroup or "status"
    if out:
        out |= {k: "target" for k, (start, end) in enumerate(_cells(header)) if _TARGET_HEADER.match(header[start:end])}
    return out


def _table_results(
    text: str,
    decision: _Sentence,
    columns: dict[int, str],
    quantities: Callable[[str], Sequence[Quantity]],
    aliases: AliasIndex,
    presenter: str,
) -> list[Result]:
    """A status table's row as results: what its "Achieved" cell counts (the actual) and what its
    "Status" cell says (its own cue, else a participle for done, else work in hand). A status
    cell that moves a date ("Completion revised to September 2022") is a restatement apart from
    the actual, each ending at its own cell so that the two can be told apart."""
    row = decision.text
    cells = _cells(row)
    actual: tuple[int, Quantity] | None = None
    total: Quantity | None = None
    said: tuple[int, str, int, int] | None = None  # cell end, status, cue start, cue end
    targets = [quantities(row[start:end]) for k, (start, end) in enumerate(cells) if columns.get(k) == "target"]
    for k, (start, end) in enumerate(cells):
        kind = columns.get(k)
        cell = row[start:end]
        if kind is None or kind == "target" or _EMPTY_CELL.match(cell):
            continue
        if kind == "remarks":
            opening = _OPENING_WORD.match(cell)
            word = _read_clause(opening.group(1)) if opening else None
            if opening is None or word is None:
                continue
            said = (end, word[0], start + opening.start(1), start + opening.end(1))
            continue
        amounts = list(quantities(cell))
        bare = _BARE_CELL.match(cell) if kind == "achieved" and not amounts else None
        if bare is not None and (bare.group("word") is None or _PARTICIPLE.fullmatch(bare.group("word"))):
            # "38,600" against "50,000 trainees": the target's unit; with no unit there, none
            # (the unit of the commitment it is linked to).
            unit = next((found[0].unit for found in targets if found), "")
            value = float(bare.group("figure").replace(",", "").replace("٬", "").replace("٫", "."))
            amounts = [Quantity(value, unit, bare.start("figure"), bare.end("figure"))]
        if kind == "status":
            # A status cell's count, not its share ("11,240 outlets integrated").
            amounts = [a for a in amounts if a.unit != "%"] or amounts
        part, whole = _actual(cell, amounts) if _PART_OF.search(cell) else (None, None)
        if part is not None and whole is not None and actual is None:
            # "11,860 of 15,000 admitted": a part of the whole the cell names.
            actual = (end, Quantity(part.value, part.unit, start + part.start, start + part.end))
            total = whole
        elif amounts and actual is None:
            first = amounts[0]
            actual = (end, Quantity(first.value, first.unit, start + first.start, start + first.end))
        if kind == "achieved":
            continue
        cue = _read_clause(cell)
        participle = _PARTICIPLE.search(cell)
        if cue is not None:
            said = (end, cue[0], start + cue[1], start + cue[2])
        elif participle is not None and not _NOT_YET_DONE.search(cell[: participle.start()]):
            said = (end, "done", start + participle.start(), start + participle.end())
        else:
            said = (end, "progress", start + len(cell) - len(cell.lstrip()), start + len(cell.rstrip()))
    owner = _owner(aliases, row, row) or presenter

    def result(end: int, status: str, cue: tuple[int, int], amount: Quantity | None) -> Result:
        return Result(
            start=decision.start,
            end=decision.start + end,
            text=text[decision.start : decision.start + end],
            cue=row[cue[0] : cue[1]],
            status=status,
            actual=amount,
            of_total=total if amount is not None else None,
            short=False,
            owner=owner,
            sentence_start=decision.start,
            sentence_end=decision.end,
        )

    out = []
    if said is not None and said[1] == "restated":
        if actual is not None:
            out.append(result(actual[0], "progress", (actual[1].start, actual[1].end), actual[1]))
        out.append(result(said[0], "restated", (said[2], said[3]), None))
    elif said is not None:
        out.append(result(said[0], said[1], (said[2], said[3]), actual[1] if actual else None))
    elif actual is not None:
        out.append(result(actual[0], "progress", (actual[1].start, actual[1].end), actual[1]))
    return out


def _owner(aliases: AliasIndex, clause: str, sentence: str, verb: int | None = None, at: int = 0) -> str | None:
    """The body a result is about: the first body the clause names, else its sentence. With
    ``verb`` (where the verb group starts in the clause, the clause starting at ``at`` in the
    sentence), only a body before the verb (its subject, or who spoke) or its agent ("by the
    Authority") counts: "had been received and was now with the Planning Commission" says where
    the thing is, not whose it is."""
    for words, verb_at in ((clause, verb), (sentence, None if verb is None else at + verb)):
        for named in aliases.find(words):
            if verb_at is None or named.start < verb_at or _AGENT.search(words, 0, named.start):
                return named.canonical
    return None


# A participle right after a comma with no auxiliary, the comma closing after it, describes the
# noun before it ("The two plants, built in 2017 and 2018, together generate ...").
_APPOSITION_BEFORE = re.compile(r",\s*$")
# A subject that opens with "no" negates its verb: "no plan ... had been presented".
_NO_SUBJECT = re.compile(r"(?:^|\bthat\s+)\W*no\s+(?!longer\b|doubt\b)[a-z]", re.IGNORECASE)
# Acts done once: hiring or appointing someone, signing or notifying something. In the perfect and
# with no count in the clause the thing is done; "40 teachers had been hired" is a part of a count.
_ONE_OFF = re.compile(r"(?:hired|appointed|signed|notified|awarded|engaged)\b", re.IGNORECASE)
_COUNTED = re.compile(r"\b(?!(?:19|20)\d\d\b)\d")
# A count right after a verb of speaking makes it a verb of work: "has added 14 products".
_COUNT_AFTER = re.compile(r"\s+(?:about\s+|some\s+|another\s+)?\d")

# "... was approved by the Planning Commission": the agent of a passive.
_AGENT = re.compile(r"\bby\s+(?:the\s+)?$", re.IGNORECASE)


def _clauses(sentence: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for m in _CLAUSE_BREAK.finditer(sentence):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(sentence)))
    return [(s, e) for s, e in spans if e - s > 3]


def _read_clause(clause: str) -> tuple[str, int, int] | None:
    """What ``clause`` reports, by its verb group: a status (:data:`CUE_STATUSES`) and where its
    words are, or None when it reports nothing (a promise, a plan, who spoke)."""

    def read(
        status: str, head: int, end: int, needs: str = "", group: VerbGroup | None = None
    ) -> tuple[str, int, int] | None:
        group = group or verb_group(clause, head)
        if not group.words and _APPOSITION_BEFORE.search(clause, 0, head) and "," in clause[end:]:
            return None  # "The two plants, built in 2017, together generate ...": describes a noun
        if group.modal:
            return None  # "would be completed", "is to be launched": a promise
        if needs == "perfect" and not group.perfect and not group.negated:
            return None  # "are processed": a present reports nothing done
        if needs == "copula" and not group.copula:
            return None
        if _HEDGED_BEFORE[max(0, 3 - len(group.words))].search(clause[: group.start]):
            return None
        if _CONDITION_BEFORE.search(clause[: group.start]):
            return None
        if {"has", "have"} & set(group.words) and _AFTER_BEFORE.search(clause[: group.start]):
            return None  # "will be shared after the Board has considered it": not yet done
        if group.negated or _NO_SUBJECT.search(clause, 0, group.start):
            return "stalled", group.start, end
        if status == "progress" and group.perfect and _ONE_OFF.match(clause, head) and not _COUNTED.search(clause):
            status = "done"  # "the adviser had been hired": an act done once is done, not under way
        # A cue word alone ("reached", "shelved") is its own words; a participle or a state
        # shows its group ("had been energised", "is now operational").
        return status, group.start if needs else head, end

    for m in _CUE.finditer(clause):
        said = m.lastgroup or "done"
        if said == "dropped" and _DISREGARDED_CUE.match(clause, m.start()):
            if _PROMISED_AFTER.search(clause):
                continue
            return said, m.start(), m.end()
        if said.startswith("ur_"):
            if not _NOT_YET_DONE.search(clause[: m.start()]) and not _URDU_FUTURE.match(clause, m.end()):
                return said.removeprefix("ur_"), m.start(), m.end()
            continue
        if _DETERMINER_BEFORE.search(clause, 0, m.start()):
            continue  # "the revised rules", "the completed park": an adjective, no verb
        found = read(said, m.start(), m.end())
        if found is not None:
            return found
    for m in _PARTICIPLE_HEAD.finditer(clause):
        verb = m.group("verb").lower()
        if verb in _REPORTING and not _COUNT_AFTER.match(clause, m.end()):
            continue  # "he added", but "PSQCA has added 14 products" reports work
        group = verb_group(clause, m.start())
        if not _REGULAR.match(verb) and not {"has", "have", "had", "been"} & set(group.words):
            continue
        # "the rules were notified", "the company was incorporated": a simple past passive tells
        # an act done; a perfect ("have been reconciled") tells work that may go on.
        said = "done" if group.words and group.words[-1] in ("was", "were") else "progress"
        found = read(said, m.start(), m.end(), needs="perfect", group=group)
        if found is not None:
            return found
    share = _SHARE_DONE.search(clause)
    if share is not None and not _HEDGED_BEFORE[3].search(clause, 0, share.start()):
        return "progress", share.start(), share.end()
    for m in _STATE.finditer(clause):
        found = read(m.lastgroup or "done", m.start(), m.end(), needs="copula")
        if found is not None:
            return found
    counted = _COUNTED_PAST.search(clause)
    if counted is not None and counted.group("verb").lower() not in _REPORTING:
        return "progress", counted.start("verb"), counted.end("verb")
    acted = _BODY_PAST.search(clause)
    if acted is not None and acted.group("verb").lower() not in _NOT_DONE_BY_A_BODY:
        return "done", acted.start("verb"), acted.end("verb")
    end = _URDU_PERFECT_END.search(clause)
    if end is not None and not _URDU_REPORTING.search(end.group()) and not _URDU_ASKED.search(clause):
        # A verb with "دینا", "لینا" or "ڈالنا" after it ("نمٹا دی گئی", "خرید لی گئی") is
        # complete in its aspect: the thing was done, not only worked on.
        status = "done" if end.group("completive") else "progress"
        return status, end.start(), end.end() - len(end.group()) + len(end.group().rstrip(" ۔."))
    done = _URDU_ACTIVE_DONE.search(clause)
    if done is not None and not _URDU_REPORTING.search(done.group()) and not _URDU_ASKED.search(clause):
        return "done", done.start(), done.end() - len(done.group()) + len(done.group().rstrip(" ۔."))
    now = _URDU_NOW_COUNTED.search(clause)
    if now is not None and FIGURE.search(clause) and not _URDU_REPORTING.search(clause):
        return "progress", now.start("now"), now.end() - len(now.group()) + len(now.group().rstrip(" ۔."))
    return None


# "اب اوسطاً ۵۱ دن لگتے ہیں" (now takes 51 days on average), "۱۲ میں سے ۵ ... اب آن لائن دیکھا جا
# سکتا ہے" (5 of the 12 can now be seen online): "now" and a figure, in a present at the clause's
# end, is how far it has got ("اب تک" is "so far", and a future is a promise).
_URDU_NOW_COUNTED = re.compile(r"(?:^|\s)(?P<now>اب)(?!\s+تک)\s.*\s(?:ہے|ہیں)\s*[۔.]?\s*$")


def _actual(clause: str, amounts: Sequence[Quantity]) -> tuple[Quantity | None, Quantity | None]:
    for of, amount in zip(amounts, amounts[1:], strict=False):
        # "2 ارب روپے میں سے 1.2 ارب روپے" (Rs 1.2 billion of the Rs 2 billion): an amount of a whole.
        if of.unit == amount.unit and _URDU_OUT_OF.fullmatch(clause, of.end, amount.start):
            return amount, Quantity(of.value, of.unit)
    urdu = _URDU_OF_THE_WHOLE.search(clause)
    if urdu is not None:
        key = "" if urdu.group("whole") else "2"
        unit, part = urdu.group("unit" + key), urdu.group("part" + key)
        value, whole = _count(part), _count(urdu.group("whole" + key))
        return Quantity(value, unit, urdu.start("part" + key), urdu.end("part" + key)), Quantity(whole, unit)
    whole_first = _OF_THE_WHOLE.search(clause)
    if whole_first is not None:
        unit = whole_first.group("unit").lower()
        value = float(whole_first.group("part").replace(",", ""))
        whole = float(whole_first.group("whole").replace(",", ""))
        return Quantity(value, unit, whole_first.start("part"), whole_first.end("part")), Quantity(whole, unit)
    part = _PART_OF.search(clause)
    if part is not None:
        unit = (part.group("unit2") or part.group("unit1") or "").split()
        # "the 120 Sindh schools": the unit is the last word, the counted thing.
        name = next((w.lower() for w in reversed(unit) if w.lower().endswith("s")), unit[-1].lower() if unit else "")
        named = [a for a in amounts if a.start >= part.start("whole")]
        if named:
            name = named[0].unit
        whole, value = _number(part.group("whole")), _number(part.group("part"))
        return Quantity(value, name, part.start(), part.end()), Quantity(whole, name)
    of_target = _PART_OF_TARGET.search(clause)
    if of_target is not None:
        value = float(of_target.group("part").replace(",", ""))
        return Quantity(value, of_target.group("unit").lower(), of_target.start("part"), of_target.end("part")), None
    # "reached $3.2 billion, short of the $3.5 billion target": the first amount is the result.
    counted = [a for a in amounts if a.unit != "%"]
    if counted:
        return counted[0], None
    # "80 percent of the schools have been connected": the share itself is the result.
    shares = [a for a in amounts if a.unit == "%"]
    return (shares[0] if shares else None), None


def _number(words: str) -> float:
    """A count written in digits ("1,240") or in English words ("seven")."""
    return float(_NUMBER_WORDS.get(words.lower()) or words.replace(",", ""))


def _count(words: str) -> float:
    """A count written in digits ("۴۰", "1,240"), in Urdu words ("نو") or with Urdu scale words
    ("۲ لاکھ ۶۰ ہزار")."""
    scaled = _URDU_SCALED.fullmatch(words)
    if scaled is not None:
        thousands = float(scaled.group(3).replace(",", "")) * 1e3 if scaled.group(3) else 0.0
        return float(scaled.group(1).replace(",", "")) * URDU_SCALES[scaled.group(2)] + thousands
    return float(_URDU_NUMBER_WORDS.get(words) or words.replace(",", ""))
