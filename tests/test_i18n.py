"""Every text the portal shows has a Simplified Chinese translation; English stays selectable."""

import re
import subprocess
import sys
from pathlib import Path

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "portal/translations/zh_Hans_CN/LC_MESSAGES/messages.po"


def test_catalogue_translates_every_message_in_the_source(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
                    "-k", "_l", "-k", "lazy_gettext", "-o", str(pot), "portal", "templates"],
                   cwd=ROOT, check=True, capture_output=True)
    with pot.open("rb") as f:
        wanted = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f) if m.id}
    with CATALOGUE.open("rb") as f:
        catalogue = read_po(f)
    translated = {
        (m.id if isinstance(m.id, str) else m.id[0])
        for m in catalogue
        if m.id and "fuzzy" not in m.flags and (m.string if isinstance(m.string, str) else m.string[0])
    }
    assert len(wanted) > 100  # the extraction really read the source
    assert sorted(wanted - translated) == []


def test_pages_are_in_chinese_by_default(client):
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="zh-CN">' in page and "登录" in page and "用户名" in page


def test_english_can_be_chosen_and_back(client):
    response = client.post("/locale", data={"lang": "en", "next": "/login"})
    assert response.status_code == 302 and response.location == "/login"
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="en">' in page and "Username" in page
    client.post("/locale", data={"lang": "zh_CN", "next": "/login"})
    assert "用户名" in client.get("/login").get_data(as_text=True)


def test_the_menu_follows_the_language_chosen(as_user):
    """The menu's words are made once per worker and language: one language's must not be
    served in the other."""
    client = as_user("staff")
    menu = re.compile(r'<nav class="menu".*?</nav>', re.S)
    chinese = menu.search(client.get("/").get_data(as_text=True)).group(0)
    assert "通讯录" in chinese and "Directory" not in chinese
    client.post("/locale", data={"lang": "en", "next": "/"})
    english = menu.search(client.get("/").get_data(as_text=True)).group(0)
    assert "Directory" in english and "通讯录" not in english
    assert 'href="/staff/"' in english and 'aria-current="page"' in english


def test_unknown_language_and_foreign_next_are_ignored(client):
    response = client.post("/locale", data={"lang": "xx", "next": "https://evil.example/"})
    assert response.location == "/"
    assert "用户名" in client.get("/login").get_data(as_text=True)


def test_language_switch_returns_to_the_url_htmx_pushed(client):
    response = client.post("/locale", data={"lang": "en", "next": "/staff/"},
                           headers={"Referer": "http://localhost/staff/?q=wjg&dept="})
    assert response.location == "/staff/?q=wjg&dept="
    foreign = client.post("/locale", data={"lang": "en", "next": "/staff/"},
                          headers={"Referer": "https://evil.example/staff/"})
    assert foreign.location == "/staff/"


# --- Chinese punctuation ---------------------------------------------------------------------------
# A Chinese text takes full-width punctuation (，。：；（）？！). ASCII : , . ; ( ) ? ! next to a Chinese
# character (spaces between allowed) is a slip: "离岗告知: 林静". URLs, times (10:00), numbers
# (1.5) and format placeholders (%(name)s, {name}) are not text and are left out first.
CJK = r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]"
ASCII_PUNCTUATION = re.compile(rf"{CJK}[ \t]*[:,.;()?!]|[:,.;()?!][ \t]*{CJK}")
NOT_TEXT = re.compile(r"https?://\S+|%\([a-z_]+\)[-+ #0-9.]*[sdgfi]|%[sdgfi]|\{[a-z_0-9]*\}")
DOUBLED = re.compile(rf"({CJK}{{1,4}})\s+\1")   # "请 请假": a word twice across a space


def chinese_slips(text: str) -> list[str]:
    text = NOT_TEXT.sub("X", text)
    return [m.group(0) for m in ASCII_PUNCTUATION.finditer(text)] + [m.group(0) for m in DOUBLED.finditer(text)]


def test_the_punctuation_check_finds_the_slips_testers_saw():
    assert chinese_slips("离岗告知: 林静") and chinese_slips("更长时间请 请假.") and chinese_slips("成员 (12)")
    assert chinese_slips("请假?") and chinese_slips("确认!") and not chinese_slips("请假？")
    assert not chinese_slips("离岗告知：林静") and not chinese_slips("每天10:00，共1.5天，详见 https://a.cn/x.")
    assert not chinese_slips("%(what)s：%(detail)s") and not chinese_slips("最长 %(hours)g 个工作小时")


def test_the_compiled_catalogue_uses_chinese_punctuation(tmp_path):
    mo = tmp_path / "messages.mo"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "compile", "-i", str(CATALOGUE), "-o", str(mo),
                    "-l", "zh_Hans_CN"], check=True, capture_output=True)
    with mo.open("rb") as f:
        catalogue = read_mo(f)
    slips = []
    for message in catalogue:
        for text in (message.string if isinstance(message.string, (list, tuple)) else [message.string]):
            if text and chinese_slips(text):
                slips.append((message.id, text))
    assert len(catalogue) > 1000 and slips == []


def _template_text(source: str) -> list[tuple[int, str]]:
    """The text between tags of a template with its expressions as \\x01: what a page shows
    around what the template fills in (`{{ a }}: {{ b }}` shows an ASCII colon in Chinese)."""
    blank = lambda m: "\n" * m.group(0).count("\n")
    source = re.sub(r"\{#.*?#\}", blank, source, flags=re.S)
    source = re.sub(r"<(script|style)\b.*?</\1>", blank, source, flags=re.S)
    source = re.sub(r"\{\{.*?\}\}", "\x01", source, flags=re.S)
    source = re.sub(r"\{%.*?%\}", "\x02", source, flags=re.S)
    source = re.sub(r"<[^>]*>", lambda m: "\x02" + blank(m), source, flags=re.S)
    return [(number, node) for number, line in enumerate(source.split("\n"), 1)
            for node in line.split("\x02") if "\x01" in node and re.search(r"[:;,()]|\.(\s|$)", node)]


def test_templates_join_what_they_fill_in_through_the_catalogue():
    """Punctuation between filled-in parts is the translator's: `_('%(what)s: %(detail)s', …)`."""
    found = [f"{path.relative_to(ROOT)}:{number}: {node.strip()!r}"
             for path in sorted((ROOT / "templates").rglob("*.html"))
             for number, node in _template_text(path.read_text(encoding="utf-8"))]
    assert found == []
