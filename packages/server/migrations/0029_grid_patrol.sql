CREATE TABLE "grid_case_numbers" (
	"year" integer PRIMARY KEY NOT NULL,
	"last" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "grid_cases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"category" text NOT NULL,
	"status" text DEFAULT 'registered' NOT NULL,
	"grid_id" uuid NOT NULL,
	"enterprise_id" uuid,
	"assigned_org_id" uuid,
	"deadline_hours" integer NOT NULL,
	"deadline" timestamp with time zone,
	"location" geometry(point, 4326),
	"photo_file_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"visit_id" uuid,
	"finding_client_id" uuid,
	"created_by" uuid,
	"created_by_name" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	CONSTRAINT "grid_cases_status_check" CHECK ("status" in ('registered', 'dispatched', 'handled', 'verified', 'closed', 'cancelled')),
	CONSTRAINT "grid_cases_kind_check" CHECK ("kind" in ('case', 'lead'))
);
--> statement-breakpoint
CREATE TABLE "grid_settings" (
	"id" integer PRIMARY KEY NOT NULL,
	"settings" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "grid_visits" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"client_id" uuid NOT NULL,
	"place_type" text NOT NULL,
	"place_id" uuid NOT NULL,
	"place_name" text NOT NULL,
	"grid_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"member_name" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"checked_in_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"location" geometry(point, 4326),
	"accuracy_m" double precision,
	"distance_m" double precision,
	"far_check_in" boolean DEFAULT false NOT NULL,
	"checklist" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"note" text,
	"photo_file_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"findings" jsonb DEFAULT '[]'::jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "grid_cases" ADD CONSTRAINT "grid_cases_grid_id_orgs_id_fk" FOREIGN KEY ("grid_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grid_cases" ADD CONSTRAINT "grid_cases_enterprise_id_orgs_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grid_cases" ADD CONSTRAINT "grid_cases_assigned_org_id_orgs_id_fk" FOREIGN KEY ("assigned_org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grid_cases" ADD CONSTRAINT "grid_cases_visit_id_grid_visits_id_fk" FOREIGN KEY ("visit_id") REFERENCES "public"."grid_visits"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grid_cases" ADD CONSTRAINT "grid_cases_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grid_visits" ADD CONSTRAINT "grid_visits_grid_id_orgs_id_fk" FOREIGN KEY ("grid_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grid_visits" ADD CONSTRAINT "grid_visits_member_id_users_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "grid_cases_code_uq" ON "grid_cases" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "grid_cases_finding_uq" ON "grid_cases" USING btree ("finding_client_id");--> statement-breakpoint
CREATE INDEX "grid_cases_grid_idx" ON "grid_cases" USING btree ("grid_id","created_at");--> statement-breakpoint
CREATE INDEX "grid_cases_assigned_idx" ON "grid_cases" USING btree ("assigned_org_id","status");--> statement-breakpoint
CREATE INDEX "grid_cases_status_idx" ON "grid_cases" USING btree ("status","deadline");--> statement-breakpoint
CREATE UNIQUE INDEX "grid_visits_client_uq" ON "grid_visits" USING btree ("client_id");--> statement-breakpoint
CREATE INDEX "grid_visits_grid_idx" ON "grid_visits" USING btree ("grid_id","checked_in_at");--> statement-breakpoint
CREATE INDEX "grid_visits_member_idx" ON "grid_visits" USING btree ("member_id","checked_in_at");--> statement-breakpoint
CREATE INDEX "grid_visits_place_idx" ON "grid_visits" USING btree ("place_type","place_id","checked_in_at");