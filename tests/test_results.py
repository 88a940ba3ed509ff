"""Reading past results as a clerk reads them (tracker/results.py): a clause's verb group says
whether it reports a fact, a fact that did not happen, or a promise, in English and Urdu."""

from __future__ import annotations

import pytest

from tracker.briefing import parse_briefing
from tracker.results import Result


def _results(body: str, presenter: str = "Capital Development Authority") -> tuple[Result, ...]:
    return parse_briefing(f"---\ndate: 2021-06-15\npresenter: {presenter}\n---\n{body}\n").results


def _read(body: str) -> tuple[str, str]:
    (result,) = _results(body)
    return result.status, " ".join(result.cue.split())


def test_what_had_still_not_been_presented_is_stalled_not_done() -> None:
    # The defect: "presented" was read as delivered whatever stood before it.
    sentence = (
        "The Committee noted with displeasure that the financing plan for the Ghazi Barotha scheme, sought in"
        " November, had still not been presented, and directed the CDA to submit it within 15 days."
    )
    assert _read(sentence) == ("stalled", "had still not been presented")


@pytest.mark.parametrize(
    ("sentence", "cue"),
    [
        ("The revised rules have yet to be notified by the Division.", "have yet to be notified"),
        ("The audit report of the scheme is still awaited.", "is still awaited"),
        ("The lease agreement could not be signed in June.", "could not be signed"),
        ("The tender for the second package was not awarded.", "was not awarded"),
        ("The IM had not yet been issued to the bidders.", "had not yet been issued"),
    ],
)
def test_a_negated_past_or_perfect_is_a_step_that_did_not_happen(sentence: str, cue: str) -> None:
    assert _read(sentence) == ("stalled", cue)


def test_a_noun_plan_is_no_intention_to_act() -> None:
    # "plans to" is a plan; "The plan was not approved" reports that it was not.
    assert _read("The plan for the bulk water source was not approved.") == ("stalled", "was not approved")


@pytest.mark.parametrize(
    ("sentence", "status", "cue"),
    [
        ("The tanker schedule was now available on the CDA website.", "done", "was now available"),
        ("The e-office system is now operational in 20 divisions.", "progress", "operational"),
        ("The 40 new tube wells had been energised by May.", "progress", "had been energised"),
        ("The land that had been got back was fenced.", "progress", "had been got"),
    ],
)
def test_a_perfect_a_past_passive_or_a_state_after_is_reports_what_is_done(
    sentence: str, status: str, cue: str
) -> None:
    assert _read(sentence) == (status, cue)


@pytest.mark.parametrize(
    "sentence",
    [
        "The park would be completed by June 2022.",
        "The portal is to be launched in October.",
        "The Authority plans to have the tube wells energised by July.",
        "The Committee recommended that ongoing projects be finished first.",
        "The scheme will not be shelved, the Secretary said.",
        # A present perfect after "after" looks ahead, to the condition of the promise.
        "The audit of KPT's land leases will now be shared with the Committee by end-May 2022, after the KPT Board"
        " has considered it.",
    ],
)
def test_a_modal_a_plan_or_a_subjunctive_is_a_promise_not_a_result(sentence: str) -> None:
    assert _results(sentence) == ()


def test_a_counted_subject_and_a_simple_past_report_what_happened_to_them() -> None:
    (result,) = _results(
        "Some 1,870 employees left under the voluntary separation scheme by June, bringing the staff per"
        " aircraft down to 355, he said.",
        presenter="Pakistan International Airlines",
    )
    assert (result.status, result.cue) == ("progress", "left")
    assert result.actual is not None
    assert (result.actual.value, result.actual.unit) == (1870, "employees")


@pytest.mark.parametrize(
    ("sentence", "status"),
    [
        # Not received, not started, could not be approved, still not: each did not happen.
        ("چیئرمین کمیٹی نے برہمی کا اظہار کیا کہ مانگی گئی رپورٹ سات ماہ بعد بھی کمیٹی کو موصول نہیں ہوئی۔", "stalled"),
        ("نئے دفاتر کا PC-I تاحال منظور نہیں ہو سکا۔", "stalled"),
        ("ان دفاتر پر کام ابھی تک شروع نہیں ہوا۔", "stalled"),
        # A simple past: the applications were received.
        ("۸ جنوری تک مجموعی طور پر ۶۳ ہزار درخواستیں موصول ہوئیں۔", "done"),
        # A completive perfect ("نمٹا دی گئی", "بھجوا دی گئی") is done; a plain perfect is work.
        ("زیر التوا تمام درخواستیں نومبر میں نمٹا دی گئی تھیں۔", "done"),
        ("معاوضے کی رقم ادا کی جا چکی ہے۔", "progress"),
    ],
)
def test_urdu_negation_the_simple_past_and_the_completive_perfect(sentence: str, status: str) -> None:
    (result,) = _results(sentence, presenter="Directorate General of Immigration and Passports")
    assert result.status == status


