-- API tokens expire (issue 12 finding 3). A token made before this
-- migration has no expiry written; auth counts it as expiring
-- auth.DefaultTokenLifetime after it was created.
ALTER TABLE api_tokens ADD COLUMN expires_at TIMESTAMP;
CREATE INDEX api_tokens_user ON api_tokens (user_id);
