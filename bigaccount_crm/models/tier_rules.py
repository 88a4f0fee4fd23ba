# Copyright 2026 bigaccount_crm authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The tier and class rules of one customer, as pure functions of its
figures: no database, no environment (``res_partner_tier.py`` fetches the
figures of a batch and stores what these functions return)."""

from collections import namedtuple

# One partner's figures from the tier aggregate, in its columns' order:
# amounts in the company currency, rounded to it; margin in percent.
TierFigures = namedtuple(
    "TierFigures",
    [
        "basis_own",  # own average monthly gross profit
        "basis",  # the same with the subsidiaries of a group
        "revenue",  # untaxed sales in the window
        "margin",  # gross margin (%) in the window
        "invoiced",  # invoiced in all, less refunds
        "has_bought",
        "oldest_due",  # due date of the oldest overdue item, or None
        "largest",  # largest confirmed order, untaxed
    ],
)
NO_FIGURES = TierFigures(0, 0, 0, 0, 0, False, None, 0)


def tier_for(basis, thresholds):
    """The tier ``basis`` (a monthly gross profit) reaches, from
    ``thresholds`` (``[(bound, tier)]`` by descending bound), or None."""
    for bound, tier in thresholds:
        if basis > bound:
            return tier
    return None


def tier_values(figures, current, is_referrer, is_potential, cfg, tiers, today):
    """What the tier job stores for one partner, and its new tier.

    ``figures``: its ``TierFigures``; ``current``: the ``TIER_COLUMNS``
    values stored now; ``is_referrer``: it referred a customer who then
    bought; ``is_potential``: its potential flag; ``cfg``: the settings
    (``res.partner._ka_settings``); ``tiers``: ``[(bound, tier)]`` by
    descending bound; ``today``: a date.

    Returns the ``TIER_COLUMNS`` values to store (the tier as an id or
    None). A pinned tier stays until its pin ends; classes follow the settings
    (quality: invoiced at least the threshold and paid on time, or a
    successful referral; high-value: one order at least the threshold and
    paid on time; bone: overdue long and a low margin).
    """
    # figures come rounded to the currency from the aggregate
    basis, invoiced = float(figures.basis), float(figures.invoiced)
    largest, margin = float(figures.largest), float(figures.margin)
    oldest_due = figures.oldest_due
    overdue_days = (today - oldest_due).days if oldest_due else 0
    good_payment = overdue_days <= cfg["ka_good_payment_days"]
    row = dict(
        current,
        ka_tier_basis=basis,
        ka_tier_basis_own=float(figures.basis_own),
        ka_margin_percent=margin,
        ka_invoiced_total=invoiced,
        ka_largest_order_amount=largest,
        ka_oldest_overdue_date=oldest_due,
        ka_has_bought=bool(figures.has_bought),
        ka_is_quality=(
            good_payment and invoiced > 0 and invoiced >= cfg["ka_quality_threshold"]
        )
        or is_referrer,
        ka_is_high_value=good_payment
        and largest > 0
        and largest >= cfg["ka_high_value_threshold"],
        ka_is_bone=bool(oldest_due)
        and overdue_days >= cfg["ka_bone_overdue_days"]
        and figures.revenue > 0
        and margin < cfg["ka_bone_margin_percent"],
        ka_is_potential=is_potential,
    )
    if row["ka_tier_pin_until"] and row["ka_tier_pin_until"] < today:
        row.update(ka_tier_pin_until=None, ka_tier_pin_reason=None)
    if not row["ka_tier_pin_until"]:
        reached = tier_for(basis, tiers)
        tier_id = reached.id if reached else None
        if tier_id != current["ka_tier_id"]:
            row.update(ka_tier_id=tier_id, ka_tier_date=today)
    return row
