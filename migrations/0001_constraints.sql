-- What drizzle-kit cannot express: extensions, exclusion constraints and trigram indexes.
CREATE EXTENSION IF NOT EXISTS btree_gist;--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
-- An expert's days are held by at most one live assignment: the database refuses a double booking.
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_no_double_booking"
  EXCLUDE USING gist ("expert_id" WITH =, "days" WITH &&)
  WHERE ("status" IN ('OFFERED', 'ACCEPTED', 'DEPLOYED'));--> statement-breakpoint
-- Marked periods of one expert never overlap: each day has one marked status.
ALTER TABLE "availability_periods" ADD CONSTRAINT "availability_periods_no_overlap"
  EXCLUDE USING gist ("expert_id" WITH =, "days" WITH &&);--> statement-breakpoint
CREATE INDEX "experts_name_trgm" ON "experts" USING gin ("name_key" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "assignments_days" ON "assignments" USING gist ("days") WHERE ("status" IN ('OFFERED', 'ACCEPTED', 'DEPLOYED'));--> statement-breakpoint
CREATE INDEX "availability_periods_unavailable" ON "availability_periods" USING gist ("days") WHERE ("status" = 'UNAVAILABLE');--> statement-breakpoint
INSERT INTO "expertise_areas" ("code", "name", "description", "position") VALUES
  ('PROCESS_DESIGN', 'Process design', 'Designing mediation and dialogue processes: sequencing, formats, participation.', 1),
  ('CONSTITUTION_MAKING', 'Constitution making', 'Constitutional reform and constitution-making processes.', 2),
  ('POWER_SHARING', 'Power sharing', 'Power-sharing arrangements between parties to a conflict.', 3),
  ('SECURITY_ARRANGEMENTS', 'Security arrangements', 'Ceasefires, disarmament, demobilisation and reintegration (DDR), security sector reform (SSR).', 4),
  ('NATURAL_RESOURCES', 'Natural resources', 'Land, water and energy disputes, and shared-resource agreements.', 5),
  ('GENDER_INCLUSION', 'Gender and inclusion', 'Women''s meaningful participation and inclusive processes.', 6),
  ('TRANSITIONAL_JUSTICE', 'Transitional justice', 'Truth, justice, reparations and guarantees of non-recurrence.', 7),
  ('ELECTORAL_DISPUTES', 'Electoral disputes', 'Preventing and resolving disputes over electoral calendars and results.', 8),
  ('CONFLICT_ANALYSIS', 'Conflict analysis', 'Analysis of conflict actors, drivers and dynamics, in person or remotely.', 9),
  ('DIALOGUE_FACILITATION', 'Dialogue facilitation', 'Facilitating dialogue between parties and with communities.', 10);
