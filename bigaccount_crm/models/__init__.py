from . import bigaccount_tier
from . import bigaccount_tier_history
from . import bigaccount_tier_run
from . import bigaccount_credit_request
from . import bigaccount_credit_review
from . import bigaccount_collection_action
from . import bigaccount_statement
from . import bigaccount_workflow_mixin
from . import bigaccount_visitor_class
from . import bigaccount_visit
from . import bigaccount_complaint
from . import bigaccount_anomaly
from . import bigaccount_return_request
from . import bigaccount_assessment
from . import bigaccount_competitor
from . import bigaccount_contact_profile
from . import account_move
from . import res_company
from . import res_partner
from . import bigaccount_nomination
from . import res_config_settings
from . import sale_order
from . import sale_order_line
from . import stock_picking

# SQL views last: they read the columns the models above add
from . import bigaccount_overdue_report
from . import bigaccount_visit_daily
