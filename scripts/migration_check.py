# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The checks of scripts/migration.

migration_check.py before DATABASE FILE
    reads the developments of the previous release into FILE (JSON);
migration_check.py after DATABASE FILE UPGRADE_OK LOG
    compares each with the CRM opportunity it became; prints one
    "ok: ..." / "FAILED: ..." line per check and "N passed, N failed".
"""

import json
import sys

import psycopg2
import psycopg2.extras

BEFORE = """
SELECT d.id, d.partner_id, d.company_id, d.user_id, d.stage, d.channel,
       d.method, d.application_state, d.application_approver_id,
       d.first_order_id, d.first_order_amount::float, d.date_won::text,
       d.date_start::text, d.forecast_sales::float,
       d.expected_amount::float,
       (SELECT name FROM ir_model_data
         WHERE model = 'bigaccount.development.drop.reason'
           AND res_id = d.drop_reason_id) AS drop_xmlid,
       (SELECT count(*) FROM bigaccount_development_task t
         WHERE t.development_id = d.id) AS tasks,
       (SELECT count(*) FROM bigaccount_development_criterion c
         WHERE c.development_id = d.id) AS criteria,
       (SELECT count(*) FROM mail_message m
         WHERE m.model = 'bigaccount.development' AND m.res_id = d.id)
           AS messages,
       (SELECT name FROM ir_model_data
         WHERE model = 'bigaccount.development' AND res_id = d.id) AS xmlid
  FROM bigaccount_development d
 ORDER BY d.id
"""
AFTER = """
SELECT lead.id, lead.active, lead.team_id, lead.probability::float,
       stage.is_won, stage.ka_step, lead.ka_channel, lead.ka_method,
       lead.ka_application_state, lead.ka_application_approver_id,
       lead.ka_first_order_id, lead.ka_first_order_amount::float,
       lead.ka_date_won::text, lead.ka_date_identified::text,
       lead.ka_forecast_sales::float, lead.expected_revenue::float,
       (SELECT name FROM ir_model_data
         WHERE model = 'crm.lost.reason' AND res_id = lead.lost_reason_id)
           AS lost_xmlid,
       (SELECT count(*) FROM bigaccount_lead_task t WHERE t.lead_id = lead.id)
           AS tasks,
       (SELECT count(*) FROM bigaccount_lead_criterion c
         WHERE c.lead_id = lead.id) AS criteria,
       (SELECT count(*) FROM mail_message m
         WHERE m.model = 'crm.lead' AND m.res_id = lead.id) AS messages
  FROM crm_lead lead
  JOIN crm_stage stage ON stage.id = lead.stage_id
 WHERE lead.ka_is_development
   AND lead.partner_id = %(partner_id)s
   AND lead.company_id = %(company_id)s
"""


SURVEYS_BEFORE = """
SELECT s.id, s.partner_id, COALESCE(s.respondent_id, s.partner_id) AS respondent,
       s.state, s.date::text,
       (SELECT AVG(l.score)::float FROM bigaccount_survey_line l
         WHERE l.survey_id = s.id AND l.score > 0) AS average
  FROM bigaccount_survey s
 ORDER BY s.id
"""
SURVEYS_AFTER = """
SELECT answer.id, answer.state, answer.ka_account_id,
       answer.ka_satisfaction::float, answer.end_datetime::date::text AS day
  FROM survey_user_input answer
  JOIN survey_survey survey ON survey.id = answer.survey_id
 WHERE survey.ka_satisfaction AND answer.partner_id = %(respondent)s
"""


OLD_SURVEY_TABLES = (
    "bigaccount_survey",
    "bigaccount_survey_line",
    "bigaccount_survey_dimension",
    "bigaccount_survey_res_users_rel",
)


def _cursor(db):
    connection = psycopg2.connect(dbname=db)
    return connection.cursor(cursor_factory=psycopg2.extras.RealDictCursor)


def before(db, path):
    cr = _cursor(db)
    cr.execute(BEFORE)
    rows = cr.fetchall()
    cr.execute(SURVEYS_BEFORE)
    surveys = cr.fetchall()
    with open(path, "w") as file:
        json.dump({"developments": rows, "surveys": surveys}, file)
    return 0 if rows and surveys else 1


def _expected_state(old):
    """(step or None, won, active) the development's opportunity has."""
    if old["stage"] == "won":
        return (None, True, True)
    if old["stage"] == "dropped":
        return (None, False, False)
    return (old["stage"], False, True)


