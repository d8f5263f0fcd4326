-- Reverts 20261126000000_auth.
ALTER TABLE "accounts" DROP CONSTRAINT "accounts_user_id_fkey";
ALTER TABLE "sessions" DROP CONSTRAINT "sessions_user_id_fkey";
DROP TABLE "verifications";
DROP TABLE "accounts";
DROP TABLE "sessions";
ALTER TABLE "users" DROP COLUMN "image",
DROP COLUMN "email_verified",
ADD COLUMN     "password_hash" TEXT;
