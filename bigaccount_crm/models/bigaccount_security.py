# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The confidentiality pattern of the add-on, written once.

Every model of the add-on is listed in ``CONFIDENTIAL`` with the path from
its records to the key account they belong to, the users who take part in
them, and the company they belong to. :meth:`_ka_sync_rules` (run at every
install and upgrade) turns each entry into the same record rules:

- a global rule: the records of the user's companies (the parent's company
  for line models);
- key-account users: the records of the accounts they manage or are on the
  team of, and those they own or take part in;
- directors: everything in their companies;
- finance, where it handles the documents (credit, statements, visit
  expenses): everything in its companies;
- other groups with access (salespeople, warehouse) as the entry says.

Configuration models (tiers, criteria, dimensions…) are readable by every
user with access and say so with ``public``. A new model joins the pattern
by an entry here; the access-matrix test fails for a model without one.
"""

from collections import namedtuple

from odoo import api, models

KA_USER = "bigaccount_crm.group_ka_user"
DIRECTOR = "bigaccount_crm.group_ka_director"
FINANCE = "account.group_account_manager"
SALESMAN = "sales_team.group_sale_salesman"
SALES_ALL = "sales_team.group_sale_salesman_all_leads"
STOCK_USER = "stock.group_stock_user"
BRANCH_MANAGER = "bigaccount_crm.group_ka_branch_manager"

Confidential = namedtuple(
    "Confidential",
    ["account", "users", "company", "optional_company", "finance", "others", "extra"],
    defaults=[None, (), None, False, False, (), None],
)
# others: ((group xml id, domain string or None for all records), ...)
# extra: a domain string OR-ed into the key-account users' rule


def _line(parent, spec):
    """The entry of a line model: its parent's, through the field ``parent``."""
    return spec._replace(
        account=spec.account and f"{parent}.{spec.account}",
        users=tuple(f"{parent}.{path}" for path in spec.users),
        company=spec.company and f"{parent}.{spec.company}",
        others=tuple(
            (group, domain.replace("('", f"('{parent}.") if domain else None)
            for group, domain in spec.others
        ),
        extra=None,
    )


PUBLIC = "public"
AGREEMENT = Confidential(
    account="partner_id",
    users=("user_id",),
    company="company_id",
    # finance settles their rebates
    finance=True,
    # salespeople see the agreements of the customers they sell to
    others=((SALESMAN, "[('partner_id.user_id', '=', user.id)]"),),
)
AGREEMENT_LETTER = _line("agreement_id", AGREEMENT)._replace(others=())
ASSESSMENT = Confidential(
    account="partner_id", users=("user_id",), company="company_id"
)
# key-account developments are CRM opportunities (whose own rules are in
# security/bigaccount_crm_rules.xml); their lines follow the same pattern
DEVELOPMENT = Confidential(
    account="partner_id",
    users=("user_id",),
    company="company_id",
    optional_company=True,
)
STATEMENT = Confidential(account="partner_id", company="company_id", finance=True)
VISIT = Confidential(
    account="partner_id",
    users=("user_id", "participant_ids"),
    company="company_id",
    finance=True,
    # tours (receptions, showroom visits) for the customer-service manager
    extra="[('kind', 'in', ('reception', 'showroom')),"
    " ('company_id.ka_service_manager_id', '=', user.id)]",
)
TRIAL = Confidential(company="company_id")
EVENT = Confidential(company="company_id")
CREDIT_SALES = (SALESMAN, "[('partner_id.user_id', '=', user.id)]")
# credit reviews and collection actions: the account team, finance, and the
# salespeople of the customer
CREDIT_DOCUMENT = Confidential(
    account="partner_id",
    users=("user_id",),
    company="company_id",
    finance=True,
    others=(CREDIT_SALES,),
)
PARTNER_COMPANY = {"company": "partner_id.company_id", "optional_company": True}

