"""/desk/charts: the ledger's figures as charts (inline SVG) with their tables, for every office as
counts (screening.workflow.figures), and each office's overdue 清理任务 (screening.sweeps.tasks)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import anyio
from fastapi import FastAPI, Request
from starlette.responses import Response

from screening.service.desk.charts import Chart, bars, stacked_columns
from screening.service.desk.kit import Kit
from screening.sweeps.tasks import overdue_by_office
from screening.workflow.figures import VERDICTS, Figures, desk_figures

TOP_RULES = 12  # the chart's rows; the table lists every rule


@dataclass
class ChartsView:
    figures: Figures
    overdue: list[tuple[str, int]]
    months: Chart
    rules: Chart
    approvals: Chart
    overdue_chart: Chart


def charts_view(figures: Figures, overdue: list[tuple[str, int]], label, hours_unit: str, no_owner: str) -> ChartsView:
    columns = [(month, [(verdict, label("verdict", verdict), counts[verdict]) for verdict in VERDICTS])
               for month, counts in figures.months.items()]
    return ChartsView(
        figures, overdue,
        months=stacked_columns(columns),
        rules=bars(figures.by_rule[:TOP_RULES]),
        approvals=bars([(approval.office, approval.average_hours) for approval in figures.approvals], hours_unit),
        overdue_chart=bars([(office or no_owner, count) for office, count in overdue]),
    )


def install_charts(app: FastAPI, kit: Kit) -> None:
    service = kit.service

    @app.get("/desk/charts", include_in_schema=False)
    async def charts(request: Request) -> Response:
        account = kit.account_of(request)
        figures, overdue = await anyio.to_thread.run_sync(lambda: (
            desk_figures(service.ledger, service.policy), overdue_by_office(service.ledger, date.today())))
        words = kit.words(request)
        view = charts_view(figures, overdue, words.label, words.t("charts.hours_unit"), words.t("charts.no_owner"))
        return kit.page(request, "charts.html", account=account, view=view, verdicts=VERDICTS, top_rules=TOP_RULES)
