-- CreateTable
CREATE TABLE "kafka_cluster" (
    "name" TEXT NOT NULL,
    "bootstrap_servers" TEXT NOT NULL,
    "tls" TEXT,
    "sasl_mechanism" TEXT,
    "sasl_username" TEXT,
    "sasl_password" TEXT,
    "options" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "kafka_cluster_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "kafka_scan" (
    "id" SERIAL NOT NULL,
    "cluster" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "started_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMP(3),
    "error" TEXT,
    "summary" TEXT,
    "snapshot" TEXT,

    CONSTRAINT "kafka_scan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "kafka_finding" (
    "id" SERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "cluster" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "team" TEXT,
    "message" TEXT NOT NULL,
    "evidence" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "first_seen_at" TIMESTAMP(3) NOT NULL,
    "opened_at" TIMESTAMP(3) NOT NULL,
    "last_seen_at" TIMESTAMP(3) NOT NULL,
    "resolved_at" TIMESTAMP(3),
    "last_scan_id" INTEGER NOT NULL,

    CONSTRAINT "kafka_finding_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "kafka_finding_event" (
    "id" SERIAL NOT NULL,
    "finding_id" INTEGER NOT NULL,
    "scan_id" INTEGER NOT NULL,
    "action" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "evidence" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "kafka_finding_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "kafka_progress" (
    "key" TEXT NOT NULL,
    "position" INTEGER,
    "claimed_at" TIMESTAMP(3),
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "kafka_progress_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "kafka_scan_cluster_id_idx" ON "kafka_scan"("cluster", "id");

-- CreateIndex
CREATE UNIQUE INDEX "kafka_finding_key_key" ON "kafka_finding"("key");

-- CreateIndex
CREATE INDEX "kafka_finding_cluster_status_idx" ON "kafka_finding"("cluster", "status");

-- CreateIndex
CREATE INDEX "kafka_finding_topic_idx" ON "kafka_finding"("topic");

-- CreateIndex
CREATE INDEX "kafka_finding_event_finding_id_id_idx" ON "kafka_finding_event"("finding_id", "id");

