-- Late fees per contract clause 7 as of the report date 2025-06-30.
-- Columns: invoice_no, client, outstanding, chargeable_days, late_fee (yuan). Any row order.
WITH balances AS (
  SELECT i.invoice_no,
         c.name AS client,
         c.late_fee_exempt,
         MAX(julianday('2025-06-30') - julianday(i.due_date) - 10, 0) AS chargeable_days,
         i.amount - COALESCE((SELECT SUM(p.amount)
                              FROM payments AS p
                              WHERE p.invoice_no = i.invoice_no), 0) AS outstanding
  FROM invoices AS i
  JOIN clients AS c ON c.client_id = i.client_id
  WHERE i.status <> 'void'
),
fees AS (
  SELECT invoice_no,
         client,
         outstanding,
         chargeable_days,
         ROUND(MIN(outstanding * 0.0005 * chargeable_days, outstanding * 0.05), 2) AS late_fee
  FROM balances
  WHERE late_fee_exempt = 0
)
SELECT invoice_no, client, outstanding, chargeable_days, late_fee
FROM fees
WHERE late_fee > 0;
