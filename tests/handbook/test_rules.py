"""Regulation text rules, without HTTP or a database."""

from datetime import date

import pytest

from portal.handbook import rules


@pytest.mark.parametrize("n, text", [(1, "一"), (3, "三"), (10, "十"), (11, "十一"), (13, "十三"), (20, "二十"), (21, "二十一")])
def test_cn_number(n, text):
    assert rules.cn_number(n) == text


def test_article_names_and_anchors():
    assert rules.article_name(3) == "第三条" and rules.article_anchor(3) == "art-3"


@pytest.mark.parametrize("text, values, parts", [
    ("每天补助{holiday_allowance}元。", {"holiday_allowance": "50"},
     [("text", "每天补助"), ("value", "50"), ("text", "元。")]),
    ("每天补助{holiday_allowance}元。", {"holiday_allowance": None},
     [("text", "每天补助"), ("blank", "holiday_allowance"), ("text", "元。")]),
    ("没有占位。", {}, [("text", "没有占位。")]),
])
def test_split_placeholders(text, values, parts):
    assert rules.split_placeholders(text, values) == parts


@pytest.mark.parametrize("text, values, parts", [
    ("每天补助{holiday_allowance}元。", {"holiday_allowance": "50"},
     [("text", "每天补助", None), ("value", "50", rules.COMPANY_FILLED["holiday_allowance"]), ("text", "元。", None)]),
    ("每天补助{holiday_allowance}元。", {},
     [("text", "每天补助", None), ("blank", "holiday_allowance", rules.COMPANY_FILLED["holiday_allowance"]),
      ("text", "元。", None)]),
    ("{other}", {"other": "x"}, [("value", "x", None)]),    # a value the original had: no note
])
def test_values_the_company_fills_in_carry_a_note(text, values, parts):
    assert rules.marked_placeholders(text, values) == parts
    assert "原文此处空白" in rules.COMPANY_FILLED["holiday_allowance"]


def test_fill_placeholders_shows_a_visible_blank():
    assert rules.fill_placeholders("补助{holiday_allowance}元", {}) == "补助＿＿元"


REGS = [
    {"slug": "attendance", "title": "考勤制度", "preamble": "为加强考勤管理。",
     "articles": [{"label": "一、", "text": "按时上下班。"}, {"label": "五、", "text": "打牌聊天，当天按旷工处理。旷工者警告。"}],
     "closing": ""},
    {"slug": "hygiene", "title": "卫生管理制度", "preamble": "", "articles": [{"label": "一、", "text": "无旷工。"}],
     "closing": ""},
]


def test_search_finds_every_place_in_order_with_context():
    hits = rules.search(REGS, "旷工")
    assert [(h.slug, h.position) for h in hits] == [("attendance", 2), ("attendance", 2), ("hygiene", 1)]
    assert hits[0].before == "打牌聊天，当天按" and hits[0].match == "旷工"


@pytest.mark.parametrize("query", ["", "   ", "不存在的词"])
def test_search_without_hits(query):
    assert rules.search(REGS, query) == []


def test_search_titles_and_limits():
    assert rules.search(REGS, "卫生")[0].position == 0
    many = [{"slug": "x", "title": "t", "articles": [{"label": "一、", "text": "热" * 50}]}]
    assert len(rules.search(many, "热", per_regulation=5)) == 5


def test_diff_marks_inserted_and_deleted_characters():
    assert rules.diff_text("每周检查一次", "每周五检查两次") == [
        ("same", "每周"), ("ins", "五"), ("same", "检查"), ("del", "一"), ("ins", "两"), ("same", "次")]


def test_diff_revisions_reports_changed_added_and_removed_articles():
    old = {"title": "卫生管理制度", "preamble": "", "closing": "",
           "articles": [{"label": "一、", "text": "甲"}, {"label": "二、", "text": "乙"}]}
    new = {"title": "卫生管理制度", "preamble": "", "closing": "本规定自公布之日起执行。",
           "articles": [{"label": "一、", "text": "甲"}, {"label": "二、", "text": "丙"}, {"label": "三、", "text": "丁"}]}
    changed = {s["name"] for s in rules.diff_revisions(old, new) if s["changed"]}
    assert changed == {"第二条", "第三条", "结语"}


def test_content_hash_changes_with_text_values_and_layout():
    base = rules.content_hash(REGS, {"holiday_allowance": "50"}, "v1")
    assert base == rules.content_hash(REGS, {"holiday_allowance": "50"}, "v1")
    assert base != rules.content_hash(REGS, {"holiday_allowance": "60"}, "v1")
    assert base != rules.content_hash(REGS, {"holiday_allowance": "50"}, "v2")
    edited = [dict(REGS[0], title="考勤管理制度"), REGS[1]]
    assert base != rules.content_hash(edited, {"holiday_allowance": "50"}, "v1")


@pytest.mark.parametrize("new, current, problem", [
    (date(2026, 12, 1), date(2026, 11, 1), None),
    (date(2026, 11, 1), date(2026, 11, 1), None),
    (date(2026, 10, 31), date(2026, 11, 1), "before_current"),
    (date(2026, 1, 1), None, None),
    (date(2027, 11, 25), date(2026, 11, 1), None),        # a year from today: the last day allowed
    (date(2027, 11, 26), date(2026, 11, 1), "too_far"),
    (date(2999, 12, 31), None, "too_far"),
    (date(2028, 3, 1), date(2028, 3, 1), None),           # a revision already further ahead is no bar
])
def test_effective_date_problem(new, current, problem):
    assert rules.effective_date_problem(new, current, date(2026, 11, 25)) == problem


def test_articles_from_form_drops_empty_rows():
    assert rules.articles_from_form([("一、", "甲"), ("二、", "  "), ("", "新条款")]) == [
        {"label": "一、", "text": "甲"}, {"label": "", "text": "新条款"}]


@pytest.mark.parametrize("label, shown", [("一、", "一、"), ("第一章", "第一章\u3000"), ("一", "一\u3000"), ("四：", "四："), ("", "")])
def test_display_label(label, shown):
    assert rules.display_label(label) == shown


def test_the_editor_names_the_allowance_and_gives_the_placeholder_back():
    stored = "每天补助{holiday_allowance}元，{unknown}不动。"
    assert rules.to_editable(stored) == "每天补助〔值班补助金额〕元，{unknown}不动。"
    assert rules.from_editable(rules.to_editable(stored)) == stored
    assert rules.from_editable("每天补助{holiday_allowance}元") == "每天补助{holiday_allowance}元"


def test_a_filled_regulation_reads_as_on_the_page():
    reg = {"title": "考勤制度", "preamble": "", "closing": None,
           "articles": [{"label": "八、", "text": "每天补助{holiday_allowance}元。"}]}
    assert rules.filled_regulation(reg, {"holiday_allowance": "50"})["articles"][0]["text"] == "每天补助50元。"
    assert rules.filled_regulation(reg, {"holiday_allowance": None})["articles"][0]["text"] == "每天补助＿＿元。"
