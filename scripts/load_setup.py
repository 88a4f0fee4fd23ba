# Data of the load test (scripts/load), fed to `odoo-bin shell` on the load
# database. Idempotent: users, customers and products are found by their
# login, reference or name; each run starts from the same credit position
# (the orders of earlier runs are cancelled) and with no tier job running.
# ruff: noqa: F821  (`env` is given by odoo-bin shell)
from odoo import Command

SALESPEOPLE = 20
KEY_ACCOUNT_USERS = 4
DIRECTORS = 2
CUSTOMERS = 5
CREDIT_LIMIT = 10000
TIER_CUSTOMERS = 2000

env = env(context=dict(env.context, tracking_disable=True, no_reset_password=True))
# the setup acts as the administrator, given the finance and director
# rights that credit limits, credit modes and key-account flags need
admin = env.ref("base.user_admin")
admin.groups_id = [
    Command.link(env.ref("account.group_account_manager").id),
    Command.link(env.ref("bigaccount_crm.group_ka_director").id),
]
env = env(user=admin)
company = env.company
company.account_use_credit_limit = True


def user(login, name, groups):
    found = (
        env["res.users"].with_context(active_test=False).search([("login", "=", login)])
    )
    values = {
        "name": name,
        "login": login,
        "password": login,
        "active": True,
        "groups_id": [Command.set([env.ref(group).id for group in groups])],
    }
    if found:
        found.write(values)
        return found
    return env["res.users"].create(values)


salespeople = [
    user(
        f"load_sales_{index:02d}",
        f"Load salesperson {index:02d}",
        ["base.group_user", "sales_team.group_sale_salesman"],
    )
    for index in range(1, SALESPEOPLE + 1)
]
managers = [
    user(
        f"load_ka_{index}",
        f"Load key-account manager {index}",
        [
            "base.group_user",
            "sales_team.group_sale_salesman",
            "bigaccount_crm.group_ka_user",
        ],
    )
    for index in range(1, KEY_ACCOUNT_USERS + 1)
]
for index in range(1, DIRECTORS + 1):
    user(
        f"load_director_{index}",
        f"Load director {index}",
        [
            "base.group_user",
            "sales_team.group_sale_manager",
            "bigaccount_crm.group_ka_director",
        ],
    )

Partner = env["res.partner"].with_context(active_test=False)
customers = Partner.search([("ref", "=like", "LOAD-C%")], order="ref")
if len(customers) < CUSTOMERS:
    customers |= Partner.create(
        [
            {
                "name": f"Load customer {index}",
                "ref": f"LOAD-C{index}",
                "is_company": True,
            }
            for index in range(len(customers) + 1, CUSTOMERS + 1)
        ]
    )
for index, customer in enumerate(customers):
    customer.write(
        {
            "ka_is_key_account": True,
            "ka_manager_id": managers[index % len(managers)].id,
            "ka_credit_mode": "block",
            "ka_credit_hold": False,
        }
    )
    customer.with_company(company).credit_limit = CREDIT_LIMIT

product = env["product.product"].search([("default_code", "=", "LOAD-SERVICE")])
if not product:
    product = env["product.product"].create(
        {
            "name": "Load test service",
            "default_code": "LOAD-SERVICE",
            "type": "service",
            "list_price": 1000,
            "taxes_id": [Command.clear()],
        }
    )

# customers the tier job ranks (their invoices: one each, posted once)
ranked = Partner.search_count([("ref", "=like", "LOAD-T%")])
if ranked < TIER_CUSTOMERS:
    new = Partner.create(
        [
            {
                "name": f"Load ranked customer {index}",
                "ref": f"LOAD-T{index}",
                "is_company": True,
            }
            for index in range(ranked + 1, TIER_CUSTOMERS + 1)
        ]
    )
    invoices = env["account.move"].create(
        [
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "quantity": 1,
                            "price_unit": 500 * (1 + index % 80),
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
            for index, partner in enumerate(new)
        ]
    )
    invoices.action_post()
    new[:200].write({"ka_is_key_account": True})

# the same credit position at each run: no open order, no tier job running
orders = env["sale.order"].search(
    [("partner_id", "in", customers.ids), ("state", "!=", "cancel")]
)
orders._action_cancel()
env["bigaccount.tier.run"].sudo().search([("state", "=", "running")]).write(
    {"state": "done"}
)
env.cr.commit()
print(
    f"load data: {len(salespeople)} salespeople, {len(managers)} key-account users, "
    f"{DIRECTORS} directors, {len(customers)} customers with a credit limit of "
    f"{CREDIT_LIMIT:,}, {TIER_CUSTOMERS:,} ranked customers"
)
