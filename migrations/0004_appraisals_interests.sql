CREATE TABLE "appraisals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"assignment_id" uuid NOT NULL,
	"author_principal" text NOT NULL,
	"author_role" "role" NOT NULL,
	"rating" integer NOT NULL,
	"comment" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "appraisals_rating" CHECK ("appraisals"."rating" between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "declared_interests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"expert_id" uuid NOT NULL,
	"country" text,
	"party" text,
	"party_key" text,
	"note" text,
	"declared_by_role" "role" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "declared_interests_tie" CHECK ("declared_interests"."country" is not null or "declared_interests"."party" is not null),
	CONSTRAINT "declared_interests_key" CHECK (("declared_interests"."party" is null) = ("declared_interests"."party_key" is null))
);
--> statement-breakpoint
ALTER TABLE "deployment_requests" ADD COLUMN "parties" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "appraisals" ADD CONSTRAINT "appraisals_assignment_id_assignments_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."assignments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "declared_interests" ADD CONSTRAINT "declared_interests_expert_id_experts_id_fk" FOREIGN KEY ("expert_id") REFERENCES "public"."experts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "appraisals_one_per_author" ON "appraisals" USING btree ("assignment_id","author_principal");--> statement-breakpoint
CREATE UNIQUE INDEX "declared_interests_once" ON "declared_interests" USING btree ("expert_id",coalesce("country", ''),coalesce("party_key", ''));--> statement-breakpoint
CREATE INDEX "declared_interests_country" ON "declared_interests" USING btree ("country");--> statement-breakpoint
CREATE INDEX "declared_interests_party_key" ON "declared_interests" USING btree ("party_key");