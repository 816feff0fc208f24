"""/desk/charts: the ledger's figures as charts (inline SVG) with their tables, for every office as
counts (screening.workflow.figures), and each office's overdue 清理任务 (screening.sweeps.tasks).

A period narrows the figures: ``?year=2026`` (the 年度报告's), or ``?since=2026-01&until=2026-06``
(months, both included, either may be left out), from a plain GET form and the year links. The
overdue tasks are those overdue today whatever the period: they are work to do, not history."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import anyio
from fastapi import FastAPI, Request
from starlette.responses import Response

from screening.service.desk.charts import Chart, bars, stacked_columns
from screening.service.desk.kit import Kit
from screening.sweeps.tasks import overdue_by_office
from screening.workflow.figures import VERDICTS, Figures, Period, desk_figures, ledger_years

TOP_RULES = 12  # the chart's rows; the table lists every rule
MONTH = re.compile(r"\d{4}-(?:0[1-9]|1[0-2])")
YEAR = re.compile(r"\d{4}")


def period_of(query: dict[str, str]) -> Period | None:
    """The period a request asks for (``year``, or ``since``/``until``); None when a value is not a
    year or month, or ``until`` comes before ``since``.

    >>> period_of({"year": "2026"}), period_of({"since": "2026-03", "until": ""})
    (Period(since='2026-01', until='2026-12'), Period(since='2026-03', until=None))
    >>> period_of({"since": "2026-13"}), period_of({"since": "2026-05", "until": "2026-04"})
    (None, None)
    """
    year = query.get("year", "").strip()
    if year:
        return Period.year(year) if YEAR.fullmatch(year) else None
    since, until = (query.get(key, "").strip() or None for key in ("since", "until"))
    if any(value is not None and not MONTH.fullmatch(value) for value in (since, until)):
        return None
    if since and until and until < since:
        return None
    return Period(since, until)


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
        period = period_of(dict(request.query_params))
        if period is None:
            return kit.message(request, account, 400, "charts.bad_period", "charts.bad_period_text", back="/desk/charts")
        figures, overdue, years = await anyio.to_thread.run_sync(lambda: (
            desk_figures(service.ledger, service.policy, period), overdue_by_office(service.ledger, date.today()),
            ledger_years(service.ledger)))
        words = kit.words(request)
        view = charts_view(figures, overdue, words.label, words.t("charts.hours_unit"), words.t("charts.no_owner"))
        return kit.page(request, "charts.html", account=account, view=view, verdicts=VERDICTS, top_rules=TOP_RULES,
                        period=period, years=years)
