from . import bigaccount_tier_pin_wizard
from . import bigaccount_visit_summary
