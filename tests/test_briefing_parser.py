"""The briefing parser: front matter, sentences, commitments, and how well it does on briefings
it was not written for (tests/briefings/, each with an annotated .expected.toml)."""

from __future__ import annotations

import time
import tomllib
from datetime import date
from pathlib import Path
from typing import Any, cast

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.briefing import (
    BriefingDateError,
    MissingDateError,
    ParsedBriefing,
    ParsedCommitment,
    parse_briefing,
    parse_front_matter,
)

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "senate-it-briefing-2025-06.md"
CORPUS = Path(__file__).resolve().parent / "briefings"


def brief(body: str, day: str = "2025-06-02", presenter: str = "Ministry of IT") -> ParsedBriefing:
    return parse_briefing(f"---\ndate: {day}\npresenter: {presenter}\n---\n{body}\n")


def summary(b: ParsedBriefing) -> list[tuple[str, date | None, float | None, str | None]]:
    return [(c.theme, c.deadline, c.target_value, c.target_unit) for c in b.commitments]


# --- the seed briefing ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed() -> ParsedBriefing:
    return parse_briefing(SEED.read_text(encoding="utf-8"))


def test_seed_front_matter_gives_date_and_presenter(seed: ParsedBriefing) -> None:
    assert seed.date == date(2025, 6, 2)
    assert seed.meta.presenter == "Ministry of Information Technology and Telecommunication"
    assert seed.meta.extra["chair"] == "Senator Palwasha Khan"


def test_seed_next_year_export_target(seed: ParsedBriefing) -> None:
    [c] = [c for c in seed.commitments if c.theme == "exports" and c.target_value == 5.2e9]
    assert (c.deadline, c.target_unit) == (date(2026, 6, 30), "USD")
    assert c.deadline_rule == "end of FY2025-26"
    assert c.deadline_text == "for the upcoming fiscal year"
    assert c.title == "IT exports of $5.2 billion in FY2025-26"
    assert "$5.2 billion in IT exports" in c.excerpts[0].text


def test_seed_current_year_export_projection(seed: ParsedBriefing) -> None:
    [c] = [c for c in seed.commitments if c.theme == "exports" and c.target_value == 3.8e9]
    assert (c.deadline, c.target_unit) == (date(2025, 6, 30), "USD")


def test_seed_has_every_expected_theme(seed: ParsedBriefing) -> None:
    themes = {c.theme for c in seed.commitments}
    assert themes >= {
        "exports",
        "internet_resilience",
        "fund_disbursement",
        "stz",
        "tax_facilitation",
        "upskilling",
        "digital_payments",
        "coordination",
        "industry_support",
        "policy",
    }
    assert len(seed.commitments) <= 14


def test_seed_past_results_do_not_come_out(seed: ParsedBriefing) -> None:
    excerpts = " ".join(e.text for c in seed.commitments for e in c.excerpts)
    assert "had some negative impact" not in excerpts
    assert "had contributed to stronger export figures" not in excerpts


def test_seed_excerpts_are_the_stored_text_and_titles_are_short(seed: ParsedBriefing) -> None:
    for c in seed.commitments:
        assert len(c.title) <= 80
        for e in c.excerpts:
            assert seed.text[e.start : e.end] == e.text


def test_seed_keys_are_unique_and_ignore_wording(seed: ParsedBriefing) -> None:
    keys = [c.key for c in seed.commitments]
    assert len(keys) == len(set(keys))
    reworded = SEED.read_text(encoding="utf-8").replace("signaling a renewed push", "a push")
    assert {c.key for c in parse_briefing(reworded).commitments} == set(keys)


def test_reparsing_the_same_text_is_identical(seed: ParsedBriefing) -> None:
    again = parse_briefing(seed.text)
    assert again == seed


# --- front matter -----------------------------------------------------------------------------


def test_front_matter_fields_unknown_keys_and_body_offset() -> None:
    text = "---\ntitle: 'A title'\ndate: 2025-09-10\nvenue: Islamabad\n---\nBody.\n"
    meta, body = parse_front_matter(text)
    assert (meta.title, meta.date, meta.extra) == ("A title", date(2025, 9, 10), {"venue": "Islamabad"})
    assert text[body:] == "Body.\n"


