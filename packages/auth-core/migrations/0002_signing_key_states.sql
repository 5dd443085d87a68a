ALTER TABLE "auth"."jwks" ADD COLUMN "activates_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "auth"."jwks" ADD COLUMN "published_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "auth"."jwks" ADD COLUMN "revoked_at" timestamp with time zone;