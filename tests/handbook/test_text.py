"""The shipped regulation text is clean Simplified Chinese, faithful to the source."""

import re

import pytest

from portal.handbook import loader

REGULATIONS = loader.shipped()
TITLES = ["考勤制度", "卫生管理制度", "车辆管理制度", "岗位责任制度", "“首问责任人”制度", "“一站式”服务制度",
          "离岗告知制度", "用户回访制度", "限时服务制度", "用户测温制度", "用户投诉处理服务制度",
          "内部安全保卫制度", "服务承诺制度"]
# Characters the scrape had in traditional form; none may survive (a sample of the source's own).
TRADITIONAL = set("縣熱應際規種與車輛勵標準處請報經員務條務單確負責並視為鍾錶點來會設氣關門對樓區調際")
PINYIN = re.compile(r"[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]")
# A digit wedged inside a word: the original's page numbers spliced into the text.
SPLICED = re.compile(r"[\u4e00-\u9fff](\d{1,2})[\u4e00-\u9fff]")
REAL_NUMBERS = re.compile(r"\d+(天|个|分钟|小时|元|日|月|年|次|%|℃|公里)")


def _all_text(reg):
    return "\n".join([reg["title"], reg.get("preamble", ""), reg.get("closing", "")]
                     + [a["label"] + a["text"] for a in reg["articles"]])


def test_all_thirteen_in_order_with_their_articles():
    assert [r["number"] for r in REGULATIONS] == list(range(1, 14))
    assert [r["title"] for r in REGULATIONS] == TITLES
    assert all(len(r["articles"]) >= 3 for r in REGULATIONS)


@pytest.mark.parametrize("reg", REGULATIONS, ids=[r["slug"] for r in REGULATIONS])
def test_text_is_clean(reg):
    text = _all_text(reg)
    assert not (set(text) & TRADITIONAL), set(text) & TRADITIONAL
    assert not PINYIN.search(text) and "(" not in text and "?" not in text
    for match in SPLICED.finditer(text):
        assert REAL_NUMBERS.match(text, match.start(1)), f"spliced page number? {match.group(0)}"
    for noise in ("下载文档", "上传人", "编号", "KB"):
        assert noise not in text


def test_restored_symbols_and_repaired_words():
    text = "\n".join(_all_text(r) for r in REGULATIONS)
    for fragment in ("18℃", "16℃", "16±2℃", "11℃", "行车里程与百公里", "驾驶人员", "因为责任人",
                     "未改变设计", "3天以上的", "60天者", "包庇", "投诉人"):
        assert fragment in text, fragment
    assert text.count("{holiday_allowance}") == 1


def test_errata_list_every_correction_with_a_reason():
    errata = loader.errata_by_regulation()
    corrections = [c for items in errata.values() for c in items]
    assert len(corrections) >= 30
    corrected = {c["corrected"] for c in corrections}
    assert {"3天以上的", "不到岗60天者", "包庇袒护", "投诉人", "服务承诺制度"} <= corrected
    # The allowance the original leaves blank (1 §8) is filled in by the company: listed too.
    allowance = [c for c in errata[1] if c["article"] == "八、"]
    assert [(c["original"], c["corrected"]) for c in allowance] == [("每天补助 元", "每天补助{holiday_allowance}元")]
    assert all(c["reason"] for c in corrections)