def test_urdu_a_promise_in_the_future_is_no_result() -> None:
    assert _results("یہ بیک لاگ اکتوبر کے آخر تک ختم کر دیا جائے گا۔") == ()
    assert _results("یہ کام جون تک مکمل ہو سکے گا۔") == ()


def test_urdu_a_perfect_then_and_now_are_two_clauses() -> None:
    results = _results("زیر التوا تمام درخواستیں نومبر میں نمٹا دی گئی تھیں اور اب عام پاسپورٹ دس دن میں مل رہا ہے۔")
    assert [r.text.split()[-1] for r in results] == ["تھیں", "ہے۔"]


def test_the_sitting_itself_is_no_result() -> None:
    assert _results("اجلاس بدھ کو حاجی امتیاز احمد کی صدارت میں پارلیمنٹ ہاؤس میں منعقد ہوا۔") == ()


def test_a_request_recalled_and_not_met_gives_one_directive_titled_by_what_it_asks_for() -> None:
    # "sought in November" describes the plan (a request made before), and "submit it" is
    # titled by what "it" is: one item, not "Had still not been presented by ..." and "Submit it".
    parsed = parse_briefing(
        "---\ndate: 2021-06-15\npresenter: Capital Development Authority\n---\n"
        "The Committee noted with displeasure that the financing plan for the Ghazi Barotha scheme, sought in"
        " November, had still not been presented, and directed the CDA to submit it within 15 days.\n"
    )
    assert [(c.kind, c.title) for c in parsed.commitments] == [
        ("directive", "Submit the financing plan for the Ghazi Barotha scheme by 30 June 2021")
    ]


def test_a_status_table_gives_results_and_no_item_even_when_a_cell_names_a_month() -> None:
    parsed = parse_briefing(
        "---\ndate: 2021-09-21\npresenter: Federal Board of Revenue\n---\n"
        "| Deliverable | Status |\n|---|---|\n"
        "| Tier-1 outlets on POS | 11,240 outlets integrated by 30 June 2021 |\n"
        "| RTO facilitation desks | Karachi and Lahore desks opened in March; Islamabad desk awaiting office space |\n"
    )
    assert parsed.commitments == ()  # "opened in March" is when it was done, not a deadline
    assert [(r.status, r.cue) for r in parsed.results] == [("done", "integrated"), ("done", "opened")]


def test_a_remarks_cell_opening_with_a_status_word_reports_that_status() -> None:
    # The defect: beside an "Achieved" column, "Shelved: ..." under "Remarks" reported nothing; a
    # remark that opens with no status word ("On schedule") still reports nothing.
    parsed = parse_briefing(
        "---\ndate: 2023-06-20\npresenter: Ministry of National Health Services\n---\n"
        "| Deliverable | Target | Achieved | Remarks |\n|---|---|---|---|\n"
        "| Cancer hospital, phase I | 1 hospital | - | Shelved: the donor withdrew its grant in January |\n"
        "| E-registration of pharmacies | 2,500 outlets | 1,640 outlets | On schedule |\n"
    )
    assert [(r.status, r.cue) for r in parsed.results] == [("dropped", "Shelved"), ("progress", "1,640 outlets")]


def test_a_status_cell_counting_a_part_of_a_whole_reports_the_part_and_the_whole() -> None:
    parsed = parse_briefing(
        "---\ndate: 2019-09-17\npresenter: Ministry of Federal Education and Professional Training\n---\n"
        "| Deliverable | Status | Revised deadline |\n|---|---|---|\n"
        "| Enrolment of out-of-school children | 11,860 of 15,000 admitted | - |\n"
    )
    (result,) = parsed.results
    assert result.actual is not None
    assert result.of_total is not None
    assert (result.actual.value, result.of_total.value) == (11860, 15000)


def test_a_part_of_a_whole_in_english_words_is_counted() -> None:
    (result,) = _results(
        "The Chairman PARC stated that seven of the twelve new wheat varieties had been approved.",
        presenter="Pakistan Agricultural Research Council",
    )
    assert result.actual is not None
    assert result.of_total is not None
    assert (result.actual.value, result.of_total.value) == (7, 12)


