-- Overdue loans on the statement of 31 March 2025.
-- Columns: loan_id, customer, overdue_instalments, overdue_amount (yuan), days_past_due.
-- Sort: days_past_due, most first; equal days by loan_id (ascending).
WITH repaid AS (
  -- Money received up to and including the statement date; later payments are April's.
  SELECT loan_id, SUM(amount_fen) AS repaid_fen
  FROM repayments
  WHERE paid_on <= '2025-03-31'
  GROUP BY loan_id
),
due AS (
  -- What the customer had to have paid by each instalment: repayments settle the oldest first.
  SELECT i.loan_id,
         i.due_date,
         i.amount_fen,
         SUM(i.amount_fen) OVER (PARTITION BY i.loan_id ORDER BY i.period) AS due_so_far_fen
  FROM instalments AS i
  JOIN loans AS l ON l.loan_id = i.loan_id
  WHERE l.status <> 'cancelled'
),
unpaid AS (
  SELECT d.loan_id,
         d.due_date,
         MIN(d.amount_fen, d.due_so_far_fen - COALESCE(r.repaid_fen, 0)) AS unpaid_fen
  FROM due AS d
  LEFT JOIN repaid AS r ON r.loan_id = d.loan_id
  WHERE d.due_date < '2025-03-31'
)
SELECT u.loan_id,
       c.name AS customer,
       COUNT(*) AS overdue_instalments,
       SUM(u.unpaid_fen) / 100.0 AS overdue_amount,
       julianday('2025-03-31') - julianday(MIN(u.due_date)) AS days_past_due
FROM unpaid AS u
JOIN loans AS l ON l.loan_id = u.loan_id
JOIN customers AS c ON c.customer_id = l.customer_id
WHERE u.unpaid_fen > 0
GROUP BY u.loan_id
ORDER BY days_past_due DESC, u.loan_id ASC;
