-- CreateTable
CREATE TABLE "acl_user" (
    "name" TEXT NOT NULL,
    "password_hash" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "acl_user_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "acl_api_key" (
    "id" TEXT NOT NULL,
    "owner" TEXT NOT NULL,
    "description" TEXT,
    "secret_hash" TEXT NOT NULL,
    "previous_secret_hash" TEXT,
    "previous_expires_at" TIMESTAMP(3),
    "expires_at" TIMESTAMP(3),
    "last_used_at" TIMESTAMP(3),
    "rotated_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "acl_api_key_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "acl_role_binding" (
    "id" TEXT NOT NULL,
    "principal" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "resource_type" TEXT NOT NULL,
    "resource_name" TEXT NOT NULL,
    "pattern_type" TEXT NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "acl_role_binding_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "acl_revision" (
    "id" INTEGER NOT NULL,
    "value" INTEGER NOT NULL,

    CONSTRAINT "acl_revision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "acl_audit" (
    "seq" INTEGER NOT NULL,
    "time" TEXT NOT NULL,
    "principal" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "resource" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "status" INTEGER NOT NULL,
    "request_id" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "details" TEXT NOT NULL,
    "prev_hash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "acl_audit_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "acl_audit_head" (
    "id" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "acl_audit_head_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "acl_api_key_owner_idx" ON "acl_api_key"("owner");

-- CreateIndex
CREATE INDEX "acl_role_binding_principal_idx" ON "acl_role_binding"("principal");

-- CreateIndex
CREATE UNIQUE INDEX "acl_role_binding_principal_role_resource_type_resource_name_key" ON "acl_role_binding"("principal", "role", "resource_type", "resource_name", "pattern_type");

-- CreateIndex
CREATE INDEX "acl_audit_time_idx" ON "acl_audit"("time");

-- CreateIndex
CREATE INDEX "acl_audit_principal_idx" ON "acl_audit"("principal");

-- CreateIndex
CREATE INDEX "acl_audit_action_idx" ON "acl_audit"("action");

