"""Demo content of the leave requests: leave in every state, a month of history, people on
leave today (deputy 李文华 among them, so a request for him is decided by his substitute
王建国), requests waiting in several inboxes, overdue report-backs, a marriage leave with
its proof, and excuses asked of an organiser."""

import random
import secrets
from datetime import date, datetime, timedelta

from sqlalchemy import select

from ..demo import seeder
from ..extensions import db
from ..staff.models import Employee
from ..clock import LOCAL_ZONE, local_today, to_local
from ..web import pdf, uploads
from . import rules
from .models import LeaveEvent, LeaveRequest, OrganiserExcuse

MARKER = "孩子学校开家长会，需请假一天。"   # 林静's request waiting for her head (tests find it by this)
MARRIAGE_REASON = "本人结婚，申请婚假。"


def _utc(day: date, hour: int, minute: int = 0) -> datetime:
    local = datetime(day.year, day.month, day.day, hour, minute, tzinfo=LOCAL_ZONE)
    return (local - local.utcoffset()).replace(tzinfo=None)


class _Builder:
    def __init__(self, now: datetime):
        self.now = now
        self.today = local_today(now)
        people = db.session.scalars(select(Employee).where(Employee.active)).all()
        self.by_name = {p.name: p for p in people}
        self.gm = next(p for p in people if p.rank == "general_manager")

    def wd(self, n: int) -> date:
        """The n-th working day from today (0: today, if working; negative: back)."""
        day, step = self.today, (1 if n >= 0 else -1)
        count = 0
        if n == 0:
            while not rules.is_working_day(day):
                day += timedelta(days=1)
            return day
        while count < abs(n):
            day += timedelta(days=step)
            if rules.is_working_day(day):
                count += 1
        return day

    def make(self, name, leave_type, start, start_part, end, end_part, *, created, reason="", state="submitted",
             decided_by=None, decided_at=None, note="", reported_at=None, acting=None, why=None,
             proof=None, cancelled_at=None, combined=None):
        emp = self.by_name[name]
        days = rules.leave_length(start, start_part, end, end_part)
        level = rules.approver_for(emp.rank, combined or days, leave_type)
        candidates = {"department_head": emp.department.head_id, "deputy_manager": emp.department.deputy_id,
                      "general_manager": self.gm.id}
        record, record_level, record_reason = rules.approver_of_record(level, candidates, emp.id)
        leave = LeaveRequest(employee=emp, leave_type=leave_type, start_date=start, start_part=start_part,
                             end_date=end, end_part=end_part, days=days, reason=reason, state=state,
                             approver_level=record_level, approver_id=record, created_at=created,
                             filed_late=rules.filed_late(start, start_part, to_local(created).replace(tzinfo=None)),
                             combined_days=combined)
        if proof:
            leave.proof_file, leave.proof_name = proof
        acting_id = self.by_name[acting].id if acting else record
        leave.events.append(LeaveEvent(kind="submitted", actor=emp, at=created))
        leave.events.append(LeaveEvent(kind="routed", actor_id=acting_id, at=created + timedelta(seconds=1),
                                       on_behalf_of_id=record if acting_id != record else None,
                                       detail=why or record_reason))
        if state in ("approved", "refused"):
            decider = self.by_name[decided_by].id if decided_by else acting_id
            leave.decided_by_id, leave.decided_at, leave.decision_note = decider, decided_at, note
            leave.events.append(LeaveEvent(kind="decided", actor_id=decider, at=decided_at, detail=state,
                                           on_behalf_of_id=record if decider != record else None))
        if state == "cancelled":
            leave.events.append(LeaveEvent(kind="cancelled", actor=emp, at=cancelled_at))
        if reported_at:
            leave.reported_back_at = reported_at
            ended = rules.taken_end(start, start_part, end, end_part, to_local(reported_at).replace(tzinfo=None))
            if ended:  # back before the planned end: the leave ended that day
                leave.planned_end_date, leave.planned_end_part, leave.planned_days = end, end_part, days
                leave.end_date, leave.end_part = ended
                leave.days = rules.days_taken(start, start_part, *ended)
            leave.events.append(LeaveEvent(kind="reported_back", actor=emp, at=reported_at,
                                           on_behalf_of_id=leave.decided_by_id,
                                           detail=f"{ended[0].isoformat()} {ended[1]}" if ended else ""))
        db.session.add(leave)
        return leave


