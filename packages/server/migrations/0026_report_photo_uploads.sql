CREATE TABLE "report_photo_uploads" (
	"file_id" uuid PRIMARY KEY NOT NULL,
	"exif_lng" double precision NOT NULL,
	"exif_lat" double precision NOT NULL
);
--> statement-breakpoint
ALTER TABLE "report_photo_uploads" ADD CONSTRAINT "report_photo_uploads_file_id_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."files"("id") ON DELETE cascade ON UPDATE no action;