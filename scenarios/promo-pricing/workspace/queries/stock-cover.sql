-- Stock cover for 11.11, written in October. The warehouse says the numbers never matched.
SELECT s.sku,
       s.name,
       SUM(st.qty) - SUM(p.qty) AS available,
       f.units AS forecast,
       f.units - (SUM(st.qty) - SUM(p.qty)) AS shortfall
FROM skus s
JOIN forecast f ON f.sku = s.sku
JOIN stock st ON st.sku = s.sku
JOIN presale p ON p.sku = s.sku
GROUP BY s.sku
HAVING available < forecast
ORDER BY shortfall DESC;
