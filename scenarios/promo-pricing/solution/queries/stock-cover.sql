-- SKUs whose stock for 12.12 does not cover the forecast. Each source is summed on its own
-- before the join: joining the raw rows would repeat each stock row once per pre-sale order.
WITH sellable AS (
  SELECT sku, SUM(qty) AS qty FROM stock WHERE status = 'sellable' GROUP BY sku
),
reserved AS (
  SELECT sku, SUM(qty) AS qty FROM presale WHERE status = 'deposit_paid' GROUP BY sku
),
corrected AS (
  SELECT sku, SUM(qty_change) AS qty FROM stock_adjustments WHERE status = 'confirmed' GROUP BY sku
),
cover AS (
  SELECT s.sku, s.name,
         COALESCE(st.qty, 0) - COALESCE(r.qty, 0) + COALESCE(c.qty, 0) AS available,
         f.units AS forecast
  FROM skus s
  JOIN forecast f ON f.sku = s.sku
  LEFT JOIN sellable st ON st.sku = s.sku
  LEFT JOIN reserved r ON r.sku = s.sku
  LEFT JOIN corrected c ON c.sku = s.sku
  WHERE s.active = 1
)
SELECT sku, name, available, forecast, forecast - available AS shortfall
FROM cover
WHERE available < forecast
ORDER BY shortfall DESC, sku;
