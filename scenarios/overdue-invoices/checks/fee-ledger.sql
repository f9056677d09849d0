-- Reads the fee ledger after the student's statements.
SELECT invoice_no, fee_date, chargeable_days, fee
FROM late_fees
