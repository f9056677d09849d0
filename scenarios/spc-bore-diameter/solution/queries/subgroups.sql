-- X̄ and R per sample of machining centre MC-07, from the valid CMM readings as logged.
-- Columns: sample_id, taken_at, n (valid readings), xbar (mean, mm), r (range, mm).
-- Sort: taken_at, oldest first.
SELECT s.sample_id,
       s.taken_at,
       COUNT(*) AS n,
       AVG(r.bore_mm) AS xbar,
       MAX(r.bore_mm) - MIN(r.bore_mm) AS r
FROM samples AS s
JOIN readings AS r ON r.sample_id = s.sample_id
WHERE s.machine = 'MC-07'
  AND r.status = 'ok'
GROUP BY s.sample_id
ORDER BY s.taken_at;
