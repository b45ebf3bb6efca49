CREATE TABLE "duty_handovers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"duty_date" date NOT NULL,
	"from_user_id" uuid,
	"from_name" text NOT NULL,
	"to_user_id" uuid,
	"to_name" text NOT NULL,
	"items" jsonb NOT NULL,
	"note" text,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "duty_log" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"kind" text NOT NULL,
	"caller" text,
	"phone" text,
	"summary" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"closed_note" text,
	"closed_at" timestamp with time zone,
	"incident_id" uuid,
	"recorded_by" uuid,
	"recorded_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "duty_log_kind_check" CHECK (kind in ('call', 'event', 'notice')),
	CONSTRAINT "duty_log_status_check" CHECK (status in ('open', 'closed', 'recorded'))
);
--> statement-breakpoint
CREATE TABLE "duty_rosters" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"duty_date" date NOT NULL,
	"leader_user_id" uuid,
	"leader_name" text NOT NULL,
	"leader_phone" text NOT NULL,
	"staff" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"note" text,
	"updated_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "emergency_area_population" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"area_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"population" integer NOT NULL,
	"source" text NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "emergency_area_population_population_check" CHECK ("emergency_area_population"."population" >= 0),
	CONSTRAINT "emergency_area_population_year_check" CHECK ("emergency_area_population"."year" between 1949 and 2200)
);
--> statement-breakpoint
ALTER TABLE "duty_handovers" ADD CONSTRAINT "duty_handovers_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_handovers" ADD CONSTRAINT "duty_handovers_from_user_id_users_id_fk" FOREIGN KEY ("from_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_handovers" ADD CONSTRAINT "duty_handovers_to_user_id_users_id_fk" FOREIGN KEY ("to_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_log" ADD CONSTRAINT "duty_log_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_log" ADD CONSTRAINT "duty_log_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_log" ADD CONSTRAINT "duty_log_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_rosters" ADD CONSTRAINT "duty_rosters_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_rosters" ADD CONSTRAINT "duty_rosters_leader_user_id_users_id_fk" FOREIGN KEY ("leader_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_rosters" ADD CONSTRAINT "duty_rosters_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_area_population" ADD CONSTRAINT "emergency_area_population_area_id_orgs_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_area_population" ADD CONSTRAINT "emergency_area_population_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "duty_handovers_org_at_idx" ON "duty_handovers" USING btree ("org_id","at");--> statement-breakpoint
CREATE INDEX "duty_log_org_at_idx" ON "duty_log" USING btree ("org_id","at");--> statement-breakpoint
CREATE INDEX "duty_log_open_idx" ON "duty_log" USING btree ("org_id") WHERE status = 'open';--> statement-breakpoint
CREATE UNIQUE INDEX "duty_rosters_org_date_uq" ON "duty_rosters" USING btree ("org_id","duty_date");--> statement-breakpoint
CREATE INDEX "duty_rosters_date_idx" ON "duty_rosters" USING btree ("duty_date");--> statement-breakpoint
CREATE UNIQUE INDEX "emergency_area_population_area_year_uq" ON "emergency_area_population" USING btree ("area_id","year");