def _compare(old, lead, xml_target, team_id):
    """The differences between a development and its opportunity."""
    step, won, active = _expected_state(old)
    wrong = []
    if lead["team_id"] != team_id:
        wrong.append("team")
    if (bool(lead["is_won"]), lead["active"]) != (won, active):
        wrong.append(f"won/active {lead['is_won']}/{lead['active']}")
    if step and lead["ka_step"] != step:
        wrong.append(f"step {lead['ka_step']} instead of {step}")
    pairs = {
        "channel": "ka_channel",
        "method": "ka_method",
        "application_state": "ka_application_state",
        "application_approver_id": "ka_application_approver_id",
        "first_order_id": "ka_first_order_id",
        "first_order_amount": "ka_first_order_amount",
        "date_won": "ka_date_won",
        "date_start": "ka_date_identified",
        "forecast_sales": "ka_forecast_sales",
        "expected_amount": "expected_revenue",
        "tasks": "tasks",
        "criteria": "criteria",
    }
    for old_name, new_name in pairs.items():
        if (old[old_name] or None) != (lead[new_name] or None):
            wrong.append(f"{new_name} {lead[new_name]!r} != {old[old_name]!r}")
    if old["drop_xmlid"]:
        expected = old["drop_xmlid"].replace("drop_reason_", "lost_reason_", 1)
        if lead["lost_xmlid"] != expected:
            wrong.append(f"lost reason {lead['lost_xmlid']} != {expected}")
    if lead["messages"] < old["messages"]:
        wrong.append(f"{lead['messages']} messages of {old['messages']}")
    if old["xmlid"] and xml_target != ("crm.lead", lead["id"]):
        wrong.append(f"XML id {old['xmlid']} -> {xml_target}")
    return wrong


def _surveys(cr, surveys):
    """Each satisfaction survey of the previous release is an answer of the
    shipped Odoo survey of its respondent: done ones on their day with their
    average, the others pending."""
    results = [(bool(surveys), f"{len(surveys)} satisfaction surveys to migrate")]
    for old in surveys:
        cr.execute(SURVEYS_AFTER, old)
        answers = cr.fetchall()
        done = old["state"] == "done"
        wrong = []
        if len(answers) != 1:
            wrong.append(f"{len(answers)} answers")
        else:
            answer = answers[0]
            if (answer["state"] == "done") != done:
                wrong.append(f"state {answer['state']}")
            if answer["ka_account_id"] != old["partner_id"]:
                wrong.append("account")
            if done and abs((answer["ka_satisfaction"] or 0) - old["average"]) > 0.01:
                wrong.append(
                    f"satisfaction {answer['ka_satisfaction']} != {old['average']}"
                )
            if done and answer["day"] != old["date"]:
                wrong.append(f"day {answer['day']} != {old['date']}")
        results.append(
            (
                not wrong,
                f"satisfaction survey {old['id']} ({old['state']}) is an answer of"
                " Odoo's survey" + (f": {'; '.join(wrong)}" if wrong else ""),
            )
        )
    return results


def after(db, path, upgrade_ok, log):
    with open(path) as file:
        before_data = json.load(file)
    developments = before_data["developments"]
    cr = _cursor(db)
    results = [(upgrade_ok == "1", f"upgrade from the previous release ({log})")]
    cr.execute(
        "SELECT res_id FROM ir_model_data"
        " WHERE module = 'bigaccount_crm' AND name = 'crm_team_key_accounts'"
    )
    team = cr.fetchone()
    team_id = team and team["res_id"]
    results.append(
        (
            len(developments) >= 5
            and {"won", "dropped"} <= {d["stage"] for d in developments},
            f"{len(developments)} developments of the demo data to migrate,"
            " won and dropped among them",
        )
    )
    for old in developments:
        cr.execute(AFTER, old)
        leads = cr.fetchall()
        xml_target = None
        if old["xmlid"]:
            cr.execute(
                "SELECT model, res_id FROM ir_model_data"
                " WHERE module = 'bigaccount_crm' AND name = %s",
                (old["xmlid"],),
            )
            row = cr.fetchone()
            xml_target = row and (row["model"], row["res_id"])
        if len(leads) != 1:
            wrong = [f"{len(leads)} opportunities"]
        else:
            wrong = _compare(old, leads[0], xml_target, team_id)
        results.append(
            (
                not wrong,
                f"development {old['xmlid'] or old['id']} ({old['stage']}) is an"
                " opportunity with what it held"
                + (f": {'; '.join(wrong)}" if wrong else ""),
            )
        )
    results += _surveys(cr, before_data["surveys"])
    cr.execute(
        "SELECT count(*) AS n FROM pg_tables WHERE tablename LIKE"
        " 'bigaccount\\_development%%' OR tablename IN %s",
        (OLD_SURVEY_TABLES,),
    )
    tables = cr.fetchone()["n"]
    cr.execute(
        "SELECT count(*) AS n FROM ir_model WHERE model LIKE 'bigaccount.development%%'"
    )
    models = cr.fetchone()["n"]
    cr.execute(
        "SELECT count(*) AS n FROM ir_model_data WHERE model LIKE"
        " 'bigaccount.development%%' OR model IN"
        " ('bigaccount.survey', 'bigaccount.survey.line',"
        " 'bigaccount.survey.dimension')"
    )
    xmlids = cr.fetchone()["n"]
    cr.execute(
        "SELECT count(*) AS n FROM ir_model_relation WHERE name LIKE"
        " 'bigaccount\\_development%%'"
    )
    relations = cr.fetchone()["n"]
    left = (tables, models, xmlids, relations)
    results.append(
        (
            left == (0, 0, 0, 0),
            "the old models are gone: tables, models, XML ids, relations"
            f" ({', '.join(map(str, left))} left)",
        )
    )
    passed = sum(1 for ok, _label in results if ok)
    for ok, label in results:
        print(("ok: " if ok else "FAILED: ") + label)
    print(f"{passed} passed, {len(results) - passed} failed")
    return 0 if passed == len(results) else 1


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    sys.exit(before(*args) if command == "before" else after(*args))
