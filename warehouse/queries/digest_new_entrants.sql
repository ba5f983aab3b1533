-- Companies the extractor discovered (not in the knowledge base) whose first article is from the digest day.
SELECT company_id, name, kind, country
FROM companies
WHERE source = 'discovered' AND first_seen = $day
ORDER BY name;
