# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""18.0.2.0.0: key-account developments move to CRM (step 2 of 2).

The opportunities made by ``pre-migrate.py`` get what their development
held: the Key Accounts team and the stage of its step (won: the team's won
stage; dropped: lost, with the CRM lost reason of its drop reason), the
channel, the step dates, the customer's purchase and buying criteria, the
development application with its decision and its plan, the first order.
The old tables go with their models at the end of the upgrade.
"""

import logging

from markupsafe import Markup, escape

from odoo import SUPERUSER_ID, Command, api
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

CONTEXT = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
    # the development's own history is migrated as it was, unchecked
    "ka_stage_checked": True,
}
STEPS = ("identify", "information", "assessment", "relationship", "closing")
# development column -> opportunity field
COPIED = {
    "channel": "ka_channel",
    "method": "ka_method",
    "referred_by_id": "ka_referred_by_id",
    "date_start": "ka_date_identified",
    "date_information": "ka_date_information",
    "date_assessment": "ka_date_assessment",
    "date_relationship": "ka_date_relationship",
    "date_closing": "ka_date_closing",
    "customer_budget": "ka_customer_budget",
    "procurement_step": "ka_procurement_step",
    "decision_cycle_days": "ka_decision_cycle_days",
    "application_state": "ka_application_state",
    "forecast_sales": "ka_forecast_sales",
    "forecast_profit": "ka_forecast_profit",
    "forecast_cost": "ka_forecast_cost",
    "staff_expense": "ka_staff_expense",
    "travel_expense": "ka_travel_expense",
    "relationship_budget": "ka_relationship_budget",
    "risk_level": "ka_risk_level",
    "risk_note": "ka_risk_note",
    "involvement": "ka_involvement",
    "advantage_note": "ka_advantage_note",
    "application_approver_id": "ka_application_approver_id",
    "application_date": "ka_application_date",
    "first_order_id": "ka_first_order_id",
    "first_order_amount": "ka_first_order_amount",
    "date_won": "ka_date_won",
    "ka_submitted_by_id": "ka_submitted_by_id",
    "ka_owner_at_submission_id": "ka_owner_at_submission_id",
    "probability": "probability",
}


def _exists(cr, table):
    cr.execute("SELECT to_regclass(%s)", (table,))
    return bool(cr.fetchone()[0])


def _shipped_or_made(env, table, model, prefixes, make):
    """``{old id: new record}`` of the rows of ``table`` (records of the
    removed ``model``): a shipped one becomes the new record whose XML id
    has the new prefix instead of the old one (``prefixes``), a company's
    own one is made again by ``make(row)`` (its name in ``row["name"]``)."""
    old_prefix, new_prefix = prefixes
    env.cr.execute(
        SQL(
            """
            SELECT old.*, imd.name AS xml_name
              FROM %s old
              LEFT JOIN ir_model_data imd
                ON imd.model = %s AND imd.res_id = old.id
               AND imd.module = 'bigaccount_crm'
            """,
            SQL.identifier(table),
            model,
        )
    )
    records = {}
    for row in env.cr.dictfetchall():
        shipped = row["xml_name"] and env.ref(
            "bigaccount_crm." + row["xml_name"].replace(old_prefix, new_prefix, 1),
            raise_if_not_found=False,
        )
        if isinstance(row["name"], dict):  # a translated name
            row["name"] = row["name"].get("en_US") or next(iter(row["name"].values()))
        records[row["id"]] = shipped or make(row)
    return records


def _lost_reasons(env):
    """``{drop reason id: crm.lost.reason}``: the shipped reasons by their XML
    id, the company's own ones made again as lost reasons."""
    return _shipped_or_made(
        env,
        "bigaccount_development_drop_reason",
        "bigaccount.development.drop.reason",
        ("drop_reason_", "lost_reason_"),
        lambda row: env["crm.lost.reason"].create(
            {"name": row["name"], "ka_category": row["category"]}
        ),
    )


