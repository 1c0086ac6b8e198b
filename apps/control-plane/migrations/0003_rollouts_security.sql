CREATE TABLE "api_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"secret_hash" text NOT NULL,
	"role" text NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"expires_at" timestamp with time zone,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_key_id" uuid,
	"actor_name" text,
	"role" text,
	"action" text NOT NULL,
	"input_summary" jsonb,
	"outcome" text NOT NULL,
	"error_code" text
);
--> statement-breakpoint
CREATE TABLE "device_credentials" (
	"device_id" text PRIMARY KEY NOT NULL,
	"username" text NOT NULL,
	"token_id" uuid,
	"enrolled_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "device_credentials_username_unique" UNIQUE("username")
);
--> statement-breakpoint
CREATE TABLE "device_desired" (
	"device_id" text PRIMARY KEY NOT NULL,
	"rev" bigint NOT NULL,
	"document" jsonb NOT NULL,
	"published_rev" bigint,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "device_reported" (
	"device_id" text PRIMARY KEY NOT NULL,
	"applied_rev" bigint NOT NULL,
	"target_rev" bigint,
	"phase" text NOT NULL,
	"power_mode" text,
	"power_mode_id" integer,
	"active_model_version_id" text,
	"active_engine_sha256" text,
	"previous_model_version_id" text,
	"verification" jsonb,
	"error" jsonb,
	"reported_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "enrollment_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"secret_hash" text NOT NULL,
	"scope" jsonb NOT NULL,
	"max_uses" integer NOT NULL,
	"uses" integer DEFAULT 0 NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "enrollment_tokens_secret_hash_unique" UNIQUE("secret_hash")
);
--> statement-breakpoint
CREATE TABLE "gate_evaluations" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"rollout_id" uuid NOT NULL,
	"stage_idx" integer NOT NULL,
	"outcome" text NOT NULL,
	"report" jsonb NOT NULL,
	"evaluated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "power_mode_request_devices" (
	"request_id" uuid NOT NULL,
	"device_id" text NOT NULL,
	"mode_id" integer,
	"state" text NOT NULL,
	"desired_rev" bigint,
	"reason" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "power_mode_request_devices_request_id_device_id_pk" PRIMARY KEY("request_id","device_id")
);
--> statement-breakpoint
CREATE TABLE "power_mode_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"mode" text NOT NULL,
	"allow_reboot" boolean NOT NULL,
	"selector" jsonb NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rollout_devices" (
	"rollout_id" uuid NOT NULL,
	"device_id" text NOT NULL,
	"stage_idx" integer NOT NULL,
	"compat_key" text NOT NULL,
	"state" text NOT NULL,
	"desired_rev" bigint,
	"rollback_rev" bigint,
	"previous_model" jsonb,
	"previous_power_mode" jsonb,
	"reason" text,
	"verification" jsonb,
	"history" jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rollout_devices_rollout_id_device_id_pk" PRIMARY KEY("rollout_id","device_id")
);
--> statement-breakpoint
CREATE TABLE "rollout_stages" (
	"rollout_id" uuid NOT NULL,
	"idx" integer NOT NULL,
	"state" text NOT NULL,
	"planned_count" integer,
	"started_at" timestamp with time zone,
	"deployed_at" timestamp with time zone,
	"bake_until" timestamp with time zone,
	"deadline_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"approved_by" text,
	CONSTRAINT "rollout_stages_rollout_id_idx_pk" PRIMARY KEY("rollout_id","idx")
);
--> statement-breakpoint
CREATE TABLE "rollouts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"model_version_id" uuid NOT NULL,
	"recipe" jsonb NOT NULL,
	"recipe_hash" text NOT NULL,
	"power_mode" text,
	"allow_reboot" boolean DEFAULT false NOT NULL,
	"selector" jsonb NOT NULL,
	"stages" jsonb NOT NULL,
	"gates" jsonb NOT NULL,
	"auto_promote" boolean NOT NULL,
	"max_concurrent" integer NOT NULL,
	"state" text NOT NULL,
	"current_stage" integer DEFAULT 0 NOT NULL,
	"reason" text,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "signing_keys" (
	"kid" text PRIMARY KEY NOT NULL,
	"public_key_pem" text NOT NULL,
	"private_key_pem" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "device_credentials" ADD CONSTRAINT "device_credentials_token_id_enrollment_tokens_id_fk" FOREIGN KEY ("token_id") REFERENCES "public"."enrollment_tokens"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gate_evaluations" ADD CONSTRAINT "gate_evaluations_rollout_id_rollouts_id_fk" FOREIGN KEY ("rollout_id") REFERENCES "public"."rollouts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "power_mode_request_devices" ADD CONSTRAINT "power_mode_request_devices_request_id_power_mode_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."power_mode_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rollout_devices" ADD CONSTRAINT "rollout_devices_rollout_id_rollouts_id_fk" FOREIGN KEY ("rollout_id") REFERENCES "public"."rollouts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rollout_stages" ADD CONSTRAINT "rollout_stages_rollout_id_rollouts_id_fk" FOREIGN KEY ("rollout_id") REFERENCES "public"."rollouts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rollouts" ADD CONSTRAINT "rollouts_model_version_id_model_versions_id_fk" FOREIGN KEY ("model_version_id") REFERENCES "public"."model_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "api_keys_prefix_uq" ON "api_keys" USING btree ("prefix");--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "audit_log_action_idx" ON "audit_log" USING btree ("action");--> statement-breakpoint
CREATE INDEX "gate_evaluations_rollout_idx" ON "gate_evaluations" USING btree ("rollout_id","stage_idx");--> statement-breakpoint
CREATE UNIQUE INDEX "rollout_devices_one_active_uq" ON "rollout_devices" USING btree ("device_id") WHERE active;--> statement-breakpoint
CREATE INDEX "rollout_devices_stage_idx" ON "rollout_devices" USING btree ("rollout_id","stage_idx");--> statement-breakpoint
CREATE INDEX "rollouts_state_idx" ON "rollouts" USING btree ("state");