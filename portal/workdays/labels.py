"""Words for the working calendar that every area shows."""

from flask_babel import gettext as _, lazy_gettext as _l

from . import rules

SOURCE_LABELS = {
    rules.ENTERED: _l("entered by the office"),
    rules.PACKAGE: _l("from the chinesecalendar package"),
    rules.STATUTORY: _l("provisional: statutory public holidays only"),
}
SOURCE_TAGS = {   # the same, short, for the year picker
    rules.ENTERED: _l("entered"),
    rules.PACKAGE: _l("built in"),
    rules.STATUTORY: _l("provisional"),
}


def provisional_message(year: int) -> str:
    """The notice for a year counted from the statutory holidays only."""
    return _("The %(year)d holiday schedule has not been entered yet; counted from the statutory "
             "public holidays for now.", year=year)
