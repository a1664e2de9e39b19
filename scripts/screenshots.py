"""Screenshots of portal pages as a given demo user, at phone and desktop width.

    .venv/bin/python scripts/screenshots.py BASE_URL OUT_DIR USERNAME PATH [PATH ...]

Uses Debian's Chromium (/usr/bin/chromium); for looking at what we build, not a test."""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def main(base: str, out: str, username: str, paths: list[str]) -> None:
    Path(out).mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=ARGS)
        for label, viewport in VIEWPORTS.items():
            page = browser.new_page(viewport=viewport, locale="zh-CN", timezone_id="Asia/Shanghai")
            if username != "-":
                page.goto(base + "/login")
                page.fill("input[name=username]", username)
                page.fill("input[name=password]", "changli2004")
                page.click("button[type=submit]")
            for path in paths:
                page.goto(base + path)
                page.wait_for_load_state("networkidle")
                name = path.strip("/").replace("/", "_").replace("?", "_") or "home"
                page.screenshot(path=f"{out}/{username}-{name}-{label}.png", full_page=True)
            page.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:])
