"""The fuel month as an Excel workbook (openpyxl): the reconciliation per car, then the ledger."""

import io

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

OVER = PatternFill("solid", fgColor="FBE3E1")


def fuel_workbook(company: str, month_label: str, rows, lines, closed: bool) -> bytes:
    """`rows`: (car, distance km, rules.reconcile(...)); `lines`: the month's FuelEntry rows."""
    wb = Workbook()
    sheet = wb.active
    sheet.title = "油耗核算"
    sheet.append([f"{company} 车辆用油月度核算 {month_label}" + ("（已结账）" if closed else "（未结账）")])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(["车牌", "车型", "百公里定额（升）", "行驶里程（公里）", "应供油量（升）", "实际加油（升）", "差额（升）", "差额占比", "超定额"])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for car, distance, m in rows:
        sheet.append([car.plate, car.model, float(car.fuel_norm), distance, float(m["allowance"]), float(m["issued"]),
                      float(m["difference"]), float(m["share"]) / 100 if m["share"] is not None else None,
                      "是" if m["over"] else ""])
        if m["over"]:
            for cell in sheet[sheet.max_row]:
                cell.fill = OVER
        sheet.cell(sheet.max_row, 8).number_format = "0.0%"
    ledger = wb.create_sheet("加油记录")
    ledger.append(["日期", "车牌", "升数", "金额（元）", "加油地点", "指定加油站", "事先同意的领导", "可报销"])
    for cell in ledger[1]:
        cell.font = Font(bold=True)
    for line in lines:
        ledger.append([line.day, line.car.plate, float(line.litres), float(line.amount_yuan), line.station,
                       "是" if line.designated else "否", line.approved_by.name if line.approved_by else "",
                       "是" if line.reimbursable else "否"])
        ledger.cell(ledger.max_row, 1).number_format = "yyyy-mm-dd"
    for ws, widths in ((sheet, (12, 16, 14, 14, 14, 14, 12, 10, 8)), (ledger, (12, 12, 10, 12, 20, 10, 14, 8))):
        for n, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(n)].width = width
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
