ALTER TABLE "orgs" ALTER COLUMN "location" SET DATA TYPE geometry(point, 4326);--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_status_check" CHECK ("status" in ('active', 'locked', 'disabled'));--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_status_check" CHECK ("status" in ('pending', 'running', 'done', 'failed'));--> statement-breakpoint
ALTER TABLE "campaign_assignments" ADD CONSTRAINT "campaign_assignments_status_check" CHECK ("status" in ('not_started', 'in_progress', 'submitted', 'returned', 'accepted'));--> statement-breakpoint
ALTER TABLE "campaign_extensions" ADD CONSTRAINT "campaign_extensions_status_check" CHECK ("status" in ('requested', 'approved', 'refused'));--> statement-breakpoint
ALTER TABLE "campaign_supervisions" ADD CONSTRAINT "campaign_supervisions_status_check" CHECK ("status" in ('issued', 'answered', 'closed'));--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_status_check" CHECK ("status" in ('active', 'closed'));--> statement-breakpoint
ALTER TABLE "scoring_findings" ADD CONSTRAINT "scoring_findings_status_check" CHECK ("status" in ('open', 'closed'));