from . import bigaccount_tier_pin_wizard
