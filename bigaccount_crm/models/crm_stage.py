# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models

# The five steps of a key-account development (大客户开发五步): the stages
# of the Key Accounts sales team carry one each.
DEVELOPMENT_STEPS = [
    ("identify", "1. Identify target"),
    ("information", "2. Information and demo"),
    ("assessment", "3. Value assessment"),
    ("relationship", "4. Relationship building"),
    ("closing", "5. Closing"),
]
STEP_RANK = {step: rank for rank, (step, _label) in enumerate(DEVELOPMENT_STEPS)}
# Probability (%) of a development entering each step.
STEP_PROBABILITY = {
    "identify": 10,
    "information": 20,
    "assessment": 30,
    "relationship": 50,
    "closing": 70,
}


class CrmStage(models.Model):
    """A CRM stage that is one of the five development steps."""

    _inherit = "crm.stage"

    ka_step = fields.Selection(
        DEVELOPMENT_STEPS,
        string="Development Step",
        help="The key-account development step this stage is: moving forward "
        "past the value assessment needs a complete assessment and an approved "
        "development application.",
    )