def _lines(cr, table, rel, rel_column, development_id):
    """The rows of a line table of a development, with their users."""
    cr.execute(f"SELECT * FROM {table} WHERE development_id = %s", (development_id,))
    rows = cr.dictfetchall()
    for row in rows:
        row["user_ids"] = []
        if rel:
            cr.execute(
                f"SELECT res_users_id FROM {rel} WHERE {rel_column} = %s", (row["id"],)
            )
            row["user_ids"] = [user_id for (user_id,) in cr.fetchall()]
    return rows


def migrate(cr, version):
    _migrate_surveys(cr)
    if not _exists(cr, "bigaccount_development_migration"):
        return
    env = api.Environment(cr, SUPERUSER_ID, CONTEXT)
    team = env.ref("bigaccount_crm.crm_team_key_accounts")
    stages = {
        stage.ka_step: stage
        for stage in env["crm.stage"].search(
            [("team_id", "=", team.id), ("ka_step", "!=", False)]
        )
    }
    won_stage = env.ref("bigaccount_crm.crm_stage_won")
    reasons = _lost_reasons(env)
    task_rel = (
        "bigaccount_development_task_res_users_rel"
        if _exists(cr, "bigaccount_development_task_res_users_rel")
        else None
    )
    decider_rel = _exists(cr, "bigaccount_development_res_users_rel")
    cr.execute(
        """
        SELECT d.*, m.lead_id
          FROM bigaccount_development d
          JOIN bigaccount_development_migration m ON m.development_id = d.id
         ORDER BY d.id
        """
    )
    developments = cr.dictfetchall()
    leads = env["crm.lead"]
    for row in developments:
        lead = env["crm.lead"].browse(row["lead_id"])
        leads |= lead
        vals = {new: row[old] for old, new in COPIED.items() if old in row}
        vals["team_id"] = team.id
        if row["stage"] == "won":
            vals.update(
                stage_id=won_stage.id, probability=100, date_closed=row["date_won"]
            )
        else:
            # a dropped development stays in the last step it reached
            step = (
                row["stage"]
                if row["stage"] in STEPS
                else next(
                    (s for s in reversed(STEPS[1:]) if row.get(f"date_{s}")), STEPS[0]
                )
            )
            vals["stage_id"] = stages[step].id
        if row["stage"] == "dropped":
            vals.update(
                active=False,
                probability=0,
                lost_reason_id=reasons[row["drop_reason_id"]].id
                if row.get("drop_reason_id") in reasons
                else False,
                date_closed=row.get("date_dropped"),
            )
        if decider_rel:
            cr.execute(
                "SELECT res_users_id FROM bigaccount_development_res_users_rel"
                " WHERE bigaccount_development_id = %s",
                (row["id"],),
            )
            vals["ka_decider_ids"] = [Command.set([u for (u,) in cr.fetchall()])]
        vals["ka_task_ids"] = [
            Command.create(
                {
                    "sequence": task["sequence"],
                    "name": task["name"],
                    "step": task["stage"],
                    "support": task["support"],
                    "date_deadline": task["date_deadline"],
                    "done": task["done"],
                    "user_ids": [Command.set(task["user_ids"])],
                }
            )
            for task in _lines(
                cr,
                "bigaccount_development_task",
                task_rel,
                "bigaccount_development_task_id",
                row["id"],
            )
        ]
        vals["ka_buying_criterion_ids"] = [
            Command.create(
                {
                    "sequence": criterion["sequence"],
                    "factor": criterion["factor"],
                    "note": criterion["note"],
                }
            )
            for criterion in _lines(
                cr, "bigaccount_development_criterion", None, None, row["id"]
            )
        ]
        lead.write(vals)
        if row.get("drop_note"):
            lead._message_log(
                body=Markup("<p>%s</p><p>%s</p>")
                % (env._("Why it did not succeed:"), escape(row["drop_note"]))
            )
        first_order = lead.ka_first_order_id
        if first_order and not first_order.opportunity_id:
            first_order.opportunity_id = lead
    # the XML ids of the records of the removed models, and the removed
    # sequence of development references
    cr.execute(
        "DELETE FROM ir_model_data WHERE module = 'bigaccount_crm' AND model IN %s",
        (
            (
                "bigaccount.development.drop.reason",
                "bigaccount.development.drop",
                "bigaccount.development.task",
                "bigaccount.development.criterion",
            ),
        ),
    )
    sequence = env.ref("bigaccount_crm.seq_bigaccount_development", False)
    if sequence:
        sequence.unlink()
    cr.execute("DROP TABLE bigaccount_development_migration")
    _logger.info("%s key-account developments migrated to CRM", len(developments))


