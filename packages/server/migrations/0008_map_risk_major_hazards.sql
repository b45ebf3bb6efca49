CREATE TABLE "major_hazard_grade_changes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"installation_id" uuid NOT NULL,
	"from_grade" integer,
	"to_grade" integer,
	"from_s" double precision,
	"to_s" double precision NOT NULL,
	"from_r" double precision,
	"to_r" double precision,
	"cause" text NOT NULL,
	"actor_id" uuid,
	"actor_name" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "major_hazard_installations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"name" text NOT NULL,
	"unit_kind" text NOT NULL,
	"location" geometry(point, 4326) NOT NULL,
	"address" text,
	"street_id" uuid,
	"community_id" uuid,
	"grid_id" uuid,
	"exposed_population" integer DEFAULT 0 NOT NULL,
	"s" double precision DEFAULT 0 NOT NULL,
	"r" double precision,
	"alpha" double precision DEFAULT 0.5 NOT NULL,
	"grade" integer,
	"is_major" boolean DEFAULT false NOT NULL,
	"assessed_at" timestamp with time zone,
	"declared_on" date,
	"registered_on" date,
	"registration_no" text,
	"responsible" jsonb DEFAULT '{"main":null,"technical":null,"operational":null}'::jsonb NOT NULL,
	"status" text DEFAULT 'identified' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "major_hazard_installations_status_check" CHECK ("status" in ('identified', 'declared', 'returned', 'registered', 'changed', 'written_off')),
	CONSTRAINT "major_hazard_installations_unit_kind_check" CHECK ("major_hazard_installations"."unit_kind" in ('production', 'storage')),
	CONSTRAINT "major_hazard_installations_grade_check" CHECK ("major_hazard_installations"."grade" is null or "major_hazard_installations"."grade" between 1 and 4)
);
--> statement-breakpoint
CREATE TABLE "major_hazard_inventory" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"installation_id" uuid NOT NULL,
	"seq" bigserial NOT NULL,
	"substance_name" text NOT NULL,
	"cas" text,
	"category" text,
	"quantity_tonnes" double precision NOT NULL,
	"form" text,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "major_hazard_inventory_quantity_check" CHECK ("major_hazard_inventory"."quantity_tonnes" >= 0)
);
--> statement-breakpoint
CREATE TABLE "boundaries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"level" text NOT NULL,
	"geom" geometry(MultiPolygon, 4326) NOT NULL,
	"source" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "boundaries_level_check" CHECK ("level" in ('district', 'street', 'community', 'grid')),
	CONSTRAINT "boundaries_source_check" CHECK ("source" in ('demo', 'import', 'drawn'))
);
--> statement-breakpoint
CREATE TABLE "risk_assessments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"source_id" uuid NOT NULL,
	"method" text NOT NULL,
	"inputs" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"score" double precision,
	"level" text NOT NULL,
	"reason" text,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"assessed_by" uuid,
	"assessor_name" text NOT NULL,
	"assessed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "risk_control_measures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"source_id" uuid NOT NULL,
	"type" text NOT NULL,
	"description" text NOT NULL,
	"responsible_level" text NOT NULL,
	"responsible_unit" text,
	"responsible_person" text,
	"review_cycle_days" integer NOT NULL,
	"next_review_on" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "risk_level_raisers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"source_id" uuid NOT NULL,
	"origin_module" text NOT NULL,
	"origin_kind" text NOT NULL,
	"origin_id" text NOT NULL,
	"raise_to" text NOT NULL,
	"reason" text,
	"opened_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "risk_settings" (
	"key" text NOT NULL,
	"value" jsonb NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "risk_settings_key_pk" PRIMARY KEY("key")
);
--> statement-breakpoint
CREATE TABLE "risk_source_numbers" (
	"year" integer PRIMARY KEY NOT NULL,
	"last" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "risk_sources" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"category" text NOT NULL,
	"geom" geometry(Geometry, 4326) NOT NULL,
	"address" text,
	"org_id" uuid NOT NULL,
	"responsible_person" text,
	"responsible_phone" text,
	"description" text,
	"hazard_factors" text[] DEFAULT '{}'::text[] NOT NULL,
	"accident_types" text[] DEFAULT '{}'::text[] NOT NULL,
	"street_id" uuid,
	"community_id" uuid,
	"grid_id" uuid,
	"assessed_level" text,
	"level" text,
	"status" text DEFAULT 'draft' NOT NULL,
	"location_confirmed_at" timestamp with time zone,
	"location_confirmed_by" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "risk_sources_code_unique" UNIQUE("code"),
	CONSTRAINT "risk_sources_status_check" CHECK ("status" in ('draft', 'submitted', 'returned', 'reviewed'))
);
--> statement-breakpoint
CREATE TABLE "risk_white_papers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"sequence" integer NOT NULL,
	"title" text NOT NULL,
	"generated_at" timestamp with time zone NOT NULL,
	"generated_by" uuid,
	"generated_by_name" text NOT NULL,
	"snapshot" jsonb NOT NULL,
	"document" "bytea" NOT NULL
);
--> statement-breakpoint
ALTER TABLE "major_hazard_grade_changes" ADD CONSTRAINT "major_hazard_grade_changes_installation_id_major_hazard_installations_id_fk" FOREIGN KEY ("installation_id") REFERENCES "public"."major_hazard_installations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "major_hazard_installations" ADD CONSTRAINT "major_hazard_installations_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "major_hazard_installations" ADD CONSTRAINT "major_hazard_installations_street_id_orgs_id_fk" FOREIGN KEY ("street_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "major_hazard_installations" ADD CONSTRAINT "major_hazard_installations_community_id_orgs_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "major_hazard_installations" ADD CONSTRAINT "major_hazard_installations_grid_id_orgs_id_fk" FOREIGN KEY ("grid_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "major_hazard_inventory" ADD CONSTRAINT "major_hazard_inventory_installation_id_major_hazard_installations_id_fk" FOREIGN KEY ("installation_id") REFERENCES "public"."major_hazard_installations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "boundaries" ADD CONSTRAINT "boundaries_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_assessments" ADD CONSTRAINT "risk_assessments_source_id_risk_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."risk_sources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_assessments" ADD CONSTRAINT "risk_assessments_assessed_by_users_id_fk" FOREIGN KEY ("assessed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_control_measures" ADD CONSTRAINT "risk_control_measures_source_id_risk_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."risk_sources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_level_raisers" ADD CONSTRAINT "risk_level_raisers_source_id_risk_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."risk_sources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_settings" ADD CONSTRAINT "risk_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_sources" ADD CONSTRAINT "risk_sources_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_sources" ADD CONSTRAINT "risk_sources_street_id_orgs_id_fk" FOREIGN KEY ("street_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_sources" ADD CONSTRAINT "risk_sources_community_id_orgs_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_sources" ADD CONSTRAINT "risk_sources_grid_id_orgs_id_fk" FOREIGN KEY ("grid_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_sources" ADD CONSTRAINT "risk_sources_location_confirmed_by_users_id_fk" FOREIGN KEY ("location_confirmed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_sources" ADD CONSTRAINT "risk_sources_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_white_papers" ADD CONSTRAINT "risk_white_papers_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_white_papers" ADD CONSTRAINT "risk_white_papers_generated_by_users_id_fk" FOREIGN KEY ("generated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "major_hazard_grade_changes_installation_idx" ON "major_hazard_grade_changes" USING btree ("installation_id","id");--> statement-breakpoint
CREATE INDEX "major_hazard_installations_org_idx" ON "major_hazard_installations" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "major_hazard_installations_street_idx" ON "major_hazard_installations" USING btree ("street_id");--> statement-breakpoint
CREATE INDEX "major_hazard_installations_location_idx" ON "major_hazard_installations" USING gist ("location");--> statement-breakpoint
CREATE INDEX "major_hazard_inventory_installation_idx" ON "major_hazard_inventory" USING btree ("installation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "boundaries_org_uq" ON "boundaries" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "boundaries_geom_idx" ON "boundaries" USING gist ("geom");--> statement-breakpoint
CREATE INDEX "boundaries_level_idx" ON "boundaries" USING btree ("level");--> statement-breakpoint
CREATE INDEX "risk_assessments_source_idx" ON "risk_assessments" USING btree ("source_id","assessed_at");--> statement-breakpoint
CREATE INDEX "risk_control_measures_source_idx" ON "risk_control_measures" USING btree ("source_id");--> statement-breakpoint
CREATE UNIQUE INDEX "risk_level_raisers_open_uq" ON "risk_level_raisers" USING btree ("source_id","origin_kind","origin_id") WHERE closed_at is null;--> statement-breakpoint
CREATE INDEX "risk_level_raisers_origin_idx" ON "risk_level_raisers" USING btree ("origin_kind","origin_id");--> statement-breakpoint
CREATE INDEX "risk_sources_geom_idx" ON "risk_sources" USING gist ("geom");--> statement-breakpoint
CREATE INDEX "risk_sources_org_idx" ON "risk_sources" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "risk_sources_street_idx" ON "risk_sources" USING btree ("street_id");--> statement-breakpoint
CREATE INDEX "risk_sources_community_idx" ON "risk_sources" USING btree ("community_id");--> statement-breakpoint
CREATE INDEX "risk_sources_grid_idx" ON "risk_sources" USING btree ("grid_id");--> statement-breakpoint
CREATE INDEX "risk_sources_level_idx" ON "risk_sources" USING btree ("level");--> statement-breakpoint
CREATE INDEX "risk_sources_category_idx" ON "risk_sources" USING btree ("category");--> statement-breakpoint
CREATE UNIQUE INDEX "risk_white_papers_edition_uq" ON "risk_white_papers" USING btree ("org_id","year","sequence");