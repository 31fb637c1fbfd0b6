-- The trigram index of the name search without a pending list (docs/benchmarks.md, "Query plans").
-- With GIN's default fastupdate, rows inserted since the last VACUUM sit in an unsorted pending
-- list that every search reads in full, and only VACUUM or autoanalyze merges it: never on
-- embedded PGlite (no autovacuum), and not after a bulk load until autovacuum comes by. At 10,000
-- freshly loaded experts the list held every row, so the planner priced the index out and a name
-- search scanned the table. Experts are inserted rarely, so each insert now updates the index itself.
ALTER INDEX "experts_name_trgm" SET (fastupdate = off);--> statement-breakpoint
-- Merge what an existing database already has pending.
SELECT gin_clean_pending_list('experts_name_trgm');
