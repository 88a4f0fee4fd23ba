from . import bigaccount_tier
from . import bigaccount_tier_history
from . import bigaccount_tier_run
from . import res_partner
from . import res_config_settings
