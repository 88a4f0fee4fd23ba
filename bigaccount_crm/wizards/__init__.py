from . import bigaccount_tier_pin_wizard
from . import bigaccount_visit_summary
from . import bigaccount_development_drop
from . import bigaccount_report_wizard
