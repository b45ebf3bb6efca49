CREATE TABLE "grid_case_escalations" (
	"case_id" uuid NOT NULL,
	"deadline" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	CONSTRAINT "grid_case_escalations_case_id_deadline_pk" PRIMARY KEY("case_id","deadline")
);
--> statement-breakpoint
ALTER TABLE "grid_case_escalations" ADD CONSTRAINT "grid_case_escalations_case_id_grid_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."grid_cases"("id") ON DELETE cascade ON UPDATE no action;