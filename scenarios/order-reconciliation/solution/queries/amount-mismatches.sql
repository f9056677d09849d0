-- Paid orders where the money received differs from the order amount.
-- Columns: order_no, order_amount, received, difference (yuan; difference = received - order_amount).
-- Received nets payments and refunds (Chen Jing's rule of the afternoon).
SELECT o.order_no,
       o.amount AS order_amount,
       SUM(s.amount_fen) / 100.0 AS received,
       (SUM(s.amount_fen) - ROUND(o.amount * 100)) / 100.0 AS difference
FROM orders AS o
JOIN settlement AS s ON s.order_ref = o.order_no
WHERE o.status <> 'cancelled'
  AND EXISTS (
        SELECT *
        FROM settlement AS p
        WHERE p.order_ref = o.order_no
          AND p.txn_type = 'payment')
GROUP BY o.order_no
HAVING SUM(s.amount_fen) <> ROUND(o.amount * 100);