CONFIDENTIAL = {
    "bigaccount.account.class": PUBLIC,
    "bigaccount.account.team.member": Confidential(
        account="partner_id", users=("user_id",), **PARTNER_COMPANY
    ),
    "bigaccount.agreement": AGREEMENT,
    "bigaccount.agreement.line": _line("agreement_id", AGREEMENT),
    "bigaccount.agreement.letter": AGREEMENT_LETTER,
    "bigaccount.agreement.letter.line": _line("letter_id", AGREEMENT_LETTER),
    "bigaccount.anomaly": Confidential(
        account="partner_id", users=("user_id",), company="company_id"
    ),
    "bigaccount.archive": Confidential(account="partner_id", company="company_id"),
    "bigaccount.archive.audit": _line(
        "archive_id", Confidential(account="partner_id", company="company_id")
    )._replace(users=("auditor_id",)),
    "bigaccount.assessment": ASSESSMENT,
    "bigaccount.assessment.criterion": PUBLIC,
    "bigaccount.assessment.line": _line("assessment_id", ASSESSMENT),
    "bigaccount.collection.action": CREDIT_DOCUMENT,
    "bigaccount.competitor": Confidential(account="partner_id", company="company_id"),
    "bigaccount.complaint": Confidential(
        account="partner_id",
        users=("user_id", "responsible_user_id"),
        company="company_id",
    ),
    "bigaccount.complaint.counter": Confidential(company="company_id"),
    "bigaccount.contact.profile": Confidential(
        account="account_id", company="company_id"
    ),
    "bigaccount.credit.request": Confidential(
        account="partner_id",
        users=("user_id", "guarantor_id", "order_id.user_id"),
        company="company_id",
        finance=True,
        others=(
            (
                SALESMAN,
                "['|', ('user_id', '=', user.id), ('order_id.user_id', '=', user.id)]",
            ),
            (SALES_ALL, None),
            (STOCK_USER, None),
        ),
    ),
    "bigaccount.credit.review": CREDIT_DOCUMENT,
    "bigaccount.event": EVENT,
    "bigaccount.event.attendee": Confidential(
        account="partner_id", company="event_id.company_id"
    ),
    "bigaccount.export.log": Confidential(users=("user_id",), company="company_id"),
    "bigaccount.holiday": PUBLIC,
    "bigaccount.lead.criterion": _line("lead_id", DEVELOPMENT),
    "bigaccount.lead.task": _line("lead_id", DEVELOPMENT)._replace(
        users=("lead_id.user_id", "user_ids")
    ),
    "bigaccount.manager.assignment": Confidential(
        account="partner_id",
        users=("old_manager_id", "new_manager_id"),
        **PARTNER_COMPANY,
    ),
    "bigaccount.manager.rating": Confidential(
        account="partner_id", users=("manager_id",), **PARTNER_COMPANY
    ),
    "bigaccount.nomination": Confidential(
        account="partner_id",
        users=("user_id", "manager_id"),
        company="company_id",
        # branch managers decide branch-level nominations
        others=((BRANCH_MANAGER, None),),
    ),
    "bigaccount.order.review": Confidential(
        account="partner_id", users=("user_id",), company="company_id"
    ),
    "bigaccount.overdue.report": Confidential(
        account="partner_id", users=("manager_id",), company="company_id", finance=True
    ),
    "bigaccount.rebate": Confidential(
        account="partner_id", users=("user_id",), company="company_id", finance=True
    ),
    "bigaccount.rebate.bracket": _line("agreement_id", AGREEMENT)._replace(others=()),
    "bigaccount.return.request": Confidential(
        account="partner_id",
        users=("user_id",),
        company="company_id",
        others=((STOCK_USER, None),),
    ),
    "bigaccount.service": PUBLIC,
    "bigaccount.service.delivery": Confidential(
        account="partner_id", users=("user_id",), company="company_id"
    ),
    "bigaccount.statement": STATEMENT,
    "bigaccount.statement.line": _line("statement_id", STATEMENT),
    "bigaccount.target": Confidential(users=("user_id",), company="company_id"),
    "bigaccount.target.analysis": Confidential(
        users=("user_id",), company="company_id"
    ),
    "bigaccount.tier": PUBLIC,
    "bigaccount.tier.history": Confidential(
        account="partner_id", company="company_id", optional_company=True
    ),
    "bigaccount.tier.run": PUBLIC,
    "bigaccount.trial": TRIAL,
    "bigaccount.trial.line": Confidential(
        account="partner_id", company="trial_id.company_id"
    ),
    "bigaccount.visit": VISIT,
    "bigaccount.visit.daily": Confidential(users=("user_id",), company="company_id"),
    "bigaccount.visit.expense": _line("visit_id", VISIT)._replace(finance=True),
    "bigaccount.visitor.class": PUBLIC,
}


