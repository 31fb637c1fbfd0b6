CREATE TYPE "public"."assignment_status" AS ENUM('OFFERED', 'ACCEPTED', 'DECLINED', 'WITHDRAWN', 'DEPLOYED', 'COMPLETED', 'CANCELLED');--> statement-breakpoint
CREATE TYPE "public"."deployment_mode" AS ENUM('IN_PERSON', 'REMOTE', 'HYBRID');--> statement-breakpoint
CREATE TYPE "public"."gender" AS ENUM('FEMALE', 'MALE', 'OTHER', 'UNDISCLOSED');--> statement-breakpoint
CREATE TYPE "public"."marked_status" AS ENUM('AVAILABLE', 'TENTATIVE', 'UNAVAILABLE');--> statement-breakpoint
CREATE TYPE "public"."proficiency" AS ENUM('BASIC', 'WORKING', 'FLUENT', 'NATIVE');--> statement-breakpoint
CREATE TYPE "public"."request_status" AS ENUM('SUBMITTED', 'STAFFING', 'APPROVED', 'DEPLOYED', 'COMPLETED', 'CANCELLED');--> statement-breakpoint
CREATE TYPE "public"."role" AS ENUM('ADMIN', 'COORDINATOR', 'REQUESTER', 'EXPERT');--> statement-breakpoint
CREATE TYPE "public"."roster_tier" AS ENUM('STANDBY_TEAM', 'ROSTER');--> statement-breakpoint
CREATE TABLE "api_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"role" "role" NOT NULL,
	"expert_id" uuid,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_tokens_expert_binding" CHECK (("api_tokens"."role" = 'EXPERT') = ("api_tokens"."expert_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "assignments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid NOT NULL,
	"role_id" uuid NOT NULL,
	"expert_id" uuid NOT NULL,
	"status" "assignment_status" NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"mode" "deployment_mode" NOT NULL,
	"days" daterange GENERATED ALWAYS AS (daterange(start_date, end_date, '[]')) STORED NOT NULL,
	"offered_at" timestamp with time zone DEFAULT now() NOT NULL,
	"responded_at" timestamp with time zone,
	"responded_by_role" "role",
	"note" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "assignments_order" CHECK ("assignments"."end_date" >= "assignments"."start_date")
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_token_id" uuid,
	"actor_role" "role" NOT NULL,
	"action" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text NOT NULL,
	"changes" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "availability_periods" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"expert_id" uuid NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"days" daterange GENERATED ALWAYS AS (daterange(start_date, end_date, '[]')) STORED NOT NULL,
	"status" "marked_status" NOT NULL,
	"note" text,
	CONSTRAINT "availability_periods_order" CHECK ("availability_periods"."end_date" >= "availability_periods"."start_date")
);
--> statement-breakpoint
CREATE TABLE "calendar_feeds" (
	"expert_id" uuid PRIMARY KEY NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"active" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "deployment_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"requesting_entity" text NOT NULL,
	"country" text NOT NULL,
	"mode" "deployment_mode" NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"min_women" integer DEFAULT 0 NOT NULL,
	"status" "request_status" DEFAULT 'SUBMITTED' NOT NULL,
	"owner_principal" text NOT NULL,
	"idempotency_key" text,
	"input_hash" text NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "deployment_requests_order" CHECK ("deployment_requests"."end_date" >= "deployment_requests"."start_date"),
	CONSTRAINT "deployment_requests_min_women" CHECK ("deployment_requests"."min_women" >= 0)
);
--> statement-breakpoint
CREATE TABLE "expert_expertise" (
	"expert_id" uuid NOT NULL,
	"area_code" text NOT NULL,
	"level" integer NOT NULL,
	CONSTRAINT "expert_expertise_expert_id_area_code_pk" PRIMARY KEY("expert_id","area_code"),
	CONSTRAINT "expert_expertise_level" CHECK ("expert_expertise"."level" between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "expert_languages" (
	"expert_id" uuid NOT NULL,
	"code" text NOT NULL,
	"proficiency" "proficiency" NOT NULL,
	CONSTRAINT "expert_languages_expert_id_code_pk" PRIMARY KEY("expert_id","code")
);
--> statement-breakpoint
CREATE TABLE "expertise_areas" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"description" text NOT NULL,
	"position" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "experts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"full_name" text NOT NULL,
	"name_key" text COLLATE "C" NOT NULL,
	"email" text NOT NULL,
	"tier" "roster_tier" NOT NULL,
	"gender" "gender" NOT NULL,
	"nationalities" text[] DEFAULT '{}'::text[] NOT NULL,
	"home_time_zone" text NOT NULL,
	"country_experience" text[] DEFAULT '{}'::text[] NOT NULL,
	"security_training_valid_until" date,
	"medical_clearance_valid_until" date,
	"max_deployment_days_per_year" integer NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "experts_day_cap" CHECK ("experts"."max_deployment_days_per_year" between 0 and 366),
	CONSTRAINT "experts_version_positive" CHECK ("experts"."version" >= 1)
);
--> statement-breakpoint
CREATE TABLE "request_roles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"expertise_code" text NOT NULL,
	"min_level" integer NOT NULL,
	"languages" text[] DEFAULT '{}'::text[] NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "request_roles_min_level" CHECK ("request_roles"."min_level" between 1 and 5),
	CONSTRAINT "request_roles_count" CHECK ("request_roles"."count" between 1 and 12)
);
--> statement-breakpoint
CREATE TABLE "request_transitions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"request_id" uuid NOT NULL,
	"from_status" "request_status",
	"to_status" "request_status" NOT NULL,
	"actor_token_id" uuid,
	"actor_role" "role" NOT NULL,
	"note" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_expert_id_experts_id_fk" FOREIGN KEY ("expert_id") REFERENCES "public"."experts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_request_id_deployment_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."deployment_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_role_id_request_roles_id_fk" FOREIGN KEY ("role_id") REFERENCES "public"."request_roles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_expert_id_experts_id_fk" FOREIGN KEY ("expert_id") REFERENCES "public"."experts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "availability_periods" ADD CONSTRAINT "availability_periods_expert_id_experts_id_fk" FOREIGN KEY ("expert_id") REFERENCES "public"."experts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_feeds" ADD CONSTRAINT "calendar_feeds_expert_id_experts_id_fk" FOREIGN KEY ("expert_id") REFERENCES "public"."experts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "expert_expertise" ADD CONSTRAINT "expert_expertise_expert_id_experts_id_fk" FOREIGN KEY ("expert_id") REFERENCES "public"."experts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "expert_expertise" ADD CONSTRAINT "expert_expertise_area_code_expertise_areas_code_fk" FOREIGN KEY ("area_code") REFERENCES "public"."expertise_areas"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "expert_languages" ADD CONSTRAINT "expert_languages_expert_id_experts_id_fk" FOREIGN KEY ("expert_id") REFERENCES "public"."experts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_roles" ADD CONSTRAINT "request_roles_request_id_deployment_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."deployment_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_roles" ADD CONSTRAINT "request_roles_expertise_code_expertise_areas_code_fk" FOREIGN KEY ("expertise_code") REFERENCES "public"."expertise_areas"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_transitions" ADD CONSTRAINT "request_transitions_request_id_deployment_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."deployment_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "api_tokens_hash_key" ON "api_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "assignments_role" ON "assignments" USING btree ("role_id");--> statement-breakpoint
