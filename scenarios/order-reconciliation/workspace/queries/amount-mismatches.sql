-- Amount mismatches: paid, not cancelled orders whose money received differs from the amount.
-- Columns: order_no, order_amount, received, difference
--   order_amount, received and difference in yuan; difference = received - order_amount.
-- Any row order.
SELECT o.order_no,
       o.amount AS order_amount,
       SUM(s.amount_fen) / 100 AS received,
       SUM(s.amount_fen) / 100 - o.amount AS difference
FROM orders AS o
JOIN settlement AS s ON s.order_ref = o.order_no
WHERE s.txn_type = 'payment'
GROUP BY o.order_no
HAVING SUM(s.amount_fen) / 100 <> o.amount;
