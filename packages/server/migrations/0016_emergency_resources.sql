CREATE TABLE "emergency_dispatches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"incident_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"resource_id" uuid NOT NULL,
	"resource_name" text NOT NULL,
	"quantity" numeric(14, 2),
	"note" text,
	"dispatched_at" timestamp with time zone NOT NULL,
	"dispatched_by" uuid,
	"dispatched_by_name" text NOT NULL,
	"returned_at" timestamp with time zone,
	"returned_quantity" numeric(14, 2),
	CONSTRAINT "emergency_dispatches_kind_check" CHECK (kind in ('team', 'expert', 'supply', 'vehicle')),
	CONSTRAINT "emergency_dispatches_quantity_check" CHECK ("emergency_dispatches"."quantity" is null or "emergency_dispatches"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "emergency_experts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"name" text NOT NULL,
	"specialities" text[] DEFAULT '{}'::text[] NOT NULL,
	"employer" text,
	"title" text,
	"phone" text,
	"geom" geometry(point, 4326),
	"available" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "emergency_fire_stations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"name" text NOT NULL,
	"address" text,
	"phone" text,
	"personnel" integer DEFAULT 0 NOT NULL,
	"geom" geometry(point, 4326) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "emergency_shelters" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"name" text NOT NULL,
	"type" text NOT NULL,
	"effective_area_m2" double precision NOT NULL,
	"facilities" text[] DEFAULT '{}'::text[] NOT NULL,
	"served_area_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"address" text,
	"manager" text,
	"phone" text,
	"geom" geometry(point, 4326) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "emergency_shelters_type_check" CHECK (type in ('emergency', 'fixed_short', 'fixed_medium', 'fixed_long', 'central')),
	CONSTRAINT "emergency_shelters_area_check" CHECK ("emergency_shelters"."effective_area_m2" >= 0)
);
--> statement-breakpoint
CREATE TABLE "emergency_stores" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"name" text NOT NULL,
	"address" text,
	"keeper" text,
	"phone" text,
	"geom" geometry(point, 4326) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "emergency_supplies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"store_id" uuid NOT NULL,
	"name" text NOT NULL,
	"category" text,
	"specification" text,
	"unit" text NOT NULL,
	"quantity" numeric(14, 2) DEFAULT 0 NOT NULL,
	"min_quantity" numeric(14, 2) DEFAULT 0 NOT NULL,
	"expires_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "emergency_supplies_quantity_check" CHECK ("emergency_supplies"."quantity" >= 0),
	CONSTRAINT "emergency_supplies_min_quantity_check" CHECK ("emergency_supplies"."min_quantity" >= 0)
);
--> statement-breakpoint
CREATE TABLE "emergency_supply_movements" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"supply_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"quantity" numeric(14, 2) NOT NULL,
	"quantity_after" numeric(14, 2) NOT NULL,
	"receipt_no" text NOT NULL,
	"counterparty" text,
	"dispatch_id" uuid,
	"note" text,
	"by_user_id" uuid,
	"by_name" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "emergency_supply_movements_kind_check" CHECK (kind in ('in', 'out', 'lend', 'return', 'dispatch')),
	CONSTRAINT "emergency_supply_movements_quantity_check" CHECK ("emergency_supply_movements"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "emergency_teams" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"speciality" text,
	"members" integer DEFAULT 0 NOT NULL,
	"leader" text,
	"phone" text,
	"address" text,
	"geom" geometry(point, 4326) NOT NULL,
	"status" text DEFAULT 'available' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "emergency_teams_kind_check" CHECK (kind in ('professional', 'enterprise', 'social', 'volunteer')),
	CONSTRAINT "emergency_teams_status_check" CHECK ("status" in ('available', 'dispatched', 'off')),
	CONSTRAINT "emergency_teams_members_check" CHECK ("emergency_teams"."members" >= 0)
);
--> statement-breakpoint
CREATE TABLE "emergency_vehicles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"station_id" uuid NOT NULL,
	"plate" text NOT NULL,
	"model" text NOT NULL,
	"status" text DEFAULT 'available' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "emergency_vehicles_status_check" CHECK ("status" in ('available', 'dispatched', 'off'))
);
--> statement-breakpoint
ALTER TABLE "emergency_dispatches" ADD CONSTRAINT "emergency_dispatches_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_experts" ADD CONSTRAINT "emergency_experts_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_fire_stations" ADD CONSTRAINT "emergency_fire_stations_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_shelters" ADD CONSTRAINT "emergency_shelters_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_stores" ADD CONSTRAINT "emergency_stores_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_supplies" ADD CONSTRAINT "emergency_supplies_store_id_emergency_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."emergency_stores"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_supply_movements" ADD CONSTRAINT "emergency_supply_movements_supply_id_emergency_supplies_id_fk" FOREIGN KEY ("supply_id") REFERENCES "public"."emergency_supplies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_teams" ADD CONSTRAINT "emergency_teams_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_vehicles" ADD CONSTRAINT "emergency_vehicles_station_id_emergency_fire_stations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."emergency_fire_stations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "emergency_dispatches_incident_idx" ON "emergency_dispatches" USING btree ("incident_id","dispatched_at");--> statement-breakpoint
CREATE INDEX "emergency_dispatches_resource_idx" ON "emergency_dispatches" USING btree ("resource_id");--> statement-breakpoint
CREATE INDEX "emergency_experts_org_idx" ON "emergency_experts" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "emergency_experts_geom_idx" ON "emergency_experts" USING gist ("geom");--> statement-breakpoint
CREATE INDEX "emergency_experts_geog_idx" ON "emergency_experts" USING gist (("geom"::geography));--> statement-breakpoint
CREATE INDEX "emergency_fire_stations_org_idx" ON "emergency_fire_stations" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "emergency_fire_stations_geom_idx" ON "emergency_fire_stations" USING gist ("geom");--> statement-breakpoint
CREATE INDEX "emergency_fire_stations_geog_idx" ON "emergency_fire_stations" USING gist (("geom"::geography));--> statement-breakpoint
CREATE INDEX "emergency_shelters_org_idx" ON "emergency_shelters" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "emergency_shelters_geom_idx" ON "emergency_shelters" USING gist ("geom");--> statement-breakpoint
CREATE INDEX "emergency_shelters_geog_idx" ON "emergency_shelters" USING gist (("geom"::geography));--> statement-breakpoint
CREATE INDEX "emergency_shelters_served_idx" ON "emergency_shelters" USING gin ("served_area_ids");--> statement-breakpoint
CREATE INDEX "emergency_stores_org_idx" ON "emergency_stores" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "emergency_stores_geom_idx" ON "emergency_stores" USING gist ("geom");--> statement-breakpoint
CREATE INDEX "emergency_stores_geog_idx" ON "emergency_stores" USING gist (("geom"::geography));--> statement-breakpoint
CREATE INDEX "emergency_supplies_store_idx" ON "emergency_supplies" USING btree ("store_id");--> statement-breakpoint
CREATE UNIQUE INDEX "emergency_supply_movements_receipt_idx" ON "emergency_supply_movements" USING btree ("receipt_no");--> statement-breakpoint
CREATE INDEX "emergency_supply_movements_supply_idx" ON "emergency_supply_movements" USING btree ("supply_id","id");--> statement-breakpoint
CREATE INDEX "emergency_teams_org_idx" ON "emergency_teams" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "emergency_teams_geom_idx" ON "emergency_teams" USING gist ("geom");--> statement-breakpoint
CREATE INDEX "emergency_teams_geog_idx" ON "emergency_teams" USING gist (("geom"::geography));--> statement-breakpoint
CREATE INDEX "emergency_vehicles_station_idx" ON "emergency_vehicles" USING btree ("station_id");