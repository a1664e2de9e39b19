"""Demo accounts of duties (述职) of the year under review: some written and commented on by
the head, some written and waiting for the head's comment, the rest not written yet."""

from datetime import datetime, timedelta

from sqlalchemy import select

from ..clock import local_today
from ..demo import seeder
from ..extensions import db
from ..presence.queries import general_manager_id
from ..staff.models import Department, Employee
from . import rules
from .models import YearlyReview

ACCOUNTS = {  # username -> (account, comment or None), written against the demo posts' duties
    "staff": ("一、履行岗位职责情况：负责全年入网工程和老旧管网改造项目的立项、合同和进度管理，"
              "共管理项目十二项，均按计划开工；参加隐蔽工程验收二十余次。\n"
              "二、完成任务和目标情况：十一项按期竣工，竣工资料已移交档案室和生产运行科；"
              "施工期间无安全事故，道路占用手续均提前办妥。\n"
              "三、不足和改进：滨河小区改造项目因拆迁延期一个月，明年开工前加强与街道的协调。",
              "项目管理认真细致，竣工资料齐全规范。明年要提前协调外部手续，避免工期延误。"),
    "cs": ("全年接听供热服务热线，按紧急、急、一般三级分类派单，12345等热线转办件均当日登记派发；"
           "对咨询事项一次性告知。供暖初期报修集中时主动延长值守时间。\n"
           "不足：部分回访记录不够详细，今后改进。", None),
    "driver": ("服从办公室统一调度，全年安全行车无事故、无违章；按规定填写行车里程和加油记录，"
               "油耗未超过百公里定额；供暖期抢修出车随叫随到。", None),
    "office-head": ("组织办公室完成公文、会议、车辆调度、值班安排和卫生检查等工作；"
                    "每日卫生检查、每周在岗检查均按要求开展，全年无车辆违章和安全事故。\n"
                    "不足：值班安排有一次临时空缺，今后提前落实代班人员。",
                    "办公室各项工作有序，车辆调度和值班安排及时。值班安排要更早落实。"),
}


@seeder
def seed_reviews(now: datetime, password: str) -> None:
    if db.session.scalar(select(YearlyReview.id).limit(1)):
        return
    people = {p.username: p for p in db.session.scalars(
        select(Employee).where(Employee.username.in_(ACCOUNTS), Employee.post_id.is_not(None)))}
    if not people:
        return
    year = rules.review_year(local_today(now))
    gm = general_manager_id()
    for n, (username, (account, comment)) in enumerate(ACCOUNTS.items()):
        person = people.get(username)
        if person is None:
            continue
        dept = db.session.get(Department, person.department_id)
        written = now - timedelta(days=6 - n)
        review = YearlyReview(employee_id=person.id, year=year, post_id=person.post.id, post_title=person.post.title,
                              duties=person.post.duties, goals=person.post.goals, account=account,
                              written_at=written, updated_at=written)
        commenter = rules.commenter(person.id, person.rank, dept.head_id, dept.deputy_id, gm)
        if comment and commenter:
            review.comment, review.commented_by_id = comment, commenter
            review.commented_at = written + timedelta(days=1, hours=2)
        db.session.add(review)
    db.session.commit()
