CREATE TABLE "campaign_flag_reviews" (
	"campaign_id" uuid NOT NULL,
	"flag_key" text NOT NULL,
	"note" text,
	"confirmed_by" text NOT NULL,
	"confirmed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "campaign_flag_reviews" ADD CONSTRAINT "campaign_flag_reviews_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "campaign_flag_reviews_uq" ON "campaign_flag_reviews" USING btree ("campaign_id","flag_key");