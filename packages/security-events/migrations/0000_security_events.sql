CREATE TABLE "auth"."security_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" text,
	"event_type" text NOT NULL,
	"ip_address" text,
	"user_agent" text,
	"metadata" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "auth"."security_events" ADD CONSTRAINT "security_events_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "auth"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "security_events_user_id_created_at_idx" ON "auth"."security_events" USING btree ("user_id","created_at","id");--> statement-breakpoint
CREATE INDEX "security_events_event_type_created_at_idx" ON "auth"."security_events" USING btree ("event_type","created_at");--> statement-breakpoint
CREATE INDEX "security_events_created_at_idx" ON "auth"."security_events" USING btree ("created_at","id");