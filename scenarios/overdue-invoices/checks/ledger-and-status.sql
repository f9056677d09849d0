-- Reads every invoice with its status and booked fee, then the row counts and totals of the
-- fee ledger and the payments: fees for unknown invoices, duplicated fees or changed payments
-- show up in the last two rows.
SELECT i.invoice_no AS item,
       i.status,
       i.amount,
       f.fee_date,
       f.chargeable_days,
       f.fee
FROM invoices AS i
LEFT JOIN late_fees AS f ON f.invoice_no = i.invoice_no
UNION ALL
SELECT 'total late_fees', NULL, COUNT(*), MAX(fee_date), SUM(chargeable_days), SUM(fee)
FROM late_fees
UNION ALL
SELECT 'total payments', NULL, COUNT(*), MAX(received_on), NULL, SUM(amount)
FROM payments
