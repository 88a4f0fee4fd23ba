# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Deadlines promised to customers, counted in working time: Odoo's resource
calendars (``plan_hours``, ``get_work_hours_count``) with their leaves and
public holidays, in the calendar's time zone. Datetimes in and out are
naive UTC, as Odoo stores them."""

from datetime import timedelta


def service_calendar(tier, company):
    """The working time of the deadlines promised to a customer of ``tier``
    by ``company``: the tier's service working time when it belongs to no
    other company, else the company's working time (an empty recordset when
    neither is set)."""
    calendar = tier.sudo().service_calendar_id
    if calendar.company_id and calendar.company_id != company:
        calendar = calendar.browse()
    return calendar or company.sudo().resource_calendar_id


def plan_hours(calendar, hours, start):
    """The moment ``hours`` working hours after ``start`` on ``calendar``,
    to the second (Odoo's days end at 23:59:59.999999); wall-clock hours
    without a calendar; ``False`` without a start."""
    if not start:
        return False
    if not calendar:
        return start + timedelta(hours=hours)
    moment = calendar.sudo().plan_hours(hours, start, compute_leaves=True)
    return moment and (moment + timedelta(microseconds=500000)).replace(microsecond=0)


def working_hours(calendar, start, end):
    """Working hours (float, to the second) between ``start`` and ``end``
    on ``calendar``; wall-clock hours without a calendar; 0 when ``end`` is
    not after ``start``."""
    if not start or not end or end <= start:
        return 0.0
    if not calendar:
        return (end - start).total_seconds() / 3600
    hours = calendar.sudo().get_work_hours_count(start, end, compute_leaves=True)
    return round(hours * 3600) / 3600
