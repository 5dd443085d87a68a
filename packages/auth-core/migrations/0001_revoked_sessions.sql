CREATE TABLE "auth"."revoked_sessions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"token_hash" text NOT NULL,
	"session_id_hash" text NOT NULL,
	"forget_after" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "revoked_sessions_forget_after_idx" ON "auth"."revoked_sessions" USING btree ("forget_after");