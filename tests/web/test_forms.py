"""The portal's faster `html_params` writes exactly what WTForms' own would: if an upgrade of
WTForms changes how attributes are written, this fails and the copy is brought in line."""

import pytest
from hypothesis import given, strategies as st
from markupsafe import Markup

from portal.web.forms import LIBRARY_HTML_PARAMS, html_params

CASES = [
    {},
    {"name": "rooms-0-room", "id": "rooms-0-room"},
    {"class_": "button primary", "for_": "x", "data_hx_target": "#row", "aria_describedby": "note-msg"},
    {"checked": True, "readonly": False, "required": True, "value": ""},
    {"value": 'He said "hi" & <left>', "placeholder": "理由（不批准时必填）"},
    {"value": Markup('<b title="a">x</b>'), "title": Markup("a &amp; b")},
    {"value": 0, "maxlength": 500, "step": 0.1, "size": None},
    {"data-x": "1", "onclick": "alert('x')"},
]


@pytest.mark.parametrize("params", CASES)
def test_the_same_attributes_as_wtforms_writes(params):
    assert html_params(**params) == LIBRARY_HTML_PARAMS(**params)
    assert isinstance(html_params(**params), Markup)


@given(st.dictionaries(st.from_regex(r"[a-z][a-z_]{0,12}", fullmatch=True),
                       st.one_of(st.booleans(), st.text(max_size=20), st.integers(), st.none()), max_size=6))
def test_the_same_for_any_attributes(params):
    assert html_params(**params) == LIBRARY_HTML_PARAMS(**params)


def test_every_widget_writes_with_it():
    from wtforms.widgets import core
    assert core.html_params is html_params
    assert core.Input.html_params is html_params and core.Button.html_params is html_params
