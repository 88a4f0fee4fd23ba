# SQL shared by the data builders of the benchmarks (scripts/bench_scale_build.py,
# scripts/bench_peers_build.py), imported inside `odoo-bin shell`.


def insert_invoice_lines(cr, moves, name, label, values):
    """Four product lines and the receivable line of each posted invoice
    listed in the table ``moves`` (columns ``id, n, partner_id,
    invoice_date, move_type, price, open``), in SQL: the lines of invoice
    ``n`` are named ``name || n`` (its number), the products ``label``;
    credit notes on the other side; the receivable line open (its whole
    amount residual) or reconciled. ``values``: ids of ``journal``,
    ``company``, ``currency``, ``income`` and ``receivable`` accounts,
    ``product`` and ``uom``."""
    values = dict(values, name=name, label=label)
    # four product lines per invoice (credit side; debit for refunds)
    cr.execute(
        f"""
        INSERT INTO account_move_line (move_id, move_name, journal_id, company_id,
                                       company_currency_id, currency_id,
                                       account_id, partner_id, product_id,
                                       product_uom_id, name, display_type,
                                       parent_state, date, quantity, price_unit,
                                       price_subtotal, price_total, debit,
                                       credit, balance, amount_currency,
                                       amount_residual, amount_residual_currency,
                                       reconciled, create_date, write_date)
        SELECT m.id, %(name)s || m.n, %(journal)s, %(company)s, %(currency)s,
               %(currency)s, %(income)s, m.partner_id, %(product)s, %(uom)s,
               %(label)s, 'product', 'posted', m.invoice_date, 1, m.price,
               m.price, m.price,
               CASE WHEN m.move_type = 'out_refund' THEN m.price ELSE 0 END,
               CASE WHEN m.move_type = 'out_refund' THEN 0 ELSE m.price END,
               CASE WHEN m.move_type = 'out_refund' THEN m.price ELSE -m.price END,
               CASE WHEN m.move_type = 'out_refund' THEN m.price ELSE -m.price END,
               0, 0, FALSE, NOW(), NOW()
          FROM {moves} m, generate_series(1, 4) line
        """,
        values,
    )
    # the receivable line of each invoice, open or reconciled
    cr.execute(
        f"""
        INSERT INTO account_move_line (move_id, move_name, journal_id, company_id,
                                       company_currency_id, currency_id,
                                       account_id, partner_id, name,
                                       display_type, parent_state, date,
                                       date_maturity, quantity, debit, credit,
                                       balance, amount_currency, amount_residual,
                                       amount_residual_currency, reconciled,
                                       create_date, write_date)
        SELECT m.id, %(name)s || m.n, %(journal)s, %(company)s, %(currency)s,
               %(currency)s, %(receivable)s, m.partner_id, %(name)s || m.n,
               'payment_term', 'posted', m.invoice_date, m.invoice_date + 30, 1,
               CASE WHEN s.sign > 0 THEN 4 * m.price ELSE 0 END,
               CASE WHEN s.sign < 0 THEN 4 * m.price ELSE 0 END,
               s.sign * 4 * m.price, s.sign * 4 * m.price,
               CASE WHEN m.open THEN s.sign * 4 * m.price ELSE 0 END,
               CASE WHEN m.open THEN s.sign * 4 * m.price ELSE 0 END,
               NOT m.open, NOW(), NOW()
          FROM {moves} m,
               LATERAL (SELECT CASE WHEN m.move_type = 'out_refund'
                                    THEN -1 ELSE 1 END AS sign) s
        """,
        values,
    )
