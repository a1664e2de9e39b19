"""Billing accuracy and facilities in good order: the portal keeps no records to count them, so
the office enters them for the season and the residents' page shows them marked as entered."""

from sqlalchemy import func, select

from portal.extensions import db
from portal.service.models import EnteredFigure


def test_the_office_enters_a_figure_and_residents_see_it_marked_as_entered(app, client, as_user):
    office = as_user("office")
    assert "暂无系统数据" in client.get("/public/commitments").get_data(as_text=True)
    for bad in ({"part": "1001", "whole": "1000"}, {"part": "", "whole": "1000"}, {"part": "5", "whole": "0"}):
        office.post("/service/temperatures/figures", data={"kind": "billing_accuracy", **bad})
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(EnteredFigure)) == 0
    office.post("/service/temperatures/figures", data={"kind": "billing_accuracy", "part": "990", "whole": "1000",
                                                       "note": "11月收费单抽核"})
    office.post("/service/temperatures/figures", data={"kind": "billing_accuracy", "part": "985", "whole": "1000"})
    page = client.get("/public/commitments").get_data(as_text=True)
    section = page.split("<h3>热费收缴准确率</h3>")[1].split("</section>")[0]
    assert "98.5" in section and "985 / 1000" in section and "由办公室人工录入" in section and "未达到" in section
    assert as_user("staff").get("/service/temperatures/figures").status_code == 403
