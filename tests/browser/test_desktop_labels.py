"""Desktop tables keep their short labels whole: a status tag, a leave type, a department, a
count on the board never breaks inside (已批/准, 年休/假, 生产运/行科). Checked where testers saw
it — the approvals inbox, my leave, the absence board, the dispatch queue, the absence alarms, the monthly report —
at the desktop widths where tables are rows (1280 px, and 1024 px, where columns are tighter)."""

from playwright.sync_api import Page

from tests.browser.conftest import switch_user, visit

BROKEN_LABELS = r"""() => {
  // Short labels in tables, tags, the dispatch queue and the absence board — a run of at most
  // six characters between spaces and separators (年休假, 已批准, 生产运行科, 在岗) — that the
  // browser broke across lines.
  const broken = [];
  const scope = "main td, main th, main .tag, main .dispatch-item p, main .absence-person";
  for (const box of document.querySelectorAll(scope)) {
    const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement.closest(".prose, textarea, option")) continue;
      for (const m of node.textContent.matchAll(/[^\s·・，、：；（）()/|–-]+/g)) {
        if (m[0].length > 6) continue;
        const range = document.createRange();
        range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
        const tops = new Set(Array.from(range.getClientRects()).filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (tops.size > 1) broken.push(m[0]);
      }
    }
  }
  return broken;
}"""

PAGES = {"gm": ("/leave/inbox", "/absence/", "/leave/alarms"),
         "office": ("/vehicles/dispatch", "/leave/inbox", "/leave/report"),
         "staff": ("/leave/",),
         "cs-head": ("/absence/?dept={cs}",)}


def test_short_labels_do_not_wrap_in_desktop_tables(page: Page):
    """On a phone the tables are cards; there the labels kept whole must not push the page wider."""
    phone = page.viewport_size["width"] < 720
    broken = {}
    for user, paths in PAGES.items():
        switch_user(page, user)
        for path in paths:
            if "{cs}" in path:
                visit(page, "/absence/")
                path = page.get_by_role("link", name="客服中心", exact=True).get_attribute("href")
                path = "/absence/" + path if path.startswith("?") else path
            visit(page, path)
            if phone:
                wide = page.evaluate("document.documentElement.scrollWidth")
                if wide > page.viewport_size["width"]:
                    broken[f"{user} {path} phone"] = f"{wide} px wide"
                continue
            for width in (1280, 1024):
                page.set_viewport_size({"width": width, "height": 900})
                found = page.evaluate(BROKEN_LABELS)
                if found:
                    broken[f"{user} {path} {width}px"] = found
            page.set_viewport_size({"width": 1280, "height": 900})
    assert broken == {}
