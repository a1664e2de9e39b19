"""Every text the portal shows has a Simplified Chinese translation; English stays selectable."""

import subprocess
import sys
from pathlib import Path

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
