from . import test_access
from . import test_credit
from . import test_credit_concurrency
from . import test_qualification
from . import test_tier_job
from . import test_tier_rules
from . import test_tour
from . import test_translation
