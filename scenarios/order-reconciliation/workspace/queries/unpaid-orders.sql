-- Unpaid orders: orders that are not cancelled and have no payment in the Huitong export.
-- Columns: order_no, customer, amount
-- Sort: amount, largest first; equal amounts by order_no (ascending).
SELECT order_no, customer, amount
FROM orders
WHERE order_no NOT IN (SELECT order_ref FROM settlement)
ORDER BY amount DESC;
