-- Overdue invoices as of the report date 2025-06-30.
-- Columns: invoice_no, client, due_date, days_overdue, outstanding (yuan).
-- Sort: days_overdue, most first; equal days by invoice_no (ascending).
WITH balances AS (
  SELECT i.invoice_no,
         c.name AS client,
         i.due_date,
         julianday('2025-06-30') - julianday(i.due_date) AS days_overdue,
         i.amount - COALESCE((SELECT SUM(p.amount)
                              FROM payments AS p
                              WHERE p.invoice_no = i.invoice_no), 0) AS outstanding
  FROM invoices AS i
  JOIN clients AS c ON c.client_id = i.client_id
  WHERE i.status <> 'void'
)
SELECT invoice_no, client, due_date, days_overdue, outstanding
FROM balances
WHERE outstanding > 0
  AND days_overdue > 0
ORDER BY days_overdue DESC, invoice_no ASC;