def test_what_did_not_happen_records_no_actual() -> None:
    # The amount of a negated result is what was not done: recording it as achieved would show
    # the target met.
    (result,) = _results("The Authority admitted it had not collected any of the Rs 60 billion budgeted for 2020-21.")
    assert (result.status, result.actual) == ("stalled", None)


@pytest.mark.parametrize(
    "sentence",
    [
        "Officials said bids could improve once the new tariff was in place.",
        "The Secretary said tolls would rise only if the bypass was completed first.",
    ],
)
def test_a_result_inside_a_condition_is_no_result(sentence: str) -> None:
    assert _results(sentence) == ()


def test_once_again_is_no_condition() -> None:
    assert _read("Once again, the bypass was opened to traffic.") == ("done", "opened")


def test_a_verb_of_speaking_with_a_count_after_it_reports_work() -> None:
    # The defect: "added" was read as "he added", so a body that had added products reported nothing.
    assert _read("The Authority has added 14 products to the mandatory certification list.") == (
        "progress",
        "has added",
    )
    assert _results("The road would be widened, he added.") == ()


def test_a_subject_opening_with_no_negates_its_verb() -> None:
    # The defect: "no plan ... had been presented" was read as a plan presented.
    assert _read("No plan to make the laboratories pay for themselves had been presented so far.") == (
        "stalled",
        "had been presented",
    )
    assert _read("Members noted that no feasibility study had been prepared.") == ("stalled", "had been prepared")


def test_a_participle_set_off_by_commas_describes_a_noun_and_reports_nothing() -> None:
    # The defect: "built" after a comma read as work in hand on the plants.
    assert _results("The two plants, built in 2017 and 2018, together generate about 2,400 MW.") == ()


@pytest.mark.parametrize(
    ("sentence", "status"),
    [
        ("The secretary said the financial adviser had been hired in February.", "done"),
        ("The secretary said the project director had been appointed in March.", "done"),
        ("The secretary said 40 teachers had been hired in February.", "progress"),
    ],
)
def test_an_act_done_once_in_the_perfect_is_done_a_counted_one_in_progress(sentence: str, status: str) -> None:
    assert _read(sentence)[0] == status


@pytest.mark.parametrize(
    ("sentence", "cue", "share"),
    [
        (
            "The committee was told that the cold store at Gwadar was 60 percent complete.",
            "was 60 percent complete",
            60,
        ),
        ("Civil works on the Sukkur barrage: 40 % done.", ": 40 % done", 40),
        ("The Authority said the data centre is now 75% complete and would open in May.", "is now 75% complete", 75),
    ],
)
def test_a_share_of_the_work_with_no_verb_of_result_is_how_far_it_got(sentence: str, cue: str, share: int) -> None:
    # The defect: "was 80 percent complete" has no verb of result ("complete" after a share is no
    # state after "was"), so the report was lost.
    (result,) = _results(sentence)
    assert (result.status, " ".join(result.cue.split())) == ("progress", cue)
    assert result.actual is not None
    assert (result.actual.value, result.actual.unit) == (share, "%")


def test_a_share_that_would_be_complete_is_a_promise_not_a_result() -> None:
    assert _results("The Authority said the data centre would be 75 percent complete by May.") == ()


@pytest.mark.parametrize(
    "sentence",
    [
        "The Secretary conceded that the budget includes 12 new vehicles despite the Committee's recommendation.",
        "The Authority awarded the contract to the lowest bidder contrary to the Committee's directions.",
    ],
)
def test_what_was_done_despite_the_committee_sets_its_recommendation_aside(sentence: str) -> None:
    # The defect: "includes ... despite the Committee's recommendation" has no verb of result, so
    # the committee never learnt that what it asked for had been set aside.
    statuses = [r.status for r in _results(sentence)]
    assert "dropped" in statuses


@pytest.mark.parametrize(
    ("sentence", "status", "cue"),
    [
        ("The complaints dashboard went online in May.", "done", "went online"),
        ("The new tariff rules came into force in July.", "done", "came into force"),
        ("The food laboratory started functioning in April.", "done", "started functioning"),
        ("The complaints dashboard is in operation since May.", "done", "is in operation"),
        (
            "Physical progress on the Sibi bypass was 60 percent.",
            "progress",
            "progress on the Sibi bypass was 60 percent",
        ),
        ("Progress on the Sibi bypass: 60 percent.", "progress", "Progress on the Sibi bypass: 60 percent"),
    ],
)
def test_a_thing_gone_online_in_force_or_at_a_share_of_progress_is_a_result(
    sentence: str, status: str, cue: str
) -> None:
    # The defect: with no verb of result ("went online", "in force since", "progress ... was 60
    # percent") these reports were lost.
    assert _read(sentence) == (status, cue)


