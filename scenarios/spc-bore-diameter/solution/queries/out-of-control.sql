-- MC-07 samples outside the X̄ or R control limits, with the CMM offset corrected.
-- Readings taken from the probe change (1 Dec 13:10:00) until the recalibration
-- (2 Dec 10:30:00) read 0.004 mm too large. Only samples with five valid readings count.
-- Columns: sample_id, taken_at, xbar, r, lcl_x, ucl_x, ucl_r (mm). Sort: taken_at.
WITH corrected AS (
  SELECT s.sample_id,
         s.taken_at,
         r.bore_mm - CASE
                       WHEN r.measured_at >= '2026-12-01 13:10:00'
                        AND r.measured_at < '2026-12-02 10:30:00' THEN 0.004
                       ELSE 0
                     END AS bore
  FROM samples AS s
  JOIN readings AS r ON r.sample_id = s.sample_id
  WHERE s.machine = 'MC-07'
    AND r.status = 'ok'
),
subgroups AS (
  SELECT sample_id, taken_at, AVG(bore) AS xbar, MAX(bore) - MIN(bore) AS r
  FROM corrected
  GROUP BY sample_id
  HAVING COUNT(*) = 5
),
limits AS (
  -- n = 5: A2 = 0.577, D3 = 0 (no lower range limit), D4 = 2.114
  SELECT AVG(xbar) - 0.577 * AVG(r) AS lcl_x,
         AVG(xbar) + 0.577 * AVG(r) AS ucl_x,
         2.114 * AVG(r) AS ucl_r
  FROM subgroups
)
SELECT g.sample_id, g.taken_at, g.xbar, g.r, l.lcl_x, l.ucl_x, l.ucl_r
FROM subgroups AS g
CROSS JOIN limits AS l
WHERE g.xbar > l.ucl_x
   OR g.xbar < l.lcl_x
   OR g.r > l.ucl_r
ORDER BY g.taken_at;