# Rules on Odoo's models, {xml id suffix: (model, name, groups, domain)}.
# Key-account developments are CRM opportunities of a key-account team:
# only the key-account team of their prospect (its manager and team, the
# opportunity's salesperson) and the directors see them, whatever CRM lets
# a salesperson see (a global rule); opportunities of other teams stay as
# CRM makes them; key-account users without CRM's groups see developments
# only.
ODOO_MODEL_RULES = {
    "crm_lead_development": (
        "crm.lead",
        "Key-account developments: their team and directors",
        None,
        f"[(1, '=', 1)] if user.has_group('{DIRECTOR}') else"
        " ['|', ('ka_is_development', '=', False),"
        " '|', '|', ('user_id', '=', user.id),"
        " ('partner_id.ka_manager_id', '=', user.id),"
        " ('partner_id.ka_team_user_ids', 'in', user.ids)]",
    ),
    "crm_lead_ka_user": (
        "crm.lead",
        "Key-account users: developments",
        (KA_USER,),
        "[('ka_is_development', '=', True)]",
    ),
    # the answers of the key-account satisfaction survey (Odoo Survey): the
    # account's key-account team and the directors, whatever Survey lets its
    # officers see; key-account users without Survey's groups read that
    # survey and its answers only
    "survey_user_input_satisfaction": (
        "survey.user_input",
        "Satisfaction answers: the account's team and directors",
        None,
        f"[(1, '=', 1)] if user.has_group('{DIRECTOR}') else"
        " ['|', ('survey_id.ka_satisfaction', '=', False),"
        " '|', ('ka_account_id.ka_manager_id', '=', user.id),"
        " ('ka_account_id.ka_team_user_ids', 'in', user.ids)]",
    ),
    "survey_user_input_line_satisfaction": (
        "survey.user_input.line",
        "Satisfaction answer lines: the account's team and directors",
        None,
        f"[(1, '=', 1)] if user.has_group('{DIRECTOR}') else"
        " ['|', ('user_input_id.survey_id.ka_satisfaction', '=', False),"
        " '|', ('user_input_id.ka_account_id.ka_manager_id', '=', user.id),"
        " ('user_input_id.ka_account_id.ka_team_user_ids', 'in', user.ids)]",
    ),
    "survey_user_input_ka_user": (
        "survey.user_input",
        "Key-account users: satisfaction answers",
        (KA_USER,),
        "[('survey_id.ka_satisfaction', '=', True)]",
    ),
    "survey_user_input_line_ka_user": (
        "survey.user_input.line",
        "Key-account users: satisfaction answer lines",
        (KA_USER,),
        "[('user_input_id.survey_id.ka_satisfaction', '=', True)]",
    ),
    "survey_survey_ka_user": (
        "survey.survey",
        "Key-account users: the satisfaction survey",
        (KA_USER,),
        "[('ka_satisfaction', '=', True)]",
    ),
    "survey_question_ka_user": (
        "survey.question",
        "Key-account users: the satisfaction survey's questions",
        (KA_USER,),
        "[('survey_id.ka_satisfaction', '=', True)]",
    ),
    "survey_question_answer_ka_user": (
        "survey.question.answer",
        "Key-account users: the satisfaction survey's choices",
        (KA_USER,),
        "['|', ('question_id.survey_id.ka_satisfaction', '=', True),"
        " ('matrix_question_id.survey_id.ka_satisfaction', '=', True)]",
    ),
}


def _any(domains):
    """The OR of domain strings."""
    domains = [domain for domain in domains if domain]
    return (
        "["
        + "'|', " * (len(domains) - 1)
        + ", ".join(domain[1:-1] for domain in domains)
        + "]"
    )


class BigaccountSecurity(models.AbstractModel):
    _name = "bigaccount.security"
    _description = "Key-Account Record Rules"

    @api.model
    def _ka_rule_values(self, spec):
        """``{key: (name suffix, groups xml ids or None for global, domain)}``
        of the rules of one ``CONFIDENTIAL`` entry."""
        rules = {}
        if spec == PUBLIC:
            return rules
        if spec.company:
            company = f"[('{spec.company}', 'in', company_ids)]"
            if spec.optional_company:
                company = _any([f"[('{spec.company}', '=', False)]", company])
            rules["company"] = ("multi-company", None, company)
        team = []
        if spec.account:
            team += [
                f"[('{spec.account}.ka_manager_id', '=', user.id)]",
                f"[('{spec.account}.ka_team_user_ids', 'in', user.ids)]",
            ]
        team += [f"[('{path}', 'in', user.ids)]" for path in spec.users]
        if spec.extra:
            team.append("['&', " + spec.extra[1:])
        if team:
            rules["team"] = ("own and team accounts", (KA_USER,), _any(team))
        rules["director"] = ("all for directors", (DIRECTOR,), "[(1, '=', 1)]")
        if spec.finance:
            rules["finance"] = ("all for finance", (FINANCE,), "[(1, '=', 1)]")
        for group, domain in spec.others:
            key = group.split(".")[-1]
            rules[key] = (key.replace("_", " "), (group,), domain or "[(1, '=', 1)]")
        return rules

    @api.model
    def _ka_sync_rules(self):
        """Write the record rules of ``CONFIDENTIAL`` (with XML ids of the
        module, so that an upgrade removes those no entry asks any more)."""
        data_list = []
        for model_name, spec in CONFIDENTIAL.items():
            model = self.env["ir.model"]._get(model_name)
            for key, (suffix, groups, domain) in self._ka_rule_values(spec).items():
                values = {
                    "name": f"{model.name}: {suffix}",
                    "model_id": model.id,
                    "domain_force": domain,
                    "groups": [
                        (6, 0, [self.env.ref(group).id for group in groups or ()])
                    ],
                }
                xml_id = (
                    f"bigaccount_crm.ka_rule_{model_name[11:].replace('.', '_')}_{key}"
                )
                data_list.append(
                    {"xml_id": xml_id, "values": values, "noupdate": False}
                )
        for key, (model_name, name, groups, domain) in ODOO_MODEL_RULES.items():
            values = {
                "name": name,
                "model_id": self.env["ir.model"]._get(model_name).id,
                "domain_force": domain,
                "groups": [(6, 0, [self.env.ref(group).id for group in groups or ()])],
            }
            data_list.append(
                {
                    "xml_id": f"bigaccount_crm.ka_rule_{key}",
                    "values": values,
                    "noupdate": False,
                }
            )
        self.env["ir.rule"].sudo()._load_records(data_list, update=True)
        return True
