-- The hazard map layer (GET /api/hazards/map.geojson): the newest located hazards of a status or a level, read in
-- found order from an index of that status or level rather than filtered out of every hazard by the found index
-- (at a million hazards a level of one in fifty, or the few listed of a year, meant reading most of the table).
CREATE INDEX hazards_map_status_idx ON hazards (status, found_at) WHERE geom IS NOT NULL;
--> statement-breakpoint
CREATE INDEX hazards_map_level_idx ON hazards (level, found_at) WHERE geom IS NOT NULL;
