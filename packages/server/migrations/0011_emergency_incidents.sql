CREATE TABLE "emergency_settings" (
	"key" text NOT NULL,
	"value" jsonb NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "emergency_settings_key_pk" PRIMARY KEY("key")
);
--> statement-breakpoint
CREATE TABLE "incident_grade_history" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"incident_id" uuid NOT NULL,
	"changed_at" timestamp with time zone NOT NULL,
	"deaths" integer NOT NULL,
	"missing" integer NOT NULL,
	"serious_injuries" integer NOT NULL,
	"minor_injuries" integer NOT NULL,
	"direct_loss_wan" numeric(14, 2) NOT NULL,
	"grade" text NOT NULL,
	"decided_by" jsonb NOT NULL,
	"note" text,
	"changed_by" uuid
);
--> statement-breakpoint
CREATE TABLE "incident_numbers" (
	"year" integer PRIMARY KEY NOT NULL,
	"last" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incidents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"title" text NOT NULL,
	"summary" text,
	"measures_taken" text,
	"category" text NOT NULL,
	"accident_type" text,
	"origin" text NOT NULL,
	"origin_ref" text,
	"occurred_at" timestamp with time zone NOT NULL,
	"learned_at" timestamp with time zone NOT NULL,
	"place_name" text,
	"geom" geometry(point, 4326),
	"street_id" uuid,
	"community_id" uuid,
	"grid_id" uuid,
	"unit_org_id" uuid,
	"unit_name" text,
	"deaths" integer DEFAULT 0 NOT NULL,
	"missing" integer DEFAULT 0 NOT NULL,
	"serious_injuries" integer DEFAULT 0 NOT NULL,
	"minor_injuries" integer DEFAULT 0 NOT NULL,
	"direct_loss_wan" numeric(14, 2) DEFAULT 0 NOT NULL,
	"grade" text NOT NULL,
	"grade_decided_by" jsonb,
	"status" text DEFAULT 'reported' NOT NULL,
	"reported_by" uuid,
	"reported_org_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "incidents_code_unique" UNIQUE("code"),
	CONSTRAINT "incidents_status_check" CHECK ("status" in ('reported', 'responding', 'concluded', 'investigating', 'closed')),
	CONSTRAINT "incidents_grade_check" CHECK ("incidents"."grade" in ('特别重大', '重大', '较大', '一般')),
	CONSTRAINT "incidents_figures_check" CHECK ("incidents"."deaths" >= 0 and "incidents"."missing" >= 0 and "incidents"."serious_injuries" >= 0 and "incidents"."minor_injuries" >= 0 and "incidents"."direct_loss_wan" >= 0)
);
--> statement-breakpoint
ALTER TABLE "emergency_settings" ADD CONSTRAINT "emergency_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_grade_history" ADD CONSTRAINT "incident_grade_history_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_grade_history" ADD CONSTRAINT "incident_grade_history_changed_by_users_id_fk" FOREIGN KEY ("changed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_street_id_orgs_id_fk" FOREIGN KEY ("street_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_community_id_orgs_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_grid_id_orgs_id_fk" FOREIGN KEY ("grid_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_unit_org_id_orgs_id_fk" FOREIGN KEY ("unit_org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_reported_by_users_id_fk" FOREIGN KEY ("reported_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_reported_org_id_orgs_id_fk" FOREIGN KEY ("reported_org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "incident_grade_history_incident_idx" ON "incident_grade_history" USING btree ("incident_id","changed_at");--> statement-breakpoint
CREATE INDEX "incidents_status_occurred_idx" ON "incidents" USING btree ("status","occurred_at");--> statement-breakpoint
CREATE INDEX "incidents_street_occurred_idx" ON "incidents" USING btree ("street_id","occurred_at");--> statement-breakpoint
CREATE INDEX "incidents_unit_org_idx" ON "incidents" USING btree ("unit_org_id");--> statement-breakpoint
CREATE INDEX "incidents_geom_idx" ON "incidents" USING gist ("geom");