@pytest.mark.parametrize(
    "sentence",
    [
        "The new tariff rules would come into force in July.",
        "The Authority would keep physical progress at 60 percent.",
    ],
)
def test_what_would_come_into_force_is_a_promise(sentence: str) -> None:
    assert _results(sentence) == ()


@pytest.mark.parametrize(
    ("sentence", "status", "cue"),
    [
        ("The Sindh government cleaned and repainted the fish auction hall in May, officials said.", "done", "cleaned"),
        ("The FBR notified the new rules in May.", "done", "notified"),
        ("The goal of ending open defecation had now been set for December 2026.", "restated", "set for"),
    ],
)
def test_a_body_acting_in_the_simple_past_is_an_act_done_and_a_date_set_for_is_restated(
    sentence: str, status: str, cue: str
) -> None:
    # The defect: a body's simple past ("cleaned", "notified") was no result unless passive or
    # perfect, and "had now been set for December" moved no date.
    assert _read(sentence) == (status, cue)


@pytest.mark.parametrize(
    "sentence",
    ["The Ministry proposed a new scheme for the harbour.", "The Authority decided to build a bypass at Sibi."],
)
def test_a_body_proposing_or_deciding_reports_nothing_done(sentence: str) -> None:
    assert _results(sentence) == ()


@pytest.mark.parametrize(
    ("sentence", "cue"),
    [
        ("کمیٹی کو بتایا گیا کہ پن بجلی منصوبے کا PC-I جون میں ECNEC نے منظور کر لیا۔", "منظور کر لیا"),
        ("وزارت نے آڈٹ رپورٹ کمیٹی کو پیش کر دی ہے۔", "پیش کر دی ہے"),
    ],
)
def test_an_urdu_active_verb_with_lena_or_dena_at_the_end_is_done(sentence: str, cue: str) -> None:
    # The defect: the active voice ("ECNEC نے منظور کر لیا", ECNEC approved it) was read only in
    # the passive ("منظور کر لیا گیا"), so the approval was lost.
    assert _read(sentence) == ("done", cue)


def test_an_urdu_active_verb_before_jaye_ga_is_a_promise() -> None:
    assert _results("منصوبہ اگست تک مکمل کر لیا جائے گا۔") == ()


@pytest.mark.parametrize(
    ("sentence", "cue"),
    [
        ("اتھارٹی نے نظرثانی شدہ قواعد منظوری کے لیے وزارت قانون کو بھجوا دیے ہیں۔", "بھجوا دیے ہیں"),
        ("ضلعی انتظامیہ نے ۲۰ میں سے ۱۴ یونین کونسلوں کا سروے کروا لیا ہے۔", "کروا لیا ہے"),
    ],
)
def test_an_urdu_verb_stem_with_lena_or_dena_at_the_end_is_done_as_with_kar(sentence: str, cue: str) -> None:
    # The defect: only "کر" before "دیا"/"لیا" was read, so "بھجوا دیے ہیں" (have sent) and
    # "کروا لیا ہے" (have had it done) reported nothing.
    assert _read(sentence) == ("done", cue)


def test_an_urdu_direction_given_is_no_act_done() -> None:
    assert _results("چیئرمین نے اجلاس کے آخر میں وزارت کو ہدایت دی۔") == ()


@pytest.mark.parametrize(
    "sentence",
    [
        "ڈائریکٹر جنرل نے بتایا کہ ویزا کی درخواست پر اب اوسطاً ۹ دن لگتے ہیں۔",
        "انہوں نے کہا کہ ۳۰ میں سے ۱۸ اسپتالوں کا ریکارڈ اب آن لائن دیکھا جا سکتا ہے۔",
    ],
)
def test_urdu_now_with_a_figure_in_the_present_is_how_far_it_has_got(sentence: str) -> None:
    # The defect: "اب ... لگتے ہیں" (now takes) and "اب ... دیکھا جا سکتا ہے" (can now be seen)
    # have no verb of result, so the figure reached was no result at all.
    (result,) = _results(sentence)
    assert result.status == "progress"
    assert result.cue.startswith("اب")