CREATE INDEX "assignments_request" ON "assignments" USING btree ("request_id");--> statement-breakpoint
CREATE INDEX "assignments_expert" ON "assignments" USING btree ("expert_id","start_date");--> statement-breakpoint
CREATE INDEX "audit_log_entity" ON "audit_log" USING btree ("entity_type","entity_id");--> statement-breakpoint
CREATE INDEX "audit_log_action" ON "audit_log" USING btree ("action","id");--> statement-breakpoint
CREATE UNIQUE INDEX "calendar_feeds_hash_key" ON "calendar_feeds" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "deployment_requests_idempotency_key" ON "deployment_requests" USING btree ("owner_principal","idempotency_key");--> statement-breakpoint
CREATE INDEX "deployment_requests_submitted" ON "deployment_requests" USING btree ("submitted_at","id");--> statement-breakpoint
CREATE INDEX "deployment_requests_owner" ON "deployment_requests" USING btree ("owner_principal","submitted_at");--> statement-breakpoint
CREATE INDEX "expert_expertise_area" ON "expert_expertise" USING btree ("area_code","level");--> statement-breakpoint
CREATE INDEX "expert_languages_code" ON "expert_languages" USING btree ("code","proficiency");--> statement-breakpoint
CREATE UNIQUE INDEX "experts_email_key" ON "experts" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "experts_name_order" ON "experts" USING btree ("name_key","id");--> statement-breakpoint
CREATE UNIQUE INDEX "request_roles_position" ON "request_roles" USING btree ("request_id","position");--> statement-breakpoint
CREATE INDEX "request_transitions_request" ON "request_transitions" USING btree ("request_id","id");