def _survey_questions(env, survey):
    """``{dimension id: survey.question}``: the shipped dimensions by their
    XML id, the company's own ones added to the survey as 1–5 questions."""
    return _shipped_or_made(
        env,
        "bigaccount_survey_dimension",
        "bigaccount.survey.dimension",
        ("survey_dimension_", "survey_question_"),
        lambda row: env["survey.question"].create(
            {
                "survey_id": survey.id,
                "title": row["name"],
                "sequence": row["sequence"],
                "question_type": "scale",
                "scale_min": 1,
                "scale_max": 5,
                "constr_mandatory": True,
            }
        ),
    )


def _migrate_surveys(cr):
    """Every satisfaction survey of the add-on becomes an answer of the
    shipped satisfaction survey (Odoo Survey) of its respondent (else its
    account): answered ones completed on their day with their scores and
    comments, the others pending; with their chatter."""
    if not _exists(cr, "bigaccount_survey"):
        return
    env = api.Environment(cr, SUPERUSER_ID, CONTEXT)
    survey = env.ref("bigaccount_crm.survey_satisfaction")
    survey.ka_satisfaction = True
    questions = _survey_questions(env, survey)
    comment_question = env.ref("bigaccount_crm.survey_question_comment", False)
    cr.execute("SELECT * FROM bigaccount_survey ORDER BY id")
    old_surveys = cr.dictfetchall()
    for row in old_surveys:
        partner = env["res.partner"].browse(row["respondent_id"] or row["partner_id"])
        answer = survey._create_answer(partner=partner, check_attempts=False)
        cr.execute(
            "SELECT * FROM bigaccount_survey_line WHERE survey_id = %s ORDER BY id",
            (row["id"],),
        )
        comments = [row["comment"]] if row["comment"] else []
        for line in cr.dictfetchall():
            question = questions[line["dimension_id"]]
            if line["score"]:
                answer._save_lines(question, line["score"])
            if line["comment"]:
                comments.append(f"{question.title}: {line['comment']}")
        if comments and comment_question:
            answer._save_lines(comment_question, "\n".join(comments))
        if row["state"] == "done":
            answer._mark_done()
            # answered on the survey's day (written after Odoo's own flush)
            env.flush_all()
            cr.execute(
                "UPDATE survey_user_input SET end_datetime = %s, create_date = %s"
                " WHERE id = %s",
                (row["date"], row["date"], answer.id),
            )
        cr.execute(
            """
            UPDATE mail_message SET model = 'survey.user_input', res_id = %s
             WHERE model = 'bigaccount.survey' AND res_id = %s
            """,
            (answer.id, row["id"]),
        )
    env["survey.user_input"].invalidate_model()
    cr.execute(
        "DELETE FROM ir_model_data WHERE module = 'bigaccount_crm' AND model IN %s",
        (
            (
                "bigaccount.survey",
                "bigaccount.survey.line",
                "bigaccount.survey.dimension",
            ),
        ),
    )
    _logger.info("%s satisfaction surveys migrated to Odoo Survey", len(old_surveys))
