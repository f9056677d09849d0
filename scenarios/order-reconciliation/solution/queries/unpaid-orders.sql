-- Orders the marketplace counts as sold but Huitong Pay never paid.
-- Columns: order_no, customer, amount. Largest amount first; equal amounts by order_no.
SELECT o.order_no, o.customer, o.amount
FROM orders AS o
WHERE o.status <> 'cancelled'
  AND NOT EXISTS (
        SELECT *
        FROM settlement AS s
        WHERE s.order_ref = o.order_no
          AND s.txn_type = 'payment')
ORDER BY o.amount DESC, o.order_no ASC;