@pytest.mark.parametrize(
    "sentence",
    [
        "کمیٹی کو بتایا گیا کہ اب یہ معاملہ وزارت خزانہ کے پاس ہے۔",
        "سیکرٹری نے کہا کہ اب ۳۰ اسپتال جون تک آن لائن کر دیے جائیں گے۔",
    ],
)
def test_urdu_now_with_no_figure_or_before_a_future_is_no_result(sentence: str) -> None:
    assert _results(sentence) == ()


def test_a_promise_despite_the_committee_sets_nothing_aside_and_keeps_its_deadline() -> None:
    # The defect: "despite the Committee's recommendation" read as dropped before the verb group,
    # so "would complete ... by December 2024" was reported as set aside and its deadline lost.
    b = parse_briefing(
        "---\ndate: 2021-06-15\npresenter: National Highway Authority\n---\n"
        "Despite the Committee's recommendation, the Authority would complete the feasibility study of the"
        " Sibi bypass by December 2024.\n"
    )
    assert b.results == ()
    (item,) = b.commitments
    assert item.title == "Complete the feasibility study of the Sibi bypass by 31 December 2024"


@pytest.mark.parametrize(
    "sentence",
    [
        "The Authority reviewed the feasibility study of the Sibi bypass in May.",
        "The Authority discussed the feasibility study of the Sibi bypass in May.",
        "The Ministry promised the Committee a report on the Sibi bypass.",
        "The Authority considered the feasibility study of the Sibi bypass in May.",
        "The Authority acknowledged the delay in the Sibi bypass.",
        "The Ministry expressed concern over the delay in the Sibi bypass.",
        "The Authority worked on the feasibility study of the Sibi bypass in May.",
    ],
)
def test_a_body_speaking_thinking_or_promising_in_the_simple_past_reports_nothing_done(sentence: str) -> None:
    # The defect: any "-ed" verb after a body was read as an act done, so a study reviewed or a
    # report promised was reported as delivered.
    assert _results(sentence) == ()


@pytest.mark.parametrize(
    "sentence",
    [
        "کمیٹی نے وزارت کو ایک ماہ میں آڈٹ رپورٹ پیش کرنے کی ہدایت کر دی۔",
        "وزارت نے منصوبے کی تکمیل کے لیے مزید وقت طلب کر لیا۔",
        "وزارت نے رپورٹ جلد پیش کرنے کی یقین دہانی کر دی۔",
    ],
)
def test_an_urdu_direction_request_or_promise_made_is_no_result(sentence: str) -> None:
    # The defect: "X کر دی / کر لیا" was done for any X, so a direction given ("ہدایت کر دی") or
    # more time asked for ("وقت طلب کر لیا") was reported as work delivered.
    assert _results(sentence) == ()


def test_a_headline_like_line_among_the_body_is_a_mention_only_where_it_states_a_share() -> None:
    parsed = parse_briefing(
        "---\ndate: 2025-08-20\npresenter: National Disaster Management Authority\n---\n"
        "# این ڈی ایم اے: سرمائی امداد\n\n"
        "چیئرمین این ڈی ایم اے نے بتایا کہ محکمہ موسمیات نے اس سال زیادہ بارشوں کی پیش گوئی کی ہے۔\n\n"
        "سرمائی پیکٹ: ۳ لاکھ میں سے ۲ لاکھ ۶۰ ہزار خاندانوں تک\n\n"
        "ٹینٹ: تقسیم جاری\n"
    )
    headed = [m for m in parsed.mentions if "پیکٹ" in m.text or "امداد" in m.text or "ٹینٹ" in m.text]
    assert [m.text for m in headed] == ["سرمائی پیکٹ: ۳ لاکھ میں سے ۲ لاکھ ۶۰ ہزار خاندانوں تک"]
    (packs,) = headed
    assert packs.actual is not None
    assert packs.of_total is not None
    assert (packs.actual.value, packs.of_total.value) == (260000.0, 300000.0)


def test_workers_laid_off_are_no_progress_but_cable_laid_is() -> None:
    # The defect: "the dues of 2,100 employees laid off in 2020" was read as 2,100 employees
    # "laid", a result, and proposed as progress on the promise to pay other employees' dues.
    laid_off = _results(
        "He added that the Mills would also clear the dues of 2,100 employees laid off in 2020 by December 2024.",
        presenter="Ministry of Industries and Production",
    )
    assert [r.cue for r in laid_off] == []
    (laid,) = _results("The Authority said 140 km of the water main had been laid.")
    assert (laid.cue, laid.status) == ("laid", "progress")