def _proof_file() -> tuple[str, str]:
    data = pdf.render('<html lang="zh-CN"><body style="font-family: \'Noto Sans CJK SC\'">'
                      '<h1>结婚证（演示件）</h1><p>持证人：黄丽娜</p><p>登记日期：2026年11月8日</p>'
                      '<p>本文件仅供内网门户演示使用。</p></body></html>')
    folder = uploads.upload_folder()
    folder.mkdir(parents=True, exist_ok=True)
    name = secrets.token_hex(16) + ".pdf"
    (folder / name).write_bytes(data)
    return name, "结婚证扫描件.pdf"


@seeder
def seed_leave_requests(now: datetime, password: str) -> None:
    if db.session.scalar(select(LeaveRequest.id).where(LeaveRequest.reason == MARKER)):
        return
    if not db.session.scalar(select(Employee.id).where(Employee.rank == "general_manager")):
        return  # no organisation yet
    _seed(now)


def _seed(now: datetime) -> None:
    b = _Builder(now)
    wd = b.wd

    def at(day: date, hour: int, minute: int = 0) -> datetime:  # never later than now
        return min(_utc(day, hour, minute), now - timedelta(minutes=20))

    ago = lambda days, hour=9: at(b.today - timedelta(days=days), hour)  # noqa: E731

    # --- a month of history: approved, taken and reported back -------------------------------
    rng = random.Random(1126)
    names = ["韩丽萍", "马桂兰", "杨树林", "吴春梅", "冯晓东", "宋建明", "袁立新", "田秀英", "蒋丽", "杜春燕",
             "程丽君", "苏晓梅", "魏国华", "任宏伟", "沈丽", "卢永生", "陆海军", "范永强", "贾文斌", "孟凡利"]
    for i, name in enumerate(names):
        start = wd(-22 + i)
        if start >= wd(-2):
            break
        length = rng.choice([0, 0, 0, 1])
        end = start if not length else wd(-22 + i + length)
        leave_type = rng.choice(["personal", "personal", "sick", "annual"])
        created = at(start - timedelta(days=3), 9, rng.randrange(0, 59))
        b.make(name, leave_type, start, "am", end, rng.choice(["am", "pm", "pm"]), created=created,
               reason=rng.choice(["家中有事。", "感冒发烧，需休息。", "陪父母到医院复查。", "办理房产手续。"]),
               state="approved", decided_at=created + timedelta(hours=3),
               reported_at=at(rules.next_working_day(end), 8, 20))
    b.make("林静", "annual", wd(-12), "am", wd(-11), "pm", created=ago(20), reason="年休假，回老家探亲。",
           state="approved", decided_at=ago(19), reported_at=at(wd(-10), 8, 5))
    b.make("林静", "sick", wd(-1), "am", wd(-1), "pm", created=at(wd(-1), 7, 45), reason="胃肠炎，到医院输液。",
           state="approved", decided_at=at(wd(-1), 8, 10))   # back today: still to report back
    # 李文华 away for a day earlier: 于洪波's request was decided by his substitute 王建国.
    b.make("李文华", "personal", wd(-16), "am", wd(-16), "pm", created=ago(26), reason="到市里办事。",
           state="approved", decided_at=ago(26, 11), reported_at=at(wd(-15), 8, 10))
    b.make("于洪波", "personal", wd(-14), "am", wd(-13), "pm", created=at(wd(-16), 10), reason="搬家。",
           acting="王建国", why=rules.SUBSTITUTE, state="approved", decided_by="王建国", decided_at=at(wd(-16), 15))
    b.make("宋建明", "personal", wd(3), "am", wd(3), "pm", created=ago(2, 10), reason="参加朋友婚礼。",
           state="refused", decided_at=ago(1, 16), note="年底项目验收，人手紧张，请改期。")
    b.make("唐雪", "personal", wd(5), "pm", wd(5), "pm", created=ago(5, 10), reason="孩子打疫苗。",
           state="cancelled", cancelled_at=ago(3, 14))

    # --- back before the planned end: the leave ended that day (the register counts the days taken)
    b.make("韩丽萍", "annual", wd(-3), "am", wd(2), "pm", created=ago(12), reason="年休假，回老家。",
           state="approved", decided_at=ago(11), reported_at=at(wd(-1), 8, 30))

    # --- not reported back in time ------------------------------------------------------------
    b.make("孙志强", "sick", wd(-8), "am", wd(-7), "pm", created=at(wd(-8), 7, 40), reason="腰伤复发。",
           state="approved", decided_at=at(wd(-8), 8, 30))
    b.make("彭德胜", "personal", wd(-5), "am", wd(-5), "pm", created=ago(9), reason="老人住院陪护。",
           state="approved", decided_at=ago(8))

    # --- on leave today -----------------------------------------------------------------------
    deputy_leave = b.make("李文华", "annual", wd(-1), "am", wd(1), "pm", created=ago(9, 10),
                          reason="年休假。", state="approved", decided_at=ago(6, 11))
    b.make("钟建华", "annual", wd(-3), "am", wd(1), "pm", created=ago(12), reason="年休假，外出旅游。",
           state="approved", decided_at=ago(11))
    b.make("梁艳", "sick", wd(0), "am", wd(0), "pm", created=at(wd(0), 7, 30), reason="发烧，去医院就诊。",
           state="approved", decided_at=at(wd(0), 8, 15))
    b.make("高志刚", "personal", wd(0), "pm", wd(0), "pm", created=ago(1, 16), reason="下午到银行办理业务。",
           state="approved", decided_at=ago(1, 17))

    # --- waiting ------------------------------------------------------------------------------
    # Asked before 李文华's leave was approved: sent to him, rerouted when it was.
    early = b.make("吴春梅", "personal", wd(6), "am", wd(7), "pm", created=ago(8, 15), reason="回老家处理家事。")
    early.events.append(LeaveEvent(kind="rerouted", actor=b.by_name["王建国"], on_behalf_of=b.by_name["李文华"],
                                   at=ago(6, 11), detail=f"{deputy_leave.start_date}/{deputy_leave.end_date}"))
    b.make("许婷婷", "personal", wd(2), "am", wd(4), "pm", created=at(b.today, 8, 50), reason="家中老人手术，需要陪护。",
           acting="王建国", why=rules.SUBSTITUTE)
    b.make("林静", "personal", wd(1), "am", wd(1), "pm", created=at(b.today, 9, 5), reason=MARKER)
    b.make("谢永刚", "sick", wd(1), "am", wd(2), "pm", created=at(b.today, 8, 10), reason="牙科手术后复诊。")
    b.make("曹磊", "personal", wd(2), "am", wd(2), "pm", created=ago(1, 11), reason="办理孩子入学手续。")
    b.make("姜涛", "annual", wd(10), "am", wd(14), "pm", created=ago(2, 9), reason="年休假。")
    b.make("周振华", "personal", wd(3), "am", wd(3), "am", created=ago(1, 15), reason="上午参加县里会议后办私事。")
    # 补请: sick yesterday, asked this morning.
    b.make("马桂兰", "sick", wd(-1), "am", wd(-1), "pm", created=at(b.today, 8, 25), reason="昨天突发高烧，到医院急诊，今早补请。")
    # Leave filed in pieces: a day approved by the head, then two more days adjoining it — routed as 3 days.
    b.make("杨树林", "personal", wd(4), "am", wd(4), "pm", created=ago(3, 9), reason="老家房屋翻修。",
           state="approved", decided_at=ago(3, 11))
    b.make("杨树林", "personal", wd(5), "am", wd(6), "pm", created=ago(1, 10), reason="老家房屋翻修，需再请两天。",
           combined=rules.leave_length(wd(4), "am", wd(6), "pm"), acting="王建国", why=rules.SUBSTITUTE)

    # --- marriage leave with its proof ----------------------------------------------------------
    b.make("黄丽娜", "marriage", wd(8), "am", wd(17), "pm", created=ago(10, 10), reason=MARRIAGE_REASON,
           state="approved", decided_at=ago(9, 16), proof=_proof_file())

    # --- excuses from organised activities --------------------------------------------------------
    office_head, staff = b.by_name["周振华"], b.by_name["林静"]
    db.session.add_all([
        OrganiserExcuse(employee=staff, organiser=office_head, activity="冬季安全生产培训",
                        activity_date=wd(4), reason="当天在外地参加项目验收。", created_at=ago(1)),
        OrganiserExcuse(employee=b.by_name["曹磊"], organiser=office_head, activity="月度全员大会",
                        activity_date=wd(-3), reason="稽查任务在外。", excused=True, answered_at=ago(6),
                        created_at=ago(7)),
        OrganiserExcuse(employee=b.by_name["杜春燕"], organiser=b.by_name["潘玉珍"], activity="财务知识考试",
                        activity_date=wd(-6), reason="病假中。", excused=False, answered_at=ago(12),
                        created_at=ago(13)),
    ])
    db.session.commit()
