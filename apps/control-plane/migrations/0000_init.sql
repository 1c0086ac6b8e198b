CREATE TABLE "devices" (
	"id" text PRIMARY KEY NOT NULL,
	"module" text NOT NULL,
	"hardware" jsonb NOT NULL,
	"agent_version" text NOT NULL,
	"protocol_version" integer NOT NULL,
	"online" boolean DEFAULT false NOT NULL,
	"session_id" text,
	"heartbeat_sec" real NOT NULL,
	"offline_reason" text,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"last_telemetry" jsonb,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status_changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "devices_online_idx" ON "devices" USING btree ("online");--> statement-breakpoint
CREATE INDEX "devices_module_idx" ON "devices" USING btree ("module");--> statement-breakpoint
CREATE INDEX "devices_tags_idx" ON "devices" USING gin ("tags");