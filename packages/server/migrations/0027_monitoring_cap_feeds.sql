CREATE TABLE "monitoring_cap_feeds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"url" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"last_fetched_at" timestamp with time zone,
	"last_result" jsonb
);
--> statement-breakpoint
CREATE TABLE "monitoring_cap_imports" (
	"sender" text NOT NULL,
	"identifier" text NOT NULL,
	"warning_id" uuid,
	"imported_at" timestamp with time zone NOT NULL,
	CONSTRAINT "monitoring_cap_imports_sender_identifier_pk" PRIMARY KEY("sender","identifier")
);
--> statement-breakpoint
ALTER TABLE "monitoring_cap_feeds" ADD CONSTRAINT "monitoring_cap_feeds_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_cap_imports" ADD CONSTRAINT "monitoring_cap_imports_warning_id_monitoring_warnings_id_fk" FOREIGN KEY ("warning_id") REFERENCES "public"."monitoring_warnings"("id") ON DELETE set null ON UPDATE no action;