def test_text_without_front_matter_starts_at_zero() -> None:
    meta, body = parse_front_matter("Just a note.\n---\nmore")
    assert (meta.date, body) == (None, 0)


def test_a_bad_front_matter_date_is_a_clear_error() -> None:
    with pytest.raises(BriefingDateError, match="'next Tuesday' is not a date"):
        parse_front_matter("---\ndate: next Tuesday\n---\nBody")


def test_no_date_anywhere_is_missing_date_error() -> None:
    with pytest.raises(MissingDateError) as caught:
        parse_briefing("The ministry will do it within 60 days.")
    assert str(caught.value) == ("the briefing has no date: add 'date: YYYY-MM-DD' to its front matter or pass --date")
    assert isinstance(caught.value, ValueError)


def test_briefing_date_overrides_the_front_matter() -> None:
    b = parse_briefing(
        "---\ndate: 2025-01-01\n---\nThe ministry will report within 10 days.", briefing_date=date(2025, 6, 2)
    )
    assert b.date == date(2025, 6, 2)
    assert b.commitments[0].deadline == date(2025, 6, 12)


# --- sentences and classification ------------------------------------------------------------


def test_abbreviations_and_amounts_do_not_split_sentences() -> None:
    b = brief(
        "Sen. Dr. Afnan asked the U.S. desk of the Finance Ministry about Rs. 4 bn. "
        "The Finance Ministry will release Rs. 4 bn for IT exports by March 2026."
    )
    [c] = b.commitments
    assert c.excerpts[0].text == ("The Finance Ministry will release Rs. 4 bn for IT exports by March 2026.")
    # "Finance Ministry" is an alias of the Finance Division (seeds/owners.toml).
    assert (c.target_value, c.target_unit, c.owner) == (4e9, "PKR", "Finance Division")


def test_an_amount_spelled_with_letters_that_match_ascii_is_read_as_that_amount() -> None:
    # "R\u017f 5 b\u0131llion": a long s and a dotless i, which the patterns match to "s" and "i".
    b = brief("The Finance Ministry will release R\u017f 5 b\u0131llion for IT exports by March 2026.")
    [c] = b.commitments
    assert (c.target_value, c.target_unit) == (5e9, "PKR")


@pytest.mark.parametrize(
    ("body", "titles"),
    [
        # Who said it, after the promise, is no part of what is to be done; "take place" alone
        # says too little, so the subject stays.
        (
            "The sale of 5G spectrum will now take place by June, the IT ministry told the Senate Standing "
            "Committee on IT and Telecommunication on Tuesday, conceding that the April date could not be met.",
            ["The sale of 5G spectrum will now take place by 30 June 2025"],
        ),
        # Words that give nothing but their deadline: the sentence stands in, never the date alone.
        (
            "The ministry has also shared with members the step-by-step auction timeline the committee "
            "sought in October.",
            ["The ministry has also shared with members the step-by-step auction timeline\u2026"],
        ),
        # A comma between two words of one phrase does not end it.
        (
            "The ministry will hold a second, separate auction of 700 MHz spectrum reserved for rural coverage "
            "in fiscal 2026, the special secretary added.",
            ["Hold a second, separate auction of 700 MHz spectrum reserved\u2026 by 30 June 2026"],
        ),
        # A list's numbering and the quotes around reported words are no part of a title.
        (
            "The Ministry of IT will:\n- (a) set up 10 centres by June 2026;\n"
            "- (b) train 5,000 youth by December 2026.",
            ["Set up 10 centres by 30 June 2026", "Train 5,000 youth by 31 December 2026"],
        ),
        (
            "'The portal will go live by March 2026', the minister told the committee.",
            ["The portal will go live by 31 March 2026"],
        ),
    ],
)
def test_a_title_says_what_is_to_be_done_not_only_when_or_who_said_it(body: str, titles: list[str]) -> None:
    assert [c.title for c in brief(body).commitments] == titles


def test_bullets_are_sentences_and_inherit_their_lead_in() -> None:
    b = brief("Targets for FY2025-26:\n\n- IT exports of $5.2 billion\n- training 50,000 people\n")
    assert summary(b) == [
        ("exports", date(2026, 6, 30), 5.2e9, "USD"),
        ("upskilling", date(2026, 6, 30), 50000, "people"),
    ]


