-- Share-price moves reported on the digest day, largest move first.
SELECT deal_id, company, percent, direction, period, sources
FROM stock_moves
WHERE as_of = $day
ORDER BY abs(percent) DESC, company;
