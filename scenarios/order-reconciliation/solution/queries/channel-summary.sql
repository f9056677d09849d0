-- What Huitong Pay owes the shop for the day, per channel (every row of the export counts).
-- Columns: channel, payments, gross, refunds, fees, net_settlement (yuan). Largest net first.
SELECT channel,
       COUNT(*) FILTER (WHERE txn_type = 'payment') AS payments,
       SUM(CASE WHEN txn_type = 'payment' THEN amount_fen ELSE 0 END) / 100.0 AS gross,
       SUM(CASE WHEN txn_type = 'refund' THEN amount_fen ELSE 0 END) / 100.0 AS refunds,
       SUM(fee_fen) / 100.0 AS fees,
       (SUM(amount_fen) - SUM(fee_fen)) / 100.0 AS net_settlement
FROM settlement
GROUP BY channel
ORDER BY net_settlement DESC;
