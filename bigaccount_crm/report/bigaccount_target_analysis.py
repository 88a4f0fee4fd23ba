# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""SQL-view report model ``bigaccount.target.analysis``: the managers'
targets and actuals side by side, for the target-vs-actual graph and pivot
(views in ``bigaccount_target_analysis_views.xml``)."""

from odoo import fields, models, tools
from odoo.tools import SQL

from ..models.bigaccount_target import MEASURE_LABELS, MEASURES


class BigaccountTargetAnalysis(models.Model):
    """Targets and actuals side by side, one row per measure and figure,
    for the target-vs-actual graph and pivot."""

    _name = "bigaccount.target.analysis"
    _description = "Targets against Actuals"
    _auto = False
    _order = "date_from desc, user_id, measure"

    target_id = fields.Many2one(
        "bigaccount.target", string="Manager Targets", readonly=True
    )
    user_id = fields.Many2one("res.users", string="Account Manager", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    date_from = fields.Date(string="From", readonly=True)
    date_to = fields.Date(string="To", readonly=True)
    kind = fields.Selection(
        [("development", "Development"), ("maintenance", "Maintenance")],
        readonly=True,
    )
    measure = fields.Selection(MEASURE_LABELS, readonly=True)
    is_amount = fields.Boolean(string="Amount", readonly=True)
    figure = fields.Selection(
        [("target", "Target"), ("actual", "Actual")], readonly=True
    )
    value = fields.Float(readonly=True)
    target = fields.Float(readonly=True)
    actual = fields.Float(readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        rows = SQL(", ").join(
            SQL(
                "(%s, %s, %s, t.%s::float, t.%s::float)",
                measure,
                kind,
                measure in ("sales", "maintenance_sales"),
                SQL.identifier(target),
                SQL.identifier(actual),
            )
            for measure, kind, target, actual in MEASURES
        )
        # SQL: the analysis is a database view (one row per target and figure)
        self.env.cr.execute(
            SQL(
                """
                CREATE VIEW %(view)s AS (
                    SELECT t.id * 100 + ROW_NUMBER() OVER (
                               PARTITION BY t.id ORDER BY m.measure, f.figure
                           ) AS id,
                           t.id AS target_id, t.user_id, t.company_id,
                           t.date_from, t.date_to,
                           m.kind, m.measure, m.is_amount, f.figure,
                           CASE WHEN f.figure = 'target' THEN m.target
                                ELSE m.actual END AS value,
                           CASE WHEN f.figure = 'target' THEN m.target
                                ELSE 0 END AS target,
                           CASE WHEN f.figure = 'actual' THEN m.actual
                                ELSE 0 END AS actual
                      FROM bigaccount_target t
                     CROSS JOIN LATERAL (VALUES %(rows)s)
                           AS m(measure, kind, is_amount, target, actual)
                     CROSS JOIN (VALUES ('target'), ('actual')) AS f(figure)
                )
                """,
                view=SQL.identifier(self._table),
                rows=rows,
            )
        )