def test_a_line_without_final_punctuation_is_a_headline_and_gives_nothing() -> None:
    # A headline restating the lede is one item with the lede (issue 11): the headline,
    # a line that ends no sentence, never gives one, nor lends its date.
    b = brief(
        "Raast gateway to be launched by December\n\n"
        "The ministry will launch the Raast gateway by 31 December 2025.\n\nNext item"
    )
    assert summary(b) == [("digital_payments", date(2025, 12, 31), None, None)]
    assert [d.verdict for d in b.decisions] == ["headline", "commitment", "headline"]


def test_past_results_are_not_commitments() -> None:
    b = brief(
        "IT exports reached $3.2 billion in FY2023-24. The FBR collected Rs 5 bn last "
        "year. Internet outages cost the industry dearly in 2024."
    )
    assert b.commitments == ()


def test_a_past_result_beside_a_target_is_its_baseline() -> None:
    b = brief(
        "Exports reached $3.2 billion in FY2023-24, while the ministry aims for "
        "$4 billion in exports for the current fiscal year."
    )
    [c] = b.commitments
    assert (c.target_value, c.deadline, c.baseline) == (4e9, date(2025, 6, 30), "$3.2 billion")


def test_conditions_and_needs_are_commitments() -> None:
    b = brief(
        "Growth will depend on stable internet connectivity. Tax facilitation remains "
        "a critical area that requires sustained attention."
    )
    assert {c.theme for c in b.commitments} == {"internet_resilience", "tax_facilitation"}


def test_hedged_speculation_without_cue_is_not_a_commitment() -> None:
    assert brief("The next fiscal year could see significant gains.").commitments == ()


def test_one_sentence_with_several_themes_gives_one_commitment_each() -> None:
    b = brief("Special Technology Zones, tax facilitation and digital payments require attention.")
    assert [c.theme for c in b.commitments] == ["stz", "tax_facilitation", "digital_payments"]


def test_each_deliverable_is_one_item_even_of_one_theme() -> None:
    # One item per deliverable, not per theme (issue 11): two export targets are two items,
    # each with its own sentence.
    b = brief(
        "The target is $5.2 billion in exports for the next fiscal year. Exports in the past "
        "year rose sharply. Exports of $3.8 billion are projected for this fiscal year."
    )
    exports = [c for c in b.commitments if c.theme == "exports"]
    assert [(c.target_value, c.deadline, len(c.excerpts)) for c in exports] == [
        (5.2e9, date(2026, 6, 30), 1),
        (3.8e9, date(2025, 6, 30), 1),
    ]


def test_another_body_named_as_actor_owns_the_commitment() -> None:
    b = brief(
        "The State Bank will launch Raast P2M by March 2026. The committee directed the "
        "FBR to refund taxes within 30 days. The ministry will coordinate with the "
        "State Bank on payment gateways by June 2026."
    )
    # One deliverable per promise; "Ministry of IT" resolves to its canonical name.
    assert [(c.kind, c.theme, c.owner) for c in b.commitments] == [
        ("commitment", "digital_payments", "State Bank of Pakistan"),
        ("directive", "tax_facilitation", "Federal Board of Revenue"),
        ("commitment", "coordination", "Ministry of Information Technology and Telecommunication"),
    ]


def test_an_unresolved_deadline_keeps_its_words() -> None:
    [c] = brief("The ministry will share the policy at the next sitting.").commitments
    assert (c.deadline, c.deadline_text, c.deadline_rule) == (None, "at the next sitting", "unresolved")


@pytest.mark.parametrize(
    ("words", "value", "unit"),
    [
        ("$5.2 billion", 5.2e9, "USD"),
        ("Rs 4 billion", 4e9, "PKR"),
        ("Rs. 4 bn", 4e9, "PKR"),
        ("US$ 300 million", 3e8, "USD"),
        ("Rs 90 crore", 9e8, "PKR"),
        ("Rs 5 lakh", 5e5, "PKR"),
        ("50,000 people", 50000, "people"),
        ("25%", 25, "%"),
    ],
)
def test_targets_are_read_with_their_unit(words: str, value: float, unit: str) -> None:
    [c] = brief(f"The ministry will disburse {words} by March 2026.").commitments
    assert (c.target_value, c.target_unit) == (value, unit)


