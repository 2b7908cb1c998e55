/** The token id of ephemeral session tokens: not revocable one by one, only by `revokeAllTokens`. */
export const ephemeralTokenId = 255;

/** Persistent API keys use token ids 0 to this (254); each is revocable through `revokedBitmap`. */
export const maxPersistentTokenId = 254;

/** An ephemeral token must expire at most this many milliseconds (24 h) after its timestamp. */
export const ephemeralTokenMaxDuration = 24 * 60 * 60 * 1000;

/** 0G's SDK re-mints a cached ephemeral token when less than this (1 h, in ms) remains. */
export const ephemeralTokenRefreshMargin = 60 * 60 * 1000;

/** Prefix of an encoded session token (an "API key"): `app-sk-<base64(JSON|signature)>`. */
export const apiKeyPrefix = "app-sk-";

/** What 0G's provider requires the `Authorization` header to start with. */
export const authorizationPrefix = `Bearer ${apiKeyPrefix}`;
