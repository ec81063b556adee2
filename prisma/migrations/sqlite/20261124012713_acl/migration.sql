-- CreateTable
CREATE TABLE "acl_user" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "password_hash" TEXT,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "acl_api_key" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "owner" TEXT NOT NULL,
    "description" TEXT,
    "secret_hash" TEXT NOT NULL,
    "previous_secret_hash" TEXT,
    "previous_expires_at" DATETIME,
    "expires_at" DATETIME,
    "last_used_at" DATETIME,
    "rotated_at" DATETIME,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "acl_role_binding" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "principal" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "resource_type" TEXT NOT NULL,
    "resource_name" TEXT NOT NULL,
    "pattern_type" TEXT NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "acl_revision" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "value" INTEGER NOT NULL
);

-- CreateTable
CREATE TABLE "acl_audit" (
    "seq" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
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
    "hash" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "acl_audit_head" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "seq" INTEGER NOT NULL,
    "hash" TEXT NOT NULL
);

-- CreateIndex
CREATE INDEX "acl_api_key_owner_idx" ON "acl_api_key"("owner");

-- CreateIndex
CREATE INDEX "acl_role_binding_principal_idx" ON "acl_role_binding"("principal");

-- CreateIndex
CREATE UNIQUE INDEX "acl_role_binding_principal_role_resource_type_resource_name_pattern_type_key" ON "acl_role_binding"("principal", "role", "resource_type", "resource_name", "pattern_type");

-- CreateIndex
CREATE INDEX "acl_audit_time_idx" ON "acl_audit"("time");

-- CreateIndex
CREATE INDEX "acl_audit_principal_idx" ON "acl_audit"("principal");

-- CreateIndex
CREATE INDEX "acl_audit_action_idx" ON "acl_audit"("action");

