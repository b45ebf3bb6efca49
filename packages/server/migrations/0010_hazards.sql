CREATE TABLE "hazard_deadline_notices" (
	"hazard_id" uuid NOT NULL,
	"due_on" date NOT NULL,
	"step" text NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	CONSTRAINT "hazard_deadline_notices_hazard_id_due_on_step_pk" PRIMARY KEY("hazard_id","due_on","step")
);
--> statement-breakpoint
CREATE TABLE "hazard_extensions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"hazard_id" uuid NOT NULL,
	"field" text NOT NULL,
	"previous_deadline" date,
	"requested_deadline" date NOT NULL,
	"reason" text NOT NULL,
	"status" text DEFAULT 'requested' NOT NULL,
	"requested_by" uuid,
	"requested_by_name" text NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"decided_by" uuid,
	"decided_by_name" text,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	CONSTRAINT "hazard_extensions_status_check" CHECK ("status" in ('requested', 'approved', 'rejected')),
	CONSTRAINT "hazard_extensions_field_check" CHECK ("hazard_extensions"."field" in ('deadline', 'supervisionDeadline'))
);
--> statement-breakpoint
CREATE TABLE "hazard_statistics_reminders" (
	"period" text PRIMARY KEY NOT NULL,
	"due_on" date NOT NULL,
	"sent_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hazard_settings" (
	"key" text NOT NULL,
	"value" jsonb NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hazard_settings_key_pk" PRIMARY KEY("key")
);
--> statement-breakpoint
CREATE TABLE "hazard_standard_clauses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"standard_id" uuid NOT NULL,
	"number" text NOT NULL,
	"text" text NOT NULL,
	"position" integer NOT NULL,
	"built_in" boolean DEFAULT false NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hazard_standards" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"name_en" text,
	"issuer" text,
	"document_number" text,
	"sector" text,
	"effective_on" date,
	"source" jsonb NOT NULL,
	"confidence" text NOT NULL,
	"built_in" boolean DEFAULT false NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hazard_standards_code_unique" UNIQUE("code"),
	CONSTRAINT "hazard_standards_confidence_check" CHECK ("hazard_standards"."confidence" in ('V', 'P', 'U'))
);
--> statement-breakpoint
CREATE TABLE "hazard_numbers" (
	"year" integer PRIMARY KEY NOT NULL,
	"last" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hazard_photos" (
	"hazard_id" uuid NOT NULL,
	"file_id" uuid NOT NULL,
	"stage" text NOT NULL,
	"added_by" uuid,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hazard_photos_hazard_id_file_id_pk" PRIMARY KEY("hazard_id","file_id"),
	CONSTRAINT "hazard_photos_stage_check" CHECK ("hazard_photos"."stage" in ('found', 'rectified', 'assessment', 'review'))
);
--> statement-breakpoint
CREATE TABLE "hazards" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"level" text NOT NULL,
	"status" text DEFAULT 'registered' NOT NULL,
	"origin" text NOT NULL,
	"origin_ref" text,
	"external_id" text,
	"source_org_id" uuid,
	"category" text,
	"place_name" text,
	"geom" geometry(point, 4326),
	"street_id" uuid,
	"community_id" uuid,
	"grid_id" uuid,
	"risk_source_id" uuid,
	"control_measure_id" uuid,
	"standard_clause_id" uuid,
	"major_basis" text,
	"responsible_org_id" uuid NOT NULL,
	"responsible_person" text,
	"responsible_phone" text,
	"department_id" uuid,
	"reported_by" uuid,
	"reported_org_id" uuid NOT NULL,
	"found_at" timestamp with time zone NOT NULL,
	"deadline" date,
	"repeat_of" uuid,
	"plan" jsonb,
	"plan_updated_at" timestamp with time zone,
	"supervising_org_id" uuid,
	"supervising_body" text,
	"responsible_leader" text,
	"supervision_deadline" date,
	"public_notice" boolean DEFAULT false NOT NULL,
	"listed_at" timestamp with time zone,
	"stop_work" text,
	"rectified_by" uuid,
	"rectified_at" timestamp with time zone,
	"verified_by" uuid,
	"closed_at" timestamp with time zone,
	"review_due_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hazards_code_unique" UNIQUE("code"),
	CONSTRAINT "hazards_status_check" CHECK ("status" in ('registered', 'rectifying', 'awaiting_verification', 'reported', 'planned', 'listed', 'assessed', 'awaiting_review', 'closed')),
	CONSTRAINT "hazards_level_check" CHECK ("hazards"."level" in ('一般', '重大')),
	CONSTRAINT "hazards_stop_work_check" CHECK ("hazards"."stop_work" is null or "hazards"."stop_work" in ('none', 'partial', 'full'))
);
--> statement-breakpoint
CREATE TABLE "hazard_inspection_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"inspection_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"text" text NOT NULL,
	"basis" text,
	"category" text,
	"origin" text NOT NULL,
	"risk_source_id" uuid,
	"control_measure_id" uuid,
	"clause_id" uuid,
	"result" text DEFAULT 'pending' NOT NULL,
	"note" text,
	"photo_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"hazard_id" uuid,
	"answered_by" uuid,
	"answered_at" timestamp with time zone,
	CONSTRAINT "hazard_inspection_items_result_check" CHECK ("hazard_inspection_items"."result" in ('pending', 'pass', 'fail', 'na')),
	CONSTRAINT "hazard_inspection_items_origin_check" CHECK ("hazard_inspection_items"."origin" in ('control_measure', 'clause', 'template', 'custom')),
	CONSTRAINT "hazard_inspection_items_hazard_check" CHECK ("hazard_inspection_items"."hazard_id" is null or "hazard_inspection_items"."result" = 'fail')
);
--> statement-breakpoint
CREATE TABLE "hazard_inspection_numbers" (
	"year" integer PRIMARY KEY NOT NULL,
	"last" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hazard_inspections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"title" text NOT NULL,
	"target_org_id" uuid,
	"place_name" text,
	"geom" geometry(point, 4326),
	"street_id" uuid,
	"community_id" uuid,
	"grid_id" uuid,
	"inspector_org_id" uuid NOT NULL,
	"inspector_id" uuid,
	"template_code" text,
	"planned_on" date NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"started_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"summary" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hazard_inspections_code_unique" UNIQUE("code"),
	CONSTRAINT "hazard_inspections_status_check" CHECK ("status" in ('planned', 'in_progress', 'completed', 'cancelled')),
	CONSTRAINT "hazard_inspections_target_check" CHECK ("hazard_inspections"."target_org_id" is not null or "hazard_inspections"."place_name" is not null)
);
--> statement-breakpoint
ALTER TABLE "hazard_deadline_notices" ADD CONSTRAINT "hazard_deadline_notices_hazard_id_hazards_id_fk" FOREIGN KEY ("hazard_id") REFERENCES "public"."hazards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazard_extensions" ADD CONSTRAINT "hazard_extensions_hazard_id_hazards_id_fk" FOREIGN KEY ("hazard_id") REFERENCES "public"."hazards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazard_extensions" ADD CONSTRAINT "hazard_extensions_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazard_extensions" ADD CONSTRAINT "hazard_extensions_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazard_settings" ADD CONSTRAINT "hazard_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazard_standard_clauses" ADD CONSTRAINT "hazard_standard_clauses_standard_id_hazard_standards_id_fk" FOREIGN KEY ("standard_id") REFERENCES "public"."hazard_standards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazard_standard_clauses" ADD CONSTRAINT "hazard_standard_clauses_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazard_standards" ADD CONSTRAINT "hazard_standards_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazard_photos" ADD CONSTRAINT "hazard_photos_hazard_id_hazards_id_fk" FOREIGN KEY ("hazard_id") REFERENCES "public"."hazards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazard_photos" ADD CONSTRAINT "hazard_photos_file_id_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazard_photos" ADD CONSTRAINT "hazard_photos_added_by_users_id_fk" FOREIGN KEY ("added_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazards" ADD CONSTRAINT "hazards_source_org_id_orgs_id_fk" FOREIGN KEY ("source_org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazards" ADD CONSTRAINT "hazards_street_id_orgs_id_fk" FOREIGN KEY ("street_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazards" ADD CONSTRAINT "hazards_community_id_orgs_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazards" ADD CONSTRAINT "hazards_grid_id_orgs_id_fk" FOREIGN KEY ("grid_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazards" ADD CONSTRAINT "hazards_risk_source_id_risk_sources_id_fk" FOREIGN KEY ("risk_source_id") REFERENCES "public"."risk_sources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazards" ADD CONSTRAINT "hazards_control_measure_id_risk_control_measures_id_fk" FOREIGN KEY ("control_measure_id") REFERENCES "public"."risk_control_measures"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazards" ADD CONSTRAINT "hazards_responsible_org_id_orgs_id_fk" FOREIGN KEY ("responsible_org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazards" ADD CONSTRAINT "hazards_department_id_orgs_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazards" ADD CONSTRAINT "hazards_reported_by_users_id_fk" FOREIGN KEY ("reported_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazards" ADD CONSTRAINT "hazards_reported_org_id_orgs_id_fk" FOREIGN KEY ("reported_org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazards" ADD CONSTRAINT "hazards_supervising_org_id_orgs_id_fk" FOREIGN KEY ("supervising_org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazards" ADD CONSTRAINT "hazards_rectified_by_users_id_fk" FOREIGN KEY ("rectified_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazards" ADD CONSTRAINT "hazards_verified_by_users_id_fk" FOREIGN KEY ("verified_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazard_inspection_items" ADD CONSTRAINT "hazard_inspection_items_inspection_id_hazard_inspections_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "public"."hazard_inspections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazard_inspection_items" ADD CONSTRAINT "hazard_inspection_items_risk_source_id_risk_sources_id_fk" FOREIGN KEY ("risk_source_id") REFERENCES "public"."risk_sources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazard_inspection_items" ADD CONSTRAINT "hazard_inspection_items_control_measure_id_risk_control_measures_id_fk" FOREIGN KEY ("control_measure_id") REFERENCES "public"."risk_control_measures"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazard_inspection_items" ADD CONSTRAINT "hazard_inspection_items_hazard_id_hazards_id_fk" FOREIGN KEY ("hazard_id") REFERENCES "public"."hazards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazard_inspection_items" ADD CONSTRAINT "hazard_inspection_items_answered_by_users_id_fk" FOREIGN KEY ("answered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazard_inspections" ADD CONSTRAINT "hazard_inspections_target_org_id_orgs_id_fk" FOREIGN KEY ("target_org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazard_inspections" ADD CONSTRAINT "hazard_inspections_street_id_orgs_id_fk" FOREIGN KEY ("street_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazard_inspections" ADD CONSTRAINT "hazard_inspections_community_id_orgs_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazard_inspections" ADD CONSTRAINT "hazard_inspections_grid_id_orgs_id_fk" FOREIGN KEY ("grid_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazard_inspections" ADD CONSTRAINT "hazard_inspections_inspector_org_id_orgs_id_fk" FOREIGN KEY ("inspector_org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazard_inspections" ADD CONSTRAINT "hazard_inspections_inspector_id_users_id_fk" FOREIGN KEY ("inspector_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazard_inspections" ADD CONSTRAINT "hazard_inspections_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "hazard_extensions_one_open_uq" ON "hazard_extensions" USING btree ("hazard_id") WHERE status = 'requested';--> statement-breakpoint
CREATE INDEX "hazard_extensions_hazard_idx" ON "hazard_extensions" USING btree ("hazard_id","requested_at");--> statement-breakpoint
CREATE UNIQUE INDEX "hazard_standard_clauses_number_uq" ON "hazard_standard_clauses" USING btree ("standard_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "hazards_external_uq" ON "hazards" USING btree ("source_org_id","external_id") WHERE external_id is not null;--> statement-breakpoint
CREATE INDEX "hazards_status_deadline_idx" ON "hazards" USING btree ("status","deadline");--> statement-breakpoint
CREATE INDEX "hazards_street_status_deadline_idx" ON "hazards" USING btree ("street_id","status","deadline");--> statement-breakpoint
CREATE INDEX "hazards_responsible_org_idx" ON "hazards" USING btree ("responsible_org_id");--> statement-breakpoint
CREATE INDEX "hazards_found_at_idx" ON "hazards" USING btree ("found_at");--> statement-breakpoint
CREATE INDEX "hazards_geom_idx" ON "hazards" USING gist ("geom");--> statement-breakpoint
CREATE INDEX "hazards_risk_source_idx" ON "hazards" USING btree ("risk_source_id");--> statement-breakpoint
CREATE UNIQUE INDEX "hazard_inspection_items_position_uq" ON "hazard_inspection_items" USING btree ("inspection_id","position");--> statement-breakpoint
CREATE INDEX "hazard_inspection_items_hazard_idx" ON "hazard_inspection_items" USING btree ("hazard_id");--> statement-breakpoint
CREATE INDEX "hazard_inspections_status_planned_idx" ON "hazard_inspections" USING btree ("status","planned_on");--> statement-breakpoint
CREATE INDEX "hazard_inspections_target_idx" ON "hazard_inspections" USING btree ("target_org_id");--> statement-breakpoint
CREATE INDEX "hazard_inspections_inspector_org_idx" ON "hazard_inspections" USING btree ("inspector_org_id");--> statement-breakpoint
CREATE INDEX "hazard_inspections_street_idx" ON "hazard_inspections" USING btree ("street_id");