CREATE TABLE "incident_findings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"incident_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"org_id" uuid,
	"description" text NOT NULL,
	"found_on" date NOT NULL,
	"recorded_by" uuid,
	"recorded_by_name" text NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "incident_findings_kind_check" CHECK ("incident_findings"."kind" in ('concealed', 'false'))
);
--> statement-breakpoint
CREATE TABLE "incident_investigations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"incident_id" uuid NOT NULL,
	"status" text DEFAULT 'investigating' NOT NULL,
	"due_on" date NOT NULL,
	"extended_to" date,
	"extension_reason" text,
	"report_submitted_on" date,
	"report_summary" text,
	"approval_due_on" date,
	"approval_extended_to" date,
	"approved_on" date,
	"approval_note" text,
	"opened_by" uuid,
	"opened_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "incident_investigations_incident_id_unique" UNIQUE("incident_id"),
	CONSTRAINT "incident_investigations_status_check" CHECK ("status" in ('investigating', 'submitted', 'approved'))
);
--> statement-breakpoint
CREATE TABLE "incident_measures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"investigation_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"text" text NOT NULL,
	"deadline" date NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"done_at" timestamp with time zone,
	"done_note" text,
	"done_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "incident_measures_status_check" CHECK ("status" in ('open', 'done'))
);
--> statement-breakpoint
CREATE TABLE "incident_report_notices" (
	"object_id" uuid NOT NULL,
	"due" text NOT NULL,
	"step" text NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	CONSTRAINT "incident_report_notices_object_id_due_step_pk" PRIMARY KEY("object_id","due","step")
);
--> statement-breakpoint
CREATE TABLE "incident_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"incident_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"level" text NOT NULL,
	"seq" integer NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"submitted_at" timestamp with time zone,
	"late" boolean,
	"content" jsonb,
	"document" "bytea",
	"submitted_by" uuid,
	"submitted_by_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "incident_reports_kind_check" CHECK ("incident_reports"."kind" in ('first', 'escalation', 'follow_up', 'supplementary', 'final')),
	CONSTRAINT "incident_reports_level_check" CHECK ("incident_reports"."level" in ('district', 'city', 'province', 'state_council')),
	CONSTRAINT "incident_reports_submitted_check" CHECK (("incident_reports"."submitted_at" is null) = ("incident_reports"."late" is null) and ("incident_reports"."submitted_at" is null) = ("incident_reports"."document" is null))
);
--> statement-breakpoint
ALTER TABLE "incident_findings" ADD CONSTRAINT "incident_findings_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_findings" ADD CONSTRAINT "incident_findings_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_findings" ADD CONSTRAINT "incident_findings_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_investigations" ADD CONSTRAINT "incident_investigations_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_investigations" ADD CONSTRAINT "incident_investigations_opened_by_users_id_fk" FOREIGN KEY ("opened_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_measures" ADD CONSTRAINT "incident_measures_investigation_id_incident_investigations_id_fk" FOREIGN KEY ("investigation_id") REFERENCES "public"."incident_investigations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_measures" ADD CONSTRAINT "incident_measures_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_measures" ADD CONSTRAINT "incident_measures_done_by_users_id_fk" FOREIGN KEY ("done_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_reports" ADD CONSTRAINT "incident_reports_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_reports" ADD CONSTRAINT "incident_reports_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "incident_findings_incident_idx" ON "incident_findings" USING btree ("incident_id");--> statement-breakpoint
CREATE INDEX "incident_measures_org_idx" ON "incident_measures" USING btree ("org_id","status");--> statement-breakpoint
CREATE INDEX "incident_measures_investigation_idx" ON "incident_measures" USING btree ("investigation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "incident_reports_uq" ON "incident_reports" USING btree ("incident_id","kind","level","seq");--> statement-breakpoint
CREATE INDEX "incident_reports_due_idx" ON "incident_reports" USING btree ("due_at") WHERE submitted_at is null;