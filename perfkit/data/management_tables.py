"""The management information tables of the data contract: the council's own
figures, published nowhere else (budget monitoring, complaints, resident
satisfaction, officer commentary and improvement actions). Each is optional.

:mod:`perfkit.data.contract` lists them after the published tables, in
:data:`~perfkit.data.contract.TABLES`; ``docs/data-contract.md`` explains them.
"""

from __future__ import annotations

from perfkit.data.schema import AREA_CODE, INDICATOR_ID, Column, Table, make_synthetic_column

__all__ = ["ACTION_STATUSES", "MANAGEMENT_TABLES"]

ACTION_STATUSES = ("not_started", "on_track", "at_risk", "overdue", "complete")

MANAGEMENT_TABLES: tuple[Table, ...] = (
    Table(
        "budget_monitoring",
        "Quarterly revenue budget monitoring by service.",
        (
            AREA_CODE,
            Column("period", "period", "quarter of the forecast, e.g. 2024-25 Q3"),
            Column("service", "text", "service or directorate"),
            Column("budget_gbp", "number", "net revenue budget for the year, £"),
            Column("forecast_outturn_gbp", "number", "forecast spend for the year, £"),
            Column("savings_planned_gbp", "number", "savings planned this year, £",
                   nullable=True, minimum=0),
            Column("savings_delivered_gbp", "number", "savings delivered so far, £",
                   nullable=True, minimum=0),
            make_synthetic_column(),
        ),
        key=("area_code", "period", "service"),
        management=True,
    ),
    Table(
        "complaints",
        "Complaints and compliments by service and theme.",
        (
            AREA_CODE,
            Column("period", "period", "period, e.g. 2024-25 Q3"),
            Column("service", "text", "service"),
            Column("theme", "text", "what the complaints were about"),
            Column("received", "count", "complaints received"),
            Column("upheld", "count", "complaints upheld in full or in part",
                   nullable=True),
            Column("answered_in_time", "count", "answered within the council's deadline",
                   nullable=True),
            Column("compliments", "count", "compliments received", nullable=True),
            make_synthetic_column(),
        ),
        key=("area_code", "period", "service", "theme"),
        management=True,
    ),
    Table(
        "satisfaction",
        "Resident satisfaction survey results.",
        (
            AREA_CODE,
            Column("period", "period", "survey period"),
            Column("question", "text", "the question asked"),
            Column("respondents", "count", "people who answered"),
            Column("satisfied", "count", "people satisfied (very or fairly)"),
            make_synthetic_column(),
        ),
        key=("area_code", "period", "question"),
        management=True,
    ),
    Table(
        "commentary",
        "Officer commentary on an indicator for a period.",
        (
            AREA_CODE,
            INDICATOR_ID,
            Column("period", "period", "period the comment is about"),
            Column("author", "text", "job title of the officer"),
            Column("commentary", "text", "what the officer says (shown as plain text)"),
            make_synthetic_column(),
        ),
        key=("area_code", "indicator_id", "period"),
        management=True,
    ),
    Table(
        "actions",
        "Improvement actions: owners, due dates, progress and the measure each should move.",
        (
            Column("action_id", "code", "unique id"),
            AREA_CODE,
            Column("indicator_id", "code", "indicator the action should move",
                   nullable=True),
            Column("action", "text", "what will be done"),
            Column("owner", "text", "job title of the person responsible"),
            Column("due_date", "date", "date due, YYYY-MM-DD"),
            Column("status", "choice", "progress", choices=ACTION_STATUSES),
            Column("percent_complete", "number", "how much is done, 0 to 100",
                   required=False, nullable=True, minimum=0, maximum=100),
            Column("milestones", "text", "milestones met so far, e.g. 2 of 4: pathway agreed",
                   required=False, nullable=True),
            Column("completed_date", "date", "date a complete action was finished, YYYY-MM-DD",
                   required=False, nullable=True),
            Column("update", "text", "the owner's latest word on progress",
                   required=False, nullable=True),
            make_synthetic_column(),
        ),
        key=("action_id",),
        management=True,
    ),
)
