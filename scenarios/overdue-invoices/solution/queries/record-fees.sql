-- Book the late fees of 2025-06-30 and put the disputed invoice on hold.

UPDATE invoices
SET status = 'disputed'
WHERE invoice_no = 'RX-2504-011';

WITH balances AS (
  SELECT i.invoice_no,
         c.late_fee_exempt,
         MAX(julianday('2025-06-30') - julianday(i.due_date) - 10, 0) AS chargeable_days,
         i.amount - COALESCE((SELECT SUM(p.amount)
                              FROM payments AS p
                              WHERE p.invoice_no = i.invoice_no), 0) AS outstanding
  FROM invoices AS i
  JOIN clients AS c ON c.client_id = i.client_id
  WHERE i.status NOT IN ('void', 'disputed')
),
fees AS (
  SELECT invoice_no,
         chargeable_days,
         ROUND(MIN(outstanding * 0.0005 * chargeable_days, outstanding * 0.05), 2) AS fee
  FROM balances
  WHERE late_fee_exempt = 0
)
INSERT INTO late_fees (invoice_no, fee_date, chargeable_days, fee)
SELECT invoice_no, '2025-06-30', chargeable_days, fee
FROM fees
WHERE fee > 0;
