-- CreateEnum
CREATE TYPE "ReminderSetStatus" AS ENUM ('active', 'paused', 'archived');

-- CreateEnum
CREATE TYPE "ReminderTargetSource" AS ENUM ('field', 'start');

-- CreateEnum
CREATE TYPE "ReminderRunStatus" AS ENUM ('scheduled', 'completed', 'cancelled');

-- CreateTable
CREATE TABLE "ReminderSet" (
    "id" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "status" "ReminderSetStatus" NOT NULL DEFAULT 'active',
    "targetSource" "ReminderTargetSource" NOT NULL,
    "targetFieldId" TEXT,
    "steps" JSONB NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReminderSet_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReminderRun" (
    "id" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "setId" TEXT NOT NULL,
    "friendId" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "temporalRunId" TEXT,
    "status" "ReminderRunStatus" NOT NULL DEFAULT 'scheduled',
    "target" TIMESTAMP(3),
    "nextFireAt" TIMESTAMP(3),
    "sentSteps" JSONB NOT NULL DEFAULT '[]',
    "skippedSteps" JSONB NOT NULL DEFAULT '[]',
    "origin" TEXT NOT NULL,
    "endReason" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "endedAt" TIMESTAMP(3),

    CONSTRAINT "ReminderRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ReminderSet_channelId_status_idx" ON "ReminderSet"("channelId", "status");

-- CreateIndex
CREATE INDEX "ReminderSet_targetFieldId_idx" ON "ReminderSet"("targetFieldId");

-- CreateIndex
CREATE INDEX "ReminderRun_setId_startedAt_idx" ON "ReminderRun"("setId", "startedAt");

-- CreateIndex
CREATE INDEX "ReminderRun_friendId_startedAt_idx" ON "ReminderRun"("friendId", "startedAt");

-- CreateIndex
CREATE INDEX "ReminderRun_workflowId_idx" ON "ReminderRun"("workflowId");

-- AddForeignKey
ALTER TABLE "ReminderSet" ADD CONSTRAINT "ReminderSet_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "Channel"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReminderSet" ADD CONSTRAINT "ReminderSet_targetFieldId_fkey" FOREIGN KEY ("targetFieldId") REFERENCES "FriendField"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReminderRun" ADD CONSTRAINT "ReminderRun_setId_fkey" FOREIGN KEY ("setId") REFERENCES "ReminderSet"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReminderRun" ADD CONSTRAINT "ReminderRun_friendId_fkey" FOREIGN KEY ("friendId") REFERENCES "Friend"("id") ON DELETE CASCADE ON UPDATE CASCADE;
