-- Run by the sqlite3 shell on both sides; output compared byte for byte.
.headers on
.mode list
PRAGMA page_size=4096;
CREATE TABLE people(id INTEGER PRIMARY KEY, name TEXT NOT NULL, born INTEGER, city TEXT);
CREATE TABLE cities(name TEXT PRIMARY KEY, country TEXT) WITHOUT ROWID;
INSERT INTO cities VALUES('Paris','FR'),('Lyon','FR'),('Berlin','DE'),('Oslo','NO');
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 20000)
INSERT INTO people(name, born, city)
  SELECT printf('person-%05d', i), 1900 + (i * 37) % 120,
         CASE i % 4 WHEN 0 THEN 'Paris' WHEN 1 THEN 'Lyon' WHEN 2 THEN 'Berlin' ELSE 'Oslo' END
  FROM n;
CREATE INDEX people_born ON people(born);
SELECT count(*) AS n, min(born), max(born), sum(born) FROM people;
SELECT c.country, count(*) AS n, round(avg(p.born), 3) AS avg_born
  FROM people p JOIN cities c ON c.name = p.city GROUP BY c.country ORDER BY c.country;
SELECT name FROM people WHERE born = 1950 ORDER BY id LIMIT 5;
.mode column
SELECT city, count(*) AS n FROM people WHERE born BETWEEN 1990 AND 1999 GROUP BY city ORDER BY n DESC, city;
.mode csv
SELECT id, name, born FROM people WHERE id % 4000 = 0;
.mode list
BEGIN;
UPDATE people SET city = 'Oslo' WHERE born < 1910;
DELETE FROM people WHERE id % 7 = 0;
SAVEPOINT sp;
DELETE FROM people;
ROLLBACK TO sp;
RELEASE sp;
COMMIT;
SELECT count(*) AS after_delete FROM people;
SELECT printf('%.3f|%e|%5d|%-6s|%x', 3.14159, 12345.678, 42, 'ab', 255) AS fmt;
SELECT upper('straße'), lower('ÀB'), length('日本語'), hex('é'), unicode('€');
SELECT json_object('a', 1, 'b', json_array(1,2,'x')) AS j, json_extract('{"k":[5,6]}', '$.k[1]') AS k;
SELECT datetime(0, 'unixepoch'), date('2024-02-28', '+1 day'), strftime('%j', '2023-12-31');
SELECT typeof(1), typeof(1.5), typeof('t'), typeof(x'00'), typeof(NULL);
SELECT 9223372036854775807 + 0, -9223372036854775808, 1e308 * 10, 0.1 + 0.2;
CREATE VIRTUAL TABLE docs USING fts5(body);
INSERT INTO docs VALUES('the quick brown fox'),('jumps over the lazy dog'),('quick thinking');
SELECT rowid, body FROM docs WHERE docs MATCH 'quick' ORDER BY rowid;
VACUUM;
PRAGMA integrity_check;
PRAGMA foreign_key_check;
SELECT count(*) FROM pragma_table_info('people');
