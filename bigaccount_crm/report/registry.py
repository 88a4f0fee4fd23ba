# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The key-account Excel reports by key: one list from which the report
wizard's choice and the export log's ``report`` (``REPORT_SELECTION``), the
URL ``/bigaccount/report/<key>`` and the model that writes the workbook
(``REPORT_MODELS``, see ``bigaccount.report.xlsx._ka_report_model``) come.
A new report is a line here and a model inheriting
``bigaccount.report.xlsx``. Without imports, so that models, wizards and
controllers read it at once."""

# The workbooks' MIME type
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# (key, label, model)
REPORTS = [
    ("roster", "Key-Account Roster", "report.bigaccount_crm.roster"),
    ("credit", "Credit Exposure and Ageing", "report.bigaccount_crm.credit"),
    ("visits", "Visit Compliance per Manager", "report.bigaccount_crm.visits"),
    ("complaints", "Complaint Statistics and SLA", "report.bigaccount_crm.complaints"),
    (
        "development",
        "Development Funnel against Targets",
        "report.bigaccount_crm.development",
    ),
    ("agreements", "Agreement Achievement", "report.bigaccount_crm.agreements"),
    ("churn", "Churn Rate", "report.bigaccount_crm.churn"),
    ("pareto", "Profit Concentration (80/20)", "report.bigaccount_crm.pareto"),
    ("pacing", "Monthly Sales Pacing", "report.bigaccount_crm.pacing"),
]
REPORT_SELECTION = [(key, label) for key, label, _model in REPORTS]
REPORT_MODELS = {key: model for key, _label, model in REPORTS}
REPORT_KEYS = {model: key for key, _label, model in REPORTS}
