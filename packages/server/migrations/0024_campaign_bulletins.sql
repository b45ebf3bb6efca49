CREATE TABLE "campaign_bulletins" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"office_org_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"number" integer NOT NULL,
	"period_kind" text NOT NULL,
	"period_from" date NOT NULL,
	"period_to" date NOT NULL,
	"issued_by" text NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	CONSTRAINT "campaign_bulletins_period_ck" CHECK ("campaign_bulletins"."period_kind" in ('month', 'quarter', 'custom') and "campaign_bulletins"."period_from" <= "campaign_bulletins"."period_to")
);
--> statement-breakpoint
ALTER TABLE "campaign_bulletins" ADD CONSTRAINT "campaign_bulletins_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_bulletins" ADD CONSTRAINT "campaign_bulletins_office_org_id_orgs_id_fk" FOREIGN KEY ("office_org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "campaign_bulletins_no_uq" ON "campaign_bulletins" USING btree ("office_org_id","year","number");--> statement-breakpoint
CREATE INDEX "campaign_bulletins_campaign_idx" ON "campaign_bulletins" USING btree ("campaign_id");