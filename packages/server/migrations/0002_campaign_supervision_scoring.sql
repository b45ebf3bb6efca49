CREATE TABLE "campaign_supervisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"task_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"number" integer NOT NULL,
	"content" text NOT NULL,
	"response_due" date NOT NULL,
	"status" text DEFAULT 'issued' NOT NULL,
	"response" text,
	"response_file_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"issued_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"answered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "scoring_findings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"source" text NOT NULL,
	"description" text NOT NULL,
	"count" integer DEFAULT 1 NOT NULL,
	"points_centi" integer,
	"status" text DEFAULT 'open' NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "scoring_item_tasks" (
	"item_id" uuid NOT NULL,
	"task_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "scoring_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"parent_id" uuid,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"kind" text DEFAULT 'item' NOT NULL,
	"full_score_centi" integer DEFAULT 0 NOT NULL,
	"deduction_per_finding_centi" integer,
	"cap_centi" integer,
	"confidence" text DEFAULT 'U' NOT NULL,
	"source" text,
	"sort_order" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "campaign_supervisions" ADD CONSTRAINT "campaign_supervisions_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_supervisions" ADD CONSTRAINT "campaign_supervisions_task_id_campaign_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."campaign_tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_supervisions" ADD CONSTRAINT "campaign_supervisions_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scoring_findings" ADD CONSTRAINT "scoring_findings_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scoring_findings" ADD CONSTRAINT "scoring_findings_item_id_scoring_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."scoring_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scoring_item_tasks" ADD CONSTRAINT "scoring_item_tasks_item_id_scoring_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."scoring_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scoring_item_tasks" ADD CONSTRAINT "scoring_item_tasks_task_id_campaign_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."campaign_tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scoring_items" ADD CONSTRAINT "scoring_items_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "campaign_supervisions_no_uq" ON "campaign_supervisions" USING btree ("campaign_id","year","number");--> statement-breakpoint
CREATE INDEX "campaign_supervisions_org_idx" ON "campaign_supervisions" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "scoring_findings_item_idx" ON "scoring_findings" USING btree ("item_id");--> statement-breakpoint
CREATE UNIQUE INDEX "scoring_item_tasks_uq" ON "scoring_item_tasks" USING btree ("item_id","task_id");--> statement-breakpoint
CREATE UNIQUE INDEX "scoring_items_code_uq" ON "scoring_items" USING btree ("campaign_id","code");