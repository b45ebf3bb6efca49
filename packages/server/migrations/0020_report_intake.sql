CREATE TABLE "monitoring_alarm_channel_prefs" (
	"user_id" uuid NOT NULL,
	"level" text NOT NULL,
	"channels" text[] NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "monitoring_alarm_channel_prefs_user_id_level_pk" PRIMARY KEY("user_id","level"),
	CONSTRAINT "monitoring_alarm_channel_prefs_level_check" CHECK ("level" in ('red', 'orange', 'yellow', 'blue'))
);
--> statement-breakpoint
CREATE TABLE "monitoring_alarm_numbers" (
	"year" integer PRIMARY KEY NOT NULL,
	"last" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "monitoring_alarm_settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "monitoring_alarms" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"rule_id" uuid,
	"device_id" uuid NOT NULL,
	"metric" text NOT NULL,
	"level" text NOT NULL,
	"status" text DEFAULT 'raised' NOT NULL,
	"first_value" double precision NOT NULL,
	"last_value" double precision NOT NULL,
	"threshold" double precision,
	"count" integer DEFAULT 1 NOT NULL,
	"raised_at" timestamp with time zone NOT NULL,
	"last_raised_at" timestamp with time zone NOT NULL,
	"cleared_at" timestamp with time zone,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by" uuid,
	"escalation_level" integer DEFAULT 0 NOT NULL,
	"escalated_at" timestamp with time zone,
	"next_reminder_at" timestamp with time zone,
	"dispatch_org_id" uuid,
	"dispatch_deadline" timestamp with time zone,
	"hazard_id" uuid,
	"risk_source_id" uuid,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "monitoring_alarms_code_unique" UNIQUE("code"),
	CONSTRAINT "monitoring_alarms_status_check" CHECK ("status" in ('raised', 'acknowledged', 'confirmed', 'dismissed', 'dispatched', 'answered', 'closed')),
	CONSTRAINT "monitoring_alarms_level_check" CHECK ("level" in ('red', 'orange', 'yellow', 'blue')),
	CONSTRAINT "monitoring_alarms_count_check" CHECK ("monitoring_alarms"."count" >= 1)
);
--> statement-breakpoint
CREATE TABLE "monitoring_devices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"type" text NOT NULL,
	"org_id" uuid NOT NULL,
	"geom" geometry(point, 4326),
	"street_id" uuid,
	"community_id" uuid,
	"grid_id" uuid,
	"place_name" text,
	"risk_source_id" uuid,
	"major_hazard_unit_id" uuid,
	"metrics" jsonb NOT NULL,
	"interval_seconds" integer DEFAULT 60 NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"last_seen_at" timestamp with time zone,
	"malformed_count" integer DEFAULT 0 NOT NULL,
	"last_malformed_at" timestamp with time zone,
	"last_malformed_reason" text,
	"token_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "monitoring_devices_code_unique" UNIQUE("code"),
	CONSTRAINT "monitoring_devices_status_check" CHECK ("monitoring_devices"."status" in ('active', 'disabled')),
	CONSTRAINT "monitoring_devices_code_check" CHECK ("monitoring_devices"."code" ~ '^[A-Za-z0-9_-]{1,64}$'),
	CONSTRAINT "monitoring_devices_interval_check" CHECK ("monitoring_devices"."interval_seconds" > 0)
);
--> statement-breakpoint
CREATE TABLE "monitoring_readings" (
	"device_id" uuid NOT NULL,
	"metric" text NOT NULL,
	"ts" timestamp with time zone NOT NULL,
	"value" double precision NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "monitoring_readings_device_id_metric_ts_pk" PRIMARY KEY("device_id","metric","ts")
);
--> statement-breakpoint
CREATE TABLE "monitoring_readings_hour" (
	"device_id" uuid NOT NULL,
	"metric" text NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"count" integer NOT NULL,
	"sum" double precision NOT NULL,
	"min" double precision NOT NULL,
	"max" double precision NOT NULL,
	CONSTRAINT "monitoring_readings_hour_device_id_metric_bucket_pk" PRIMARY KEY("device_id","metric","bucket")
);
--> statement-breakpoint
CREATE TABLE "monitoring_readings_minute" (
	"device_id" uuid NOT NULL,
	"metric" text NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"count" integer NOT NULL,
	"sum" double precision NOT NULL,
	"min" double precision NOT NULL,
	"max" double precision NOT NULL,
	CONSTRAINT "monitoring_readings_minute_device_id_metric_bucket_pk" PRIMARY KEY("device_id","metric","bucket")
);
--> statement-breakpoint
CREATE TABLE "open311_clients" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"key_hash" text NOT NULL,
	"key_prefix" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "report_categories" (
	"code" text PRIMARY KEY NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"open311_description" text NOT NULL,
	"accept_days" integer NOT NULL,
	"handle_days" integer NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "report_categories_days_check" CHECK ("report_categories"."accept_days" between 1 and 30 and "report_categories"."handle_days" between 1 and 90)
);
--> statement-breakpoint
CREATE TABLE "report_challenge_uses" (
	"nonce" text PRIMARY KEY NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"report_id" uuid NOT NULL,
	"author" text NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "report_messages_author_check" CHECK ("report_messages"."author" in ('office', 'reporter'))
);
--> statement-breakpoint
CREATE TABLE "report_numbers" (
	"year" integer PRIMARY KEY NOT NULL,
	"last" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_photos" (
	"report_id" uuid NOT NULL,
	"file_id" uuid NOT NULL,
	"exif_lng" double precision,
	"exif_lat" double precision,
	CONSTRAINT "report_photos_report_id_file_id_pk" PRIMARY KEY("report_id","file_id")
);
--> statement-breakpoint
CREATE TABLE "report_reporters" (
	"report_id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"phone" text,
	"id_number" text,
	"contact" text
);
--> statement-breakpoint
CREATE TABLE "reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"secret_hash" text NOT NULL,
	"category" text NOT NULL,
	"title" text,
	"description" text NOT NULL,
	"address" text,
	"place_name" text,
	"geom" geometry(point, 4326),
	"street_id" uuid,
	"community_id" uuid,
	"grid_id" uuid,
	"reported_org_name" text,
	"reported_org_id" uuid,
	"anonymous" boolean NOT NULL,
	"channel" text NOT NULL,
	"open311_client_id" uuid,
	"status" text DEFAULT 'received' NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"accept_due_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"due_at" timestamp with time zone,
	"extended_until" timestamp with time zone,
	"extension_reason" text,
	"assigned_org_id" uuid,
	"outcome" text,
	"transferred_to" text,
	"hazard_id" uuid,
	"duplicate_of" uuid,
	"closed_at" timestamp with time zone,
	"reply" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reports_code_unique" UNIQUE("code"),
	CONSTRAINT "reports_status_check" CHECK ("status" in ('received', 'accepted', 'refused', 'assigned', 'handled', 'verified', 'closed')),
	CONSTRAINT "reports_channel_check" CHECK ("reports"."channel" in ('web', 'open311', 'hotline', 'office')),
	CONSTRAINT "reports_outcome_check" CHECK ("reports"."outcome" is null or "reports"."outcome" in ('hazard', 'enforcement', 'transferred', 'unresolved', 'not_established', 'resolved'))
);
--> statement-breakpoint
ALTER TABLE "monitoring_alarm_channel_prefs" ADD CONSTRAINT "monitoring_alarm_channel_prefs_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_alarm_settings" ADD CONSTRAINT "monitoring_alarm_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_alarms" ADD CONSTRAINT "monitoring_alarms_device_id_monitoring_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."monitoring_devices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_alarms" ADD CONSTRAINT "monitoring_alarms_acknowledged_by_users_id_fk" FOREIGN KEY ("acknowledged_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_alarms" ADD CONSTRAINT "monitoring_alarms_dispatch_org_id_orgs_id_fk" FOREIGN KEY ("dispatch_org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_alarms" ADD CONSTRAINT "monitoring_alarms_hazard_id_hazards_id_fk" FOREIGN KEY ("hazard_id") REFERENCES "public"."hazards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_alarms" ADD CONSTRAINT "monitoring_alarms_risk_source_id_risk_sources_id_fk" FOREIGN KEY ("risk_source_id") REFERENCES "public"."risk_sources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_devices" ADD CONSTRAINT "monitoring_devices_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_devices" ADD CONSTRAINT "monitoring_devices_street_id_orgs_id_fk" FOREIGN KEY ("street_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_devices" ADD CONSTRAINT "monitoring_devices_community_id_orgs_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_devices" ADD CONSTRAINT "monitoring_devices_grid_id_orgs_id_fk" FOREIGN KEY ("grid_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_devices" ADD CONSTRAINT "monitoring_devices_risk_source_id_risk_sources_id_fk" FOREIGN KEY ("risk_source_id") REFERENCES "public"."risk_sources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_devices" ADD CONSTRAINT "monitoring_devices_token_id_api_tokens_id_fk" FOREIGN KEY ("token_id") REFERENCES "public"."api_tokens"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_messages" ADD CONSTRAINT "report_messages_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_photos" ADD CONSTRAINT "report_photos_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_photos" ADD CONSTRAINT "report_photos_file_id_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_reporters" ADD CONSTRAINT "report_reporters_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_category_report_categories_code_fk" FOREIGN KEY ("category") REFERENCES "public"."report_categories"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_street_id_orgs_id_fk" FOREIGN KEY ("street_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_community_id_orgs_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_grid_id_orgs_id_fk" FOREIGN KEY ("grid_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_reported_org_id_orgs_id_fk" FOREIGN KEY ("reported_org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_assigned_org_id_orgs_id_fk" FOREIGN KEY ("assigned_org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_duplicate_of_reports_id_fk" FOREIGN KEY ("duplicate_of") REFERENCES "public"."reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "monitoring_alarms_open_uq" ON "monitoring_alarms" USING btree ("rule_id","device_id") WHERE status <> 'closed' and rule_id is not null;--> statement-breakpoint
CREATE INDEX "monitoring_alarms_status_level_idx" ON "monitoring_alarms" USING btree ("status","level");--> statement-breakpoint
CREATE INDEX "monitoring_alarms_device_status_idx" ON "monitoring_alarms" USING btree ("device_id","status");--> statement-breakpoint
CREATE INDEX "monitoring_alarms_raised_at_idx" ON "monitoring_alarms" USING btree ("raised_at");--> statement-breakpoint
CREATE INDEX "monitoring_alarms_dispatch_org_idx" ON "monitoring_alarms" USING btree ("dispatch_org_id");--> statement-breakpoint
CREATE INDEX "monitoring_alarms_reminder_idx" ON "monitoring_alarms" USING btree ("next_reminder_at") WHERE next_reminder_at is not null;--> statement-breakpoint
CREATE INDEX "monitoring_devices_org_idx" ON "monitoring_devices" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "monitoring_devices_street_idx" ON "monitoring_devices" USING btree ("street_id");--> statement-breakpoint
CREATE INDEX "monitoring_devices_geom_idx" ON "monitoring_devices" USING gist ("geom");--> statement-breakpoint
CREATE INDEX "monitoring_devices_token_idx" ON "monitoring_devices" USING btree ("token_id");--> statement-breakpoint
CREATE INDEX "monitoring_devices_risk_source_idx" ON "monitoring_devices" USING btree ("risk_source_id");--> statement-breakpoint
CREATE UNIQUE INDEX "open311_clients_key_hash_uq" ON "open311_clients" USING btree ("key_hash");--> statement-breakpoint
CREATE INDEX "report_messages_report_idx" ON "report_messages" USING btree ("report_id","created_at");--> statement-breakpoint
CREATE INDEX "reports_received_at_idx" ON "reports" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "reports_status_due_idx" ON "reports" USING btree ("status","due_at");--> statement-breakpoint
CREATE INDEX "reports_street_idx" ON "reports" USING btree ("street_id");--> statement-breakpoint
CREATE INDEX "reports_assigned_org_idx" ON "reports" USING btree ("assigned_org_id");--> statement-breakpoint
CREATE INDEX "reports_category_idx" ON "reports" USING btree ("category");--> statement-breakpoint
CREATE INDEX "reports_duplicate_of_idx" ON "reports" USING btree ("duplicate_of");--> statement-breakpoint
CREATE INDEX "reports_geom_idx" ON "reports" USING gist ("geom");