def test_urdu_text_survives_intact() -> None:
    b = brief("وزارت will train 1,000 people by March 2026 (سینیٹر شمیم آرا).", presenter="وزارت آئی ٹی")
    [c] = b.commitments
    # The Urdu name of the ministry is one of its aliases (issue 13): one owner, not two.
    assert c.owner == "Ministry of Information Technology and Telecommunication"
    assert "سینیٹر شمیم آرا" in c.excerpts[0].text
    assert "سینیٹر شمیم آرا" in c.description


# --- never raises, spans always true ---------------------------------------------------------


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=600))
def test_arbitrary_text_never_raises_and_excerpts_are_the_text(text: str) -> None:
    b = parse_briefing(text, briefing_date=date(2025, 6, 2))
    for c in b.commitments:
        assert len(c.title) <= 80
        for e in c.excerpts:
            assert b.text[e.start : e.end] == e.text


WORDS = st.sampled_from(
    [
        "The",
        "ministry",
        "will",
        "reached",
        "$5.2",
        "billion",
        "Rs.",
        "4",
        "bn",
        "by",
        "March",
        "2026",
        "within",
        "60",
        "days",
        "FY2025-26",
        "exports",
        "tax",
        "Sen.",
        "U.S.",
        "\n",
        "\n\n",
        "- ",
        "1. ",
        "# ",
        ".",
        ",",
        ":",
        '"',
        "Raast",
        "State",
        "Bank",
        "31/02/2026",
        "---",
        "وزارت",
        "۔",
        "date:",
        "2025-06-02",
        "next",
        "fiscal",
        "year",
        "soon",
        "the",
        "of",
    ]
)


@settings(max_examples=100, deadline=None)
@given(st.lists(WORDS, max_size=80).map(" ".join))
def test_briefing_like_text_never_raises_and_excerpts_are_the_text(text: str) -> None:
    try:
        b = parse_briefing(text)
    except BriefingDateError:
        return  # no date, or an unreadable one: the only errors allowed
    for c in b.commitments:
        for e in c.excerpts:
            assert b.text[e.start : e.end] == e.text


# --- the annotated corpus ---------------------------------------------------------------------


def _matches(c: ParsedCommitment, expected: dict[str, Any]) -> bool:
    if c.theme != expected["theme"]:
        return False
    deadline = expected["deadline"] or None
    if (c.deadline.isoformat() if c.deadline else None) != deadline:
        return False
    target = expected.get("target")
    if target is None:
        return c.target_value is None
    value, unit = cast(tuple[float, str], target)
    return c.target_value is not None and abs(c.target_value - value) <= 1e-6 * abs(value) and (c.target_unit == unit)


def _corpus() -> list[tuple[Path, ParsedBriefing, list[dict[str, Any]]]]:
    out = []
    for expected_path in sorted(CORPUS.glob("*.expected.toml")):
        expected = tomllib.loads(expected_path.read_text(encoding="utf-8"))
        stem = expected_path.name.removesuffix(".expected.toml")
        [source] = [p for p in CORPUS.glob(stem + ".*") if not p.name.endswith(".toml")]
        day = date.fromisoformat(expected["date"]) if "date" in expected else None
        parsed = parse_briefing(
            source.read_text(encoding="utf-8"), briefing_date=day, default_owner=expected.get("presenter")
        )
        out.append((source, parsed, expected["commitment"]))
    return out


def test_corpus_has_five_briefings_and_thirty_annotations() -> None:
    corpus = _corpus()
    assert len(corpus) >= 5
    assert sum(len(expected) for _, _, expected in corpus) >= 30


