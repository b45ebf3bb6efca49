CREATE TABLE "emergency_plan_revisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"title" text NOT NULL,
	"content" jsonb NOT NULL,
	"issued_on" date NOT NULL,
	"note" text,
	"drill_id" uuid,
	"revised_by" uuid,
	"revised_by_name" text NOT NULL,
	"revised_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "emergency_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"title" text NOT NULL,
	"kind" text NOT NULL,
	"categories" text[] DEFAULT '{}'::text[] NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"issued_on" date NOT NULL,
	"review_due_on" date NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"content" jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "emergency_plans_kind_check" CHECK ("emergency_plans"."kind" in ('overall', 'special', 'department', 'enterprise', 'onsite')),
	CONSTRAINT "emergency_plans_status_check" CHECK ("emergency_plans"."status" in ('active', 'retired'))
);
--> statement-breakpoint
CREATE TABLE "emergency_command_log" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"incident_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"author_id" uuid,
	"author_name" text NOT NULL,
	"kind" text NOT NULL,
	"text" text NOT NULL,
	CONSTRAINT "emergency_command_log_kind_check" CHECK ("emergency_command_log"."kind" in ('decision', 'order', 'report', 'note'))
);
--> statement-breakpoint
CREATE TABLE "emergency_marks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"incident_id" uuid NOT NULL,
	"geom" geometry(Geometry, 4326) NOT NULL,
	"kind" text NOT NULL,
	"note" text,
	"author_id" uuid,
	"author_name" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "emergency_marks_geom_check" CHECK (GeometryType("emergency_marks"."geom") in ('POINT', 'LINESTRING', 'POLYGON'))
);
--> statement-breakpoint
CREATE TABLE "emergency_response_roles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"response_id" uuid NOT NULL,
	"role_key" text NOT NULL,
	"role_name" text NOT NULL,
	"holder_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "emergency_response_tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"response_id" uuid NOT NULL,
	"role_id" uuid NOT NULL,
	"action_key" text NOT NULL,
	"text" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"done_at" timestamp with time zone,
	"done_by" uuid,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "emergency_responses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"incident_id" uuid NOT NULL,
	"plan_id" uuid NOT NULL,
	"plan_version" integer NOT NULL,
	"level" text NOT NULL,
	"activated_at" timestamp with time zone NOT NULL,
	"activated_by" uuid,
	"activated_by_name" text NOT NULL,
	"ended_at" timestamp with time zone,
	CONSTRAINT "emergency_responses_level_check" CHECK ("emergency_responses"."level" in ('Ⅰ', 'Ⅱ', 'Ⅲ', 'Ⅳ'))
);
--> statement-breakpoint
CREATE TABLE "emergency_drills" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"title" text NOT NULL,
	"kind" text NOT NULL,
	"planned_on" date NOT NULL,
	"held_on" date,
	"summary" text,
	"participants" integer,
	"status" text DEFAULT 'planned' NOT NULL,
	"evaluations" jsonb,
	"findings" text,
	"revision_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "emergency_drills_status_check" CHECK ("status" in ('planned', 'held', 'evaluated', 'cancelled')),
	CONSTRAINT "emergency_drills_kind_check" CHECK ("emergency_drills"."kind" in ('tabletop', 'live'))
);
--> statement-breakpoint
ALTER TABLE "emergency_plan_revisions" ADD CONSTRAINT "emergency_plan_revisions_plan_id_emergency_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."emergency_plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_plan_revisions" ADD CONSTRAINT "emergency_plan_revisions_revised_by_users_id_fk" FOREIGN KEY ("revised_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_plans" ADD CONSTRAINT "emergency_plans_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_plans" ADD CONSTRAINT "emergency_plans_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_command_log" ADD CONSTRAINT "emergency_command_log_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_command_log" ADD CONSTRAINT "emergency_command_log_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_marks" ADD CONSTRAINT "emergency_marks_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_marks" ADD CONSTRAINT "emergency_marks_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_response_roles" ADD CONSTRAINT "emergency_response_roles_response_id_emergency_responses_id_fk" FOREIGN KEY ("response_id") REFERENCES "public"."emergency_responses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_response_roles" ADD CONSTRAINT "emergency_response_roles_holder_id_users_id_fk" FOREIGN KEY ("holder_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_response_tasks" ADD CONSTRAINT "emergency_response_tasks_response_id_emergency_responses_id_fk" FOREIGN KEY ("response_id") REFERENCES "public"."emergency_responses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_response_tasks" ADD CONSTRAINT "emergency_response_tasks_role_id_emergency_response_roles_id_fk" FOREIGN KEY ("role_id") REFERENCES "public"."emergency_response_roles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_response_tasks" ADD CONSTRAINT "emergency_response_tasks_done_by_users_id_fk" FOREIGN KEY ("done_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_responses" ADD CONSTRAINT "emergency_responses_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_responses" ADD CONSTRAINT "emergency_responses_plan_id_emergency_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."emergency_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_responses" ADD CONSTRAINT "emergency_responses_activated_by_users_id_fk" FOREIGN KEY ("activated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_drills" ADD CONSTRAINT "emergency_drills_plan_id_emergency_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."emergency_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_drills" ADD CONSTRAINT "emergency_drills_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_drills" ADD CONSTRAINT "emergency_drills_revision_id_emergency_plan_revisions_id_fk" FOREIGN KEY ("revision_id") REFERENCES "public"."emergency_plan_revisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_drills" ADD CONSTRAINT "emergency_drills_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "emergency_plan_revisions_version_uq" ON "emergency_plan_revisions" USING btree ("plan_id","version");--> statement-breakpoint
CREATE INDEX "emergency_plans_org_idx" ON "emergency_plans" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "emergency_plans_review_idx" ON "emergency_plans" USING btree ("status","review_due_on");--> statement-breakpoint
CREATE INDEX "emergency_command_log_incident_idx" ON "emergency_command_log" USING btree ("incident_id","at");--> statement-breakpoint
CREATE INDEX "emergency_marks_incident_idx" ON "emergency_marks" USING btree ("incident_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "emergency_response_roles_key_uq" ON "emergency_response_roles" USING btree ("response_id","role_key");--> statement-breakpoint
CREATE INDEX "emergency_response_roles_holder_idx" ON "emergency_response_roles" USING btree ("holder_id");--> statement-breakpoint
CREATE INDEX "emergency_response_tasks_response_idx" ON "emergency_response_tasks" USING btree ("response_id","due_at");--> statement-breakpoint
CREATE UNIQUE INDEX "emergency_responses_open_uq" ON "emergency_responses" USING btree ("incident_id") WHERE "emergency_responses"."ended_at" is null;--> statement-breakpoint
CREATE INDEX "emergency_responses_incident_idx" ON "emergency_responses" USING btree ("incident_id","activated_at");--> statement-breakpoint
CREATE INDEX "emergency_drills_org_idx" ON "emergency_drills" USING btree ("org_id","planned_on");--> statement-breakpoint
CREATE INDEX "emergency_drills_plan_idx" ON "emergency_drills" USING btree ("plan_id");