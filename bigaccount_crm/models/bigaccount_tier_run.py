# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class BigaccountTierRun(models.Model):
    """One run of the tier job, and where it stands.

    The job handles one batch of commercial partners per call and records
    the last partner handled here; the scheduler commits after each call, so
    a run that is killed resumes after its last committed batch.
    """

    _name = "bigaccount.tier.run"
    _description = "Key-Account Tier Job Run"
    _order = "id desc"

    date_start = fields.Datetime(
        string="Started", required=True, default=fields.Datetime.now
    )
    date_end = fields.Datetime(string="Finished")
    state = fields.Selection(
        [("running", "Running"), ("done", "Done")],
        required=True,
        default="running",
        index=True,
    )
    last_partner_id = fields.Integer(
        string="Last Partner Handled",
        help="Database id of the last commercial partner of the last "
        "committed batch; the next batch starts after it.",
    )
    partner_count = fields.Integer(string="Partners Handled")
    changed_count = fields.Integer(string="Partners Changed")
    batch_count = fields.Integer(string="Batches")
