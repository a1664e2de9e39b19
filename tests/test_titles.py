"""Every page's <title> is plain text: no markup pasted into a template's title block."""

from pathlib import Path

import pytest

TEMPLATES = sorted(Path(__file__).resolve().parent.parent.joinpath("templates").rglob("*.html"))


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(p.parents[1])))
def test_title_blocks_hold_no_markup(path):
    text = path.read_text(encoding="utf-8")
    if "{% block title %}" not in text:
        return
    title = text.split("{% block title %}", 1)[1].split("{% endblock %}", 1)[0]
    assert "<" not in title, f"{path.name}: {title[:120]}"
