CREATE TYPE "public"."mail_language" AS ENUM('en', 'fr');--> statement-breakpoint
CREATE TYPE "public"."outbox_channel" AS ENUM('EMAIL', 'WEBHOOK');--> statement-breakpoint
CREATE TYPE "public"."outbox_kind" AS ENUM('OFFER_MADE', 'OFFER_CLOSED', 'OFFER_ANSWERED', 'OFFER_EXPIRED', 'REQUEST_UPDATED', 'CLEARANCE_EXPIRING', 'EMAIL_CONFIRMATION', 'OFFER_UPDATED');--> statement-breakpoint
CREATE TYPE "public"."outbox_status" AS ENUM('PENDING', 'SENT', 'RETRYING', 'DEAD', 'KEPT');--> statement-breakpoint
ALTER TYPE "public"."assignment_status" ADD VALUE 'EXPIRED';--> statement-breakpoint
CREATE TABLE "email_changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"expert_id" uuid NOT NULL,
	"new_email" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbox_message" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" "outbox_kind" NOT NULL,
	"channel" "outbox_channel" NOT NULL,
	"recipient" text NOT NULL,
	"subject" text NOT NULL,
	"body" jsonb NOT NULL,
	"status" "outbox_status" DEFAULT 'PENDING' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"dedupe_key" text,
	"webhook_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "reply_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"assignment_id" uuid NOT NULL,
	"expert_id" uuid NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "service_keys" (
	"name" text PRIMARY KEY NOT NULL,
	"secret" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "api_tokens" ADD COLUMN "email" text;--> statement-breakpoint
ALTER TABLE "assignments" ADD COLUMN "offered_by_token_id" uuid;--> statement-breakpoint
ALTER TABLE "assignments" ADD COLUMN "respond_by" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "experts" ADD COLUMN "preferred_language" "mail_language" DEFAULT 'en' NOT NULL;--> statement-breakpoint
ALTER TABLE "email_changes" ADD CONSTRAINT "email_changes_expert_id_experts_id_fk" FOREIGN KEY ("expert_id") REFERENCES "public"."experts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reply_links" ADD CONSTRAINT "reply_links_assignment_id_assignments_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."assignments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "outbox_dedupe_key" ON "outbox_message" USING btree ("dedupe_key");--> statement-breakpoint
CREATE INDEX "outbox_due" ON "outbox_message" USING btree ("next_attempt_at") WHERE "outbox_message"."status" in ('PENDING', 'RETRYING');--> statement-breakpoint
CREATE INDEX "outbox_created" ON "outbox_message" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "reply_links_assignment" ON "reply_links" USING btree ("assignment_id");--> statement-breakpoint
CREATE INDEX "assignments_offered_respond_by" ON "assignments" USING btree ("respond_by") WHERE "assignments"."status" = 'OFFERED';