-- Overdue invoices as of the report date 2025-06-30.
-- Columns: invoice_no, client, due_date, days_overdue, outstanding (yuan).
-- Sort: days_overdue, most first; equal days by invoice_no (ascending).
SELECT i.invoice_no,
       c.name AS client,
       i.due_date,
       CAST(julianday('now') - julianday(i.due_date) AS INTEGER) AS days_overdue,
       i.amount - SUM(p.amount) AS outstanding
FROM invoices AS i
JOIN clients AS c ON c.client_id = i.client_id
JOIN payments AS p ON p.invoice_no = i.invoice_no
WHERE i.status = 'open'
  AND i.due_date < date('now')
GROUP BY i.invoice_no
ORDER BY days_overdue DESC;
