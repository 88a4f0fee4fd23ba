"""Reports of the add-on: the Excel workbook writer and one model per Excel
report (keys in ``registry``), the statement and visit-summary workbooks,
the SQL-view report models, and (XML, in the manifest) the printed reports
and the views of the SQL-view models."""

from . import registry
from . import bigaccount_report_xlsx
from . import roster_report
from . import credit_report
from . import visits_report
from . import complaints_report
from . import development_report
from . import agreements_report
from . import churn_report
from . import pareto_report
from . import pacing_report
from . import statement_report
from . import visit_summary_report

# SQL views last: they read the columns the models add
from . import bigaccount_overdue_report
from . import bigaccount_visit_daily
from . import bigaccount_target_analysis
