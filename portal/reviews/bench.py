"""The accounts of duties (述职) in the benchmark: for each of the last three years, most post
holders wrote theirs and most of those were commented on by the head; in the year under
review a good share is still missing, which is what the office's overview lists."""

from datetime import timedelta

from sqlalchemy import insert, select

from ..bench.company import Build
from ..bench.pages import page
from ..clock import local_today
from ..extensions import db
from ..presence.queries import general_manager_id
from ..staff.models import Department, Employee, Post
from . import rules
from .models import YearlyReview

# (years back, share written, share of the written ones commented on)
YEARS = ((2, 0.95, 0.95), (1, 0.93, 0.9), (0, 0.6, 0.5))
ACCOUNT = ("一、履行岗位职责情况：按岗位职责完成本岗位各项工作，参加公司组织的培训和供暖期值班。\n"
           "二、完成任务和目标情况：全年工作目标基本完成，无安全事故。\n三、不足和改进：加强业务学习。")
COMMENT = "工作认真负责，完成了岗位目标。明年加强业务学习。"

# "{review_id}" is a landmark of build() below: an account the staff account's head commented on.
PAGES = [
    page("my account of duties", "staff", "/reviews/"),
    page("account of duties (the head)", "invest-head", "/reviews/{review_id}"),
    page("accounts overview (office)", "office", "/reviews/overview"),
]


def build(company: Build) -> None:
    session, rng = db.session, company.rng
    year_now = rules.review_year(local_today(company.now))
    gm = general_manager_id()
    holders = session.execute(
        select(Employee.id, Employee.rank, Post.id, Post.title, Post.duties, Post.goals,
               Department.head_id, Department.deputy_id)
        .join(Employee.post).join(Employee.department).where(Employee.active)).all()
    rows = []
    for back, written_share, commented_share in YEARS:
        year = year_now - back
        written_at = company.now - timedelta(days=365 * back + 20)
        for person, rank, post, title, duties, goals, head, deputy in holders:
            if person != company.accounts.get("staff") and rng.random() >= written_share:
                continue
            row = {"employee_id": person, "year": year, "post_id": post, "post_title": title,
                   "duties": duties, "goals": goals, "account": ACCOUNT,
                   "written_at": written_at, "updated_at": written_at,
                   "comment": "", "commented_by_id": None, "commented_at": None}
            commenter = rules.commenter(person, rank, head, deputy, gm)
            if commenter and (person == company.accounts.get("staff") or rng.random() < commented_share):
                row.update(comment=COMMENT, commented_by_id=commenter, commented_at=written_at + timedelta(days=2))
            rows.append(row)
    session.execute(insert(YearlyReview), rows)
    company.landmarks["review_id"] = session.scalar(select(YearlyReview.id).where(
        YearlyReview.employee_id == company.accounts["staff"], YearlyReview.year == year_now))