def test_corpus_precision_and_recall() -> None:
    found = correct = wanted = owners_right = owners_checked = 0
    for source, parsed, expected in _corpus():
        remaining = list(parsed.commitments)
        hits = 0
        for e in expected:
            match = next((c for c in remaining if _matches(c, e)), None)
            if match is None:
                continue
            remaining.remove(match)
            hits += 1
            if "owner" in e:
                owners_checked += 1
                owners_right += match.owner == e["owner"]
        print(f"{source.name}: {hits} of {len(expected)} expected found, {len(parsed.commitments) - hits} extra")
        found += len(parsed.commitments)
        correct += hits
        wanted += len(expected)
        for c in parsed.commitments:
            for excerpt in c.excerpts:
                assert parsed.text[excerpt.start : excerpt.end] == excerpt.text
    precision, recall = correct / found, correct / wanted
    print(
        f"corpus: precision {correct}/{found} = {precision:.2f}, "
        f"recall {correct}/{wanted} = {recall:.2f}, "
        f"owners {owners_right}/{owners_checked}"
    )
    # A match needs theme, deadline day and target all right. Floors sit at the figures
    # measured on 2026-12-01 (0.81 and 0.81) once the annotations followed issue 11's model
    # (one item per deliverable, not per theme); what is missed is a theme of a deliverable
    # whose words name none. A drop means a regression.
    assert precision >= 0.80
    assert recall >= 0.80
    assert owners_right / owners_checked >= 0.8


# --- size -------------------------------------------------------------------------------------


