CREATE TABLE "rate_limits" (
	"key" text PRIMARY KEY NOT NULL,
	"points" integer NOT NULL,
	"expire" timestamp with time zone
);
--> statement-breakpoint
-- Counters are worth no WAL: unlogged, an update commits without waiting for a disk flush. A crash of the PostgreSQL server empties the table, which forgives this minute's counts; replicas do not carry it.
ALTER TABLE "rate_limits" SET UNLOGGED;
