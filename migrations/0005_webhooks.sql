CREATE TYPE "public"."webhook_event" AS ENUM('REQUEST_UPDATED', 'OFFER_UPDATED');--> statement-breakpoint
CREATE TABLE "webhooks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_principal" text NOT NULL,
	"owner_role" "role" NOT NULL,
	"url" text NOT NULL,
	"events" "webhook_event"[] NOT NULL,
	"secret" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "webhooks_events_nonempty" CHECK (cardinality("webhooks"."events") > 0)
);
--> statement-breakpoint
CREATE INDEX "webhooks_owner" ON "webhooks" USING btree ("owner_principal");