from . import bigaccount_tier_pin_wizard
from . import bigaccount_visit_summary
from . import bigaccount_report_wizard
from . import bigaccount_survey_entry
from . import bigaccount_survey_entry_line