def _megabyte() -> str:
    parts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.md"))]
    parts.append(SEED.read_text(encoding="utf-8"))
    body = "\n\n".join(parts)
    return "---\ndate: 2025-06-02\n---\n" + (body * (1_000_000 // len(body) + 1))[:1_000_000]


@pytest.mark.slow
def test_a_megabyte_of_briefing_parses() -> None:
    b = parse_briefing(_megabyte())
    assert len(b.commitments) > 50
    assert all(b.text[e.start : e.end] == e.text for c in b.commitments for e in c.excerpts)


@pytest.mark.bench
def test_bench_a_megabyte_of_briefing() -> None:
    text = _megabyte()
    runs = []
    for _ in range(3):
        started = time.perf_counter()
        parse_briefing(text)
        runs.append(time.perf_counter() - started)
    print(f"1 MB briefing: best {min(runs):.2f} s of {len(runs)} runs")


@pytest.mark.parametrize(
    ("sentence", "title"),
    [
        (
            "The Ministry will launch a freelancer registration portal by March 2027.",
            "Launch a freelancer registration portal by 31 March 2027",
        ),
        (
            "The PTA will lay 1,500 km of optical fibre in Balochistan within the next fiscal year.",
            "Lay 1,500 km of optical fibre in Balochistan in FY2027-28",
        ),
    ],
)
def test_a_sentence_with_one_promise_is_titled_by_what_it_promises(sentence: str, title: str) -> None:
    parsed = parse_briefing(sentence, briefing_date=date(2026, 10, 14))
    assert [c.title for c in parsed.commitments] == [title]


def test_a_sentence_naming_several_areas_gives_one_item_each_titled_by_its_area() -> None:
    parsed = parse_briefing(SEED.read_text(encoding="utf-8"))
    assert {
        "Condition: Special Technology Zones",
        "Condition: tax facilitation",
        "Condition: the digital payment ecosystem",
    } <= {c.title for c in parsed.commitments}


# --- a target is titled by what its sentence names -------------------------------------------


@pytest.mark.parametrize(
    ("day", "sentence", "title"),
    [
        (
            date(2024, 10, 8),
            "The Ministry of Commerce has set a target of $32.3 billion for merchandise exports in the current "
            "fiscal year, the Senate Standing Committee on Commerce was told on Tuesday.",
            "Merchandise exports of $32.3 billion in FY2024-25",
        ),
        (
            date(2025, 5, 13),
            "The ministry will also set a separate target of $4 billion for exports of services other than IT "
            "in FY2025-26, he said.",
            "Exports of services other than IT of $4 billion in FY2025-26",
        ),
        (
            date(2023, 12, 5),
            "The Ministry of IT and Telecom has set a target of $3.5 billion for IT and IT-enabled services exports "
            "in FY2023-24.",
            "IT and IT-enabled services exports of $3.5 billion in FY2023-24",
        ),
        (
            date(2025, 9, 2),
            "The Ministry has set a merchandise export target of $35.4 billion in fiscal 2026.",
            "Merchandise exports of $35.4 billion by 30 June 2026",
        ),
        (
            date(2025, 7, 10),
            "The Ministry has set a target of $5 billion for goods exports to China in FY2025-26.",
            "Goods exports of $5 billion in FY2025-26",
        ),
        (
            date(2025, 7, 10),
            "The ministry has set a target of Rs 9.4 trillion for tax collection in FY2025-26.",
            "Tax collection of Rs 9.4 trillion in FY2025-26",
        ),
        # The deliverable's clause names nothing; the rest of its sentence does.
        (
            date(2025, 7, 10),
            "Exports grew last year; the Board is on track to reach $4 billion in FY2025-26.",
            "Exports of $4 billion in FY2025-26",
        ),
        # Only a body is named: the theme's label is all there is to go on.
        (
            date(2025, 7, 10),
            "The FBR is on track to collect Rs 9.4 trillion in FY2025-26.",
            "Tax facilitation of Rs 9.4 trillion in FY2025-26",
        ),
    ],
)
def test_a_target_is_titled_by_what_its_sentence_names_not_the_themes_label(
    day: date, sentence: str, title: str
) -> None:
    parsed = parse_briefing(sentence, briefing_date=day)
    assert [c.title for c in parsed.commitments] == [title]


def test_seed_target_titles_name_what_its_sentences_name(seed: ParsedBriefing) -> None:
    titles = {c.target_value: c.title for c in seed.commitments if c.theme == "exports"}
    # "$5.2 billion in IT exports"; "$3.8 billion in IT export earnings".
    assert titles[5.2e9] == "IT exports of $5.2 billion in FY2025-26"
    assert titles[3.8e9] == "IT export earnings of $3.8 billion in FY2024-25"


def test_an_urdu_target_is_titled_in_its_own_words_not_an_english_label() -> None:
    sentence = (
        "انہوں نے کہا کہ وزارت رواں مالی سال میں 32 ارب ڈالر کا برآمدی ہدف حاصل کرنے کے لیے ٹیکسٹائل کے علاوہ"
        " انجینئرنگ اور دواسازی کے شعبوں پر توجہ دے گی۔"
    )
    [c] = parse_briefing(sentence, briefing_date=date(2023, 1, 17)).commitments
    assert (c.theme, c.target_value, c.target_unit) == ("exports", 32e9, "USD")
    assert c.title.startswith("وزارت 32 ارب ڈالر کا برآمدی ہدف")
    assert "IT exports" not in c.title


# --- sentence shapes of follow-up briefings, each as a clerk reads it --------------------------


def test_a_promise_followed_by_its_officials_attribution_is_the_bodys_undertaking() -> None:
    # "members" inside the promise is what is trained, not a member of the committee speaking.
    [c] = brief("The Skills Academy would train 1,500 new staff members by June 2025, its principal said.").commitments
    assert c.title == "Train 1,500 new staff members by 30 June 2025"
    assert c.deadline == date(2025, 6, 30)


def test_a_promise_attributed_to_a_senator_stays_an_opinion() -> None:
    parsed = brief("The ministry would open five trade offices by June 2025, Senator Ali Khan said.")
    assert parsed.commitments == ()
    assert [d.verdict for d in parsed.decisions] == ["opinion"]


def test_requiring_others_to_act_is_an_undertaking_but_requiring_money_is_an_estimate() -> None:
    [c] = brief(
        "The Authority would require all mobile operators to block unregistered handsets by March 2026."
    ).commitments
    assert c.title == "Require all mobile operators to block unregistered handsets by 31 March 2026"
    assert brief("The new terminal would require Rs 5 billion to complete by March 2026.").commitments == ()
    assert brief("The scheme would require amendments to the law to take effect by March 2026.").commitments == ()


def test_urdu_the_committee_being_told_is_no_actor_the_body_told_of_promises() -> None:
    parsed = brief(
        "قائمہ کمیٹی برائے اطلاعات کو بتایا گیا کہ پیمرا دسمبر تک ۱۵ نئے علاقائی دفاتر قائم کر دے گا۔",
        presenter="Pakistan Electronic Media Regulatory Authority",
    )
    [c] = parsed.commitments
    assert (c.owner, c.deadline) == ("Pakistan Electronic Media Regulatory Authority", date(2025, 12, 31))
    # The committee deciding its own next sitting is still nobody's deliverable.
    own = brief("کمیٹی نے فیصلہ کیا کہ اگلا اجلاس دسمبر میں کراچی میں ہو گا۔")
    assert own.commitments == ()
    assert [d.verdict for d in own.decisions] == ["no_actor"]


def test_urdu_what_is_done_before_while_is_reported_and_the_rest_is_the_promise() -> None:
    [c] = brief(
        "پی ٹی اے کے مطابق ۵۰ میں سے ۳۰ ٹاورز نصب ہو چکے ہیں جبکہ باقی ۲۰ ٹاورز مارچ تک نصب کر دیے جائیں گے۔"
    ).commitments
    assert c.title.startswith("باقی ۲۰ ٹاورز")
    assert c.deadline == date(2026, 3, 31)


@pytest.mark.parametrize(
    ("sentence", "value", "unit"),
    [
        # "gas" ends in "s" but counts nothing; the connections are counted.
        ("The company will provide 350,000 new domestic gas connections by June 2026.", 350000.0, "connections"),
        # The counted thing may come four words after the figure.
        ("The company would complete the 212 pending village gas schemes by December 2025.", 212.0, "schemes"),
        ("The Bank would bring 20 million registered IDs onto Raast by June 2026.", 20e6, "ids"),
    ],
)
def test_a_count_is_of_the_plural_thing_it_names(sentence: str, value: float, unit: str) -> None:
    [c] = brief(sentence).commitments
    assert (c.target_value, c.target_unit) == (value, unit)


def test_a_body_telling_a_committee_with_a_long_name_what_will_be_done_promises_it() -> None:
    # The committee is who was told, however long its name, not who acts.
    [c] = brief(
        "The Federal Board of Revenue (FBR) told the National Assembly Standing Committee on Finance and Revenue"
        " on Tuesday that a refund facilitation desk would be opened in each regional tax office by June."
    ).commitments
    assert c.owner == "Federal Board of Revenue"
    assert c.title.startswith("A refund facilitation desk would be opened")


def test_a_promise_after_an_opening_phrase_naming_the_committee_is_the_bodys() -> None:
    [c] = brief(
        "As directed by the Committee at its last meeting, the Ministry will share an audit of KPT's land leases"
        " with the Committee within 30 days.",
        presenter="Ministry of Maritime Affairs",
    ).commitments
    assert c.owner == "Ministry of Maritime Affairs"
    assert c.title.startswith("Share an audit of KPT's land leases")


def test_urdu_a_committee_with_a_long_name_that_was_told_is_no_actor() -> None:
    [c] = brief(
        "سینیٹ کی قائمہ کمیٹی برائے مذہبی امور و بین المذاہب ہم آہنگی کو بتایا گیا ہے کہ سرکاری حج اسکیم کے تحت حج ۲۰۲۴"
        " کے لیے درخواستیں ۲۰ دسمبر تک وصول کی جائیں گی۔",
        day="2023-11-20",
        presenter="Ministry of Religious Affairs and Interfaith Harmony",
    ).commitments
    assert c.owner == "Ministry of Religious Affairs and Interfaith Harmony"
    assert c.deadline == date(2023, 12, 20)


def test_he_said_after_a_promise_keeps_the_speaker_and_not_a_body_named_in_what_he_reports() -> None:
    parsed = brief(
        "The FBR told the committee that the Board would start issuing refund payment orders electronically to all"
        " claimants by July. Electronic RPOs would now reach all claimants from January, as linking the system with"
        " the State Bank had taken longer than planned, he said.",
        day="2022-08-16",
        presenter="Federal Board of Revenue",
    )
    assert [c.owner for c in parsed.commitments] == ["Federal Board of Revenue", "Federal Board of Revenue"]


def test_a_deadline_set_off_by_commas_leaves_no_stray_comma_in_the_title() -> None:
    # The defect: "submit, within two weeks, a list ..." was titled "Submit,, a list ...".
    [c] = brief(
        "The committee directed the PSM management to submit, within two weeks, a list of its vehicles held by"
        " former employees.",
        day="2023-10-04",
        presenter="Ministry of Industries and Production",
    ).commitments
    assert c.title.startswith("Submit a list of its vehicles held by former employees")
    assert c.deadline == date(2023, 10, 18)
