CREATE TABLE "monitoring_warning_settings" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"sms_gateway_url" text,
	"cap_sender" text NOT NULL,
	"division_code" text NOT NULL,
	"agency_code" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "monitoring_warning_settings_one_row" CHECK ("monitoring_warning_settings"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE "monitoring_warning_versions" (
	"warning_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"identifier" text NOT NULL,
	"sender" text NOT NULL,
	"msg_type" text NOT NULL,
	"sent" timestamp with time zone NOT NULL,
	"references" text,
	"content" jsonb NOT NULL,
	"deliveries" jsonb DEFAULT '[]'::jsonb NOT NULL,
	CONSTRAINT "monitoring_warning_versions_warning_id_version_pk" PRIMARY KEY("warning_id","version"),
	CONSTRAINT "monitoring_warning_versions_msg_type_check" CHECK ("msg_type" in ('Alert', 'Update', 'Cancel'))
);
--> statement-breakpoint
CREATE TABLE "monitoring_warnings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"type" text NOT NULL,
	"level" text NOT NULL,
	"headline" text NOT NULL,
	"description" text NOT NULL,
	"instruction" text DEFAULT '' NOT NULL,
	"audience" text DEFAULT '' NOT NULL,
	"area_desc" text DEFAULT '' NOT NULL,
	"area" geometry(MultiPolygon, 4326),
	"street_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"onset" timestamp with time zone,
	"expires" timestamp with time zone NOT NULL,
	"channels" text[] NOT NULL,
	"imported_from" text,
	"version" integer DEFAULT 0 NOT NULL,
	"published_at" timestamp with time zone,
	"org_id" uuid NOT NULL,
	"created_by" uuid,
	"created_by_name" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "monitoring_warnings_status_check" CHECK ("status" in ('draft', 'pending', 'published', 'cancelled', 'expired')),
	CONSTRAINT "monitoring_warnings_level_check" CHECK ("level" in ('red', 'orange', 'yellow', 'blue')),
	CONSTRAINT "monitoring_warnings_type_check" CHECK ("type" in ('weather', 'geological', 'flood', 'lifeline', 'crowd', 'hazmat', 'fire', 'other')),
	CONSTRAINT "monitoring_warnings_expires_check" CHECK ("monitoring_warnings"."onset" is null or "monitoring_warnings"."expires" > "monitoring_warnings"."onset")
);
--> statement-breakpoint
ALTER TABLE "monitoring_warning_versions" ADD CONSTRAINT "monitoring_warning_versions_warning_id_monitoring_warnings_id_fk" FOREIGN KEY ("warning_id") REFERENCES "public"."monitoring_warnings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_warnings" ADD CONSTRAINT "monitoring_warnings_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_warnings" ADD CONSTRAINT "monitoring_warnings_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "monitoring_warning_versions_identifier_uq" ON "monitoring_warning_versions" USING btree ("identifier");--> statement-breakpoint
CREATE INDEX "monitoring_warnings_status_idx" ON "monitoring_warnings" USING btree ("